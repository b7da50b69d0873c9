package org.rucio.ivoa.tap.upload;

import java.util.List;
import java.util.Locale;
import org.rucio.ivoa.adql.meta.UploadTable;
import uk.ac.starlink.table.StarTable;

/**
 * A table sent with a query, read and typed but not yet in the database: {@link UploadLoader} copies its rows
 * into a temporary table of that query's transaction. {@code rows} is known when the table was read (STIL
 * keeps a small upload in memory), else -1.
 */
public record UploadedTable(String name, List<UploadColumn> columns, StarTable table, long rows) {

    /** Every upload lives in the session's own temporary schema, visible to no other connection. */
    public static final String DB_SCHEMA = "pg_temp";

    public UploadedTable {
        columns = List.copyOf(columns);
    }

    /** The temporary table's name: the upload name is a checked identifier, lower-cased. */
    public String dbName() {
        return "tap_upload_" + name.toLowerCase(Locale.ROOT);
    }

    /** The table as the ADQL compiler sees it, {@code TAP_UPLOAD.name}. */
    public UploadTable meta() {
        return new UploadTable(name, columns.stream().map(UploadColumn::meta).toList(), DB_SCHEMA, dbName());
    }
}
