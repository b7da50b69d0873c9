package org.rucio.ivoa.tap.write;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.rucio.ivoa.adql.check.OutputColumn;

/**
 * A JSON form of the result: {@code {"columns": [{name, datatype, arraysize, unit, ucd, utype, xtype,
 * description}], "data": [[...], ...], "status": "OK"|"OVERFLOW"|"ERROR", "message"?}}. Geometry is a
 * number array, NaN and infinities are null (JSON has no such numbers).
 */
final class JsonWriter implements ResultWriter {
    private final Utf8Writer out;
    private boolean first = true;

    JsonWriter(OutputStream out) {
        this.out = new Utf8Writer(out);
    }

    @Override
    public void begin(List<OutputColumn> columns) throws IOException {
        out.write("{\"columns\":[");
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn c = columns.get(i);
            if (i > 0) out.write(',');
            out.write("\n{");
            member("name", c.name(), true);
            member("datatype", c.datatype(), false);
            member("arraysize", c.arraysize(), false);
            member("unit", c.unit(), false);
            member("ucd", c.ucd(), false);
            member("utype", c.utype(), false);
            member("xtype", c.xtype(), false);
            member("description", c.description(), false);
            out.write('}');
        }
        out.write("],\n\"data\":[");
    }

    private void member(String name, String value, boolean firstMember) throws IOException {
        if (value == null) return;
        if (!firstMember) out.write(',');
        string(name);
        out.write(':');
        string(value);
    }

    private void string(String s) throws IOException {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.write("\\\"");
                case '\\' -> out.write("\\\\");
                case '\n' -> out.write("\\n");
                case '\r' -> out.write("\\r");
                case '\t' -> out.write("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.write(String.format("\\u%04x", (int) c));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    private void number(double d) throws IOException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.write("null");
        } else {
            out.write(d);
        }
    }

    @Override
    public void row(Object[] values) throws IOException {
        out.write(first ? "\n[" : ",\n[");
        first = false;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.write(',');
            Object v = values[i];
            switch (v) {
                case null -> out.write("null");
                case Double d -> number(d);
                case Float f -> out.write(f.isNaN() || f.isInfinite() ? "null" : f.toString());
                case Long l -> out.write(l.toString());
                case Boolean b -> out.write(b.toString());
                case double[] a -> {
                    out.write('[');
                    for (int j = 0; j < a.length; j++) {
                        if (j > 0) out.write(',');
                        number(a[j]);
                    }
                    out.write(']');
                }
                default -> string(v.toString());
            }
        }
        out.write(']');
    }

    @Override
    public void end(boolean overflow) throws IOException {
        out.write("],\n\"status\":\"" + (overflow ? "OVERFLOW" : "OK") + "\"}\n");
        out.flush();
    }

    @Override
    public void fail(String message) throws IOException {
        out.write("],\n\"status\":\"ERROR\",\"message\":");
        string(message);
        out.write("}\n");
        out.flush();
    }
}
