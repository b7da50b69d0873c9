package org.rucio.ivoa.tap;

import java.util.List;
import org.rucio.ivoa.tap.upload.UploadedTable;
import org.rucio.ivoa.adql.CompiledQuery;

/**
 * A query ready to run: the ADQL as sent, the compiled SQL with its typed columns, the result format, the
 * effective MAXREC (the request's, or the default, never above the hard limit) and the tables uploaded with
 * it, read but not yet in the database.
 */
public record TapQuery(String adql, CompiledQuery compiled, ResultFormat format, int maxrec,
                       List<UploadedTable> uploads) {
    public TapQuery {
        uploads = List.copyOf(uploads);
    }
}
