package org.rucio.ivoa.tap.write;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.rucio.ivoa.adql.check.OutputColumn;

/**
 * CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break; an empty string
 * is {@code ""} and a null is nothing) or TSV (LF line ends; backslash, TAB, LF and CR escaped as
 * {@code \\ \t \n \r}; null and empty string are both empty). One header line of column names. Neither
 * format has an overflow marker; an error after streaming began is a last line starting {@code ERROR:}.
 */
final class DelimitedWriter implements ResultWriter {
    private final Utf8Writer out;
    private final char sep;
    private final String eol;

    DelimitedWriter(OutputStream out, char sep) {
        this.out = new Utf8Writer(out);
        this.sep = sep;
        this.eol = sep == ',' ? "\r\n" : "\n";
    }

    @Override
    public void begin(List<OutputColumn> columns) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) out.write(sep);
            field(columns.get(i).name());
        }
        out.write(eol);
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.write(sep);
            switch (values[i]) {
                case null -> { }
                case Double d when Double.isFinite(d) -> out.write(d.doubleValue());
                case Long l -> out.write(Long.toString(l));
                default -> field(Text.of(values[i], false));
            }
        }
        out.write(eol);
    }

    private void field(String s) throws IOException {
        if (sep == ',') {
            if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                out.write('"');
                out.write(s.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(s);
            }
        } else {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(c);
                }
            }
        }
    }

    @Override
    public void end(boolean overflow) throws IOException {
        out.flush();
    }

    @Override
    public void fail(String message) throws IOException {
        out.write("ERROR: " + message.replace('\n', ' ').replace('\r', ' ') + eol);
        out.flush();
    }
}
