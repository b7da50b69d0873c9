package org.rucio.ivoa.tap.write;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.tap.ResultFormat;

/**
 * Writes one result table row by row; never holds more than the current row. Values arrive as
 * {@link Boolean}, {@link Long}, {@link Float}, {@link Double}, {@link String} (text, ISO timestamps, STC-S)
 * or {@code double[]} (DALI geometry arrays), or null.
 *
 * <p>Calls: {@link #begin} once, {@link #row} per row, then either {@link #end} or {@link #fail}; both finish
 * the document and flush, neither closes the stream.
 */
public interface ResultWriter {

    void begin(List<OutputColumn> columns) throws IOException;

    /**
     * Begins a result already known to overflow MAXREC. Writers that announce a status up front (VOTable's
     * leading QUERY_STATUS, which some clients read as the only one) say so there.
     */
    default void beginOverflowing(List<OutputColumn> columns) throws IOException {
        begin(columns);
    }

    void row(Object[] values) throws IOException;

    /** Finishes a successful result; {@code overflow} when rows beyond MAXREC were dropped. */
    void end(boolean overflow) throws IOException;

    /** Finishes a result that broke off after streaming began: the rows so far stay, the error follows them. */
    void fail(String message) throws IOException;

    /** The writer for a format; {@code query} is the ADQL text (VOTable writers echo it in an INFO). */
    static ResultWriter create(ResultFormat format, OutputStream out, String query) {
        return switch (format) {
            case VOTABLE_TD -> new VOTableWriter(out, query, false);
            case VOTABLE_BINARY2 -> new VOTableWriter(out, query, true);
            case CSV -> new DelimitedWriter(out, ',');
            case TSV -> new DelimitedWriter(out, '\t');
            case JSON -> new JsonWriter(out);
        };
    }
}
