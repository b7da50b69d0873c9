package org.rucio.ivoa.tap.write;

import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.rucio.ivoa.adql.check.OutputColumn;

/**
 * VOTable 1.4 results, TABLEDATA or BINARY2 (base64 STREAM). The results RESOURCE starts with
 * {@code QUERY_STATUS=OK}; an overflow or an error after streaming began is a trailing INFO after the
 * TABLE, so the document stays one valid VOTable.
 */
final class VOTableWriter implements ResultWriter {
    static final String NS = "http://www.ivoa.net/xml/VOTable/v1.3";

    private final OutputStream out;
    private final String query;
    private final boolean binary2;
    private List<OutputColumn> columns;
    private Binary2Encoder[] encoders;
    private OutputStream base64;
    private DataOutputStream data;
    private final StringBuilder sb = new StringBuilder(1024);

    VOTableWriter(OutputStream out, String query, boolean binary2) {
        this.out = new ChunkedOutputStream(out, 1 << 16);
        this.query = query;
        this.binary2 = binary2;
    }

    /** The leading QUERY_STATUS already said OVERFLOW. */
    private boolean overflowAnnounced;

    @Override
    public void beginOverflowing(List<OutputColumn> cols) throws IOException {
        overflowAnnounced = true;
        begin(cols);
    }

    @Override
    public void begin(List<OutputColumn> cols) throws IOException {
        this.columns = cols;
        sb.setLength(0);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<VOTABLE version=\"1.4\" xmlns=\"").append(NS)
                .append("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n")
                .append("<RESOURCE type=\"results\">\n")
                .append("<INFO name=\"QUERY_STATUS\" value=\"").append(overflowAnnounced ? "OVERFLOW" : "OK")
                .append("\"/>\n")
                .append("<INFO name=\"SERVICE_PROTOCOL\" value=\"1.1\">ivo://ivoa.net/std/TAP</INFO>\n");
        if (query != null) {
            sb.append("<INFO name=\"QUERY\" value=\"");
            Text.xml(sb, query, true);
            sb.append("\"/>\n");
        }
        sb.append("<TABLE>\n");
        for (OutputColumn c : cols) field(c);
        if (binary2) {
            sb.append("<DATA><BINARY2>\n<STREAM encoding=\"base64\">\n");
        } else {
            sb.append("<DATA><TABLEDATA>\n");
        }
        text();
        if (binary2) {
            encoders = new Binary2Encoder[cols.size()];
            for (int i = 0; i < encoders.length; i++) encoders[i] = Binary2Encoder.of(cols.get(i));
            base64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).wrap(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    out.flush(); // ends the base64 text, not the document
                }
            });
            data = new DataOutputStream(new ChunkedOutputStream(base64, 1 << 15));
        }
    }

    private void field(OutputColumn c) {
        sb.append("<FIELD name=\"");
        Text.xml(sb, c.name(), true);
        sb.append("\" datatype=\"").append(c.datatype()).append('"');
        attr("arraysize", c.arraysize());
        attr("unit", c.unit());
        attr("ucd", c.ucd());
        attr("utype", c.utype());
        attr("xtype", c.xtype());
        if (c.description() != null && !c.description().isEmpty()) {
            sb.append("><DESCRIPTION>");
            Text.xml(sb, c.description(), false);
            sb.append("</DESCRIPTION></FIELD>\n");
        } else {
            sb.append("/>\n");
        }
    }

    private void attr(String name, String value) {
        if (value == null || value.isEmpty()) return;
        sb.append(' ').append(name).append("=\"");
        Text.xml(sb, value, true);
        sb.append('"');
    }

    private void text() throws IOException {
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
    }

    @Override
    public void row(Object[] values) throws IOException {
        if (binary2) {
            byte[] flags = new byte[(values.length + 7) / 8];
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) flags[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
            data.write(flags);
            for (int i = 0; i < values.length; i++) encoders[i].write(data, values[i]);
            return;
        }
        sb.append("<TR>");
        for (Object v : values) {
            if (v == null) {
                sb.append("<TD/>");
                continue;
            }
            sb.append("<TD>");
            // numbers straight into the buffer (same text as Text.number, without a String per value)
            switch (v) {
                case Double d when Double.isFinite(d) -> sb.append(d.doubleValue());
                case Long l -> sb.append(l.longValue());
                case String str -> Text.xml(sb, str, false);
                default -> Text.xml(sb, Text.of(v, true), false);
            }
            sb.append("</TD>");
        }
        sb.append("</TR>\n");
        if (sb.length() > 8192) text();
    }

    private void closeTable() throws IOException {
        if (binary2) {
            data.flush();
            base64.close();
            sb.append("\n</STREAM>\n</BINARY2></DATA>\n</TABLE>\n");
        } else {
            sb.append("</TABLEDATA></DATA>\n</TABLE>\n");
        }
    }

    @Override
    public void end(boolean overflow) throws IOException {
        closeTable();
        if (overflow && !overflowAnnounced) sb.append("<INFO name=\"QUERY_STATUS\" value=\"OVERFLOW\"/>\n");
        sb.append("</RESOURCE>\n</VOTABLE>\n");
        text();
        out.flush();
    }

    @Override
    public void fail(String message) throws IOException {
        closeTable();
        sb.append("<INFO name=\"QUERY_STATUS\" value=\"ERROR\">");
        Text.xml(sb, message, false);
        sb.append("</INFO>\n</RESOURCE>\n</VOTABLE>\n");
        text();
        out.flush();
    }
}
