package org.rucio.ivoa.tap.write;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.rucio.ivoa.adql.check.OutputColumn;

/**
 * Writes one column's value in VOTable BINARY2 form (big-endian; the row's null flags are written by the
 * caller). A null still takes its place: zero-length for variable arrays, NaN or zero for fixed ones.
 */
abstract class Binary2Encoder {

    abstract void write(DataOutputStream out, Object value) throws IOException;

    /** -1 for a variable-length array ({@code *}, {@code n*}), else the fixed element count (1 for a scalar). */
    static int fixedCount(String arraysize) {
        if (arraysize == null || arraysize.isBlank()) return 1;
        if (arraysize.contains("*")) return -1;
        int n = 1;
        for (String part : arraysize.split("x")) n *= Integer.parseInt(part.strip());
        return n;
    }

    static Binary2Encoder of(OutputColumn c) {
        String type = c.datatype().toLowerCase(Locale.ROOT);
        int count = fixedCount(c.arraysize());
        return switch (type) {
            case "char" -> new Chars(count, false);
            case "unicodechar" -> new Chars(count, true);
            case "boolean" -> new Scalar(count, (out, v) -> out.writeByte(v == null ? '?' : ((Boolean) v) ? 'T' : 'F'));
            case "unsignedbyte" -> new Scalar(count, (out, v) -> out.writeByte(v == null ? 0 : (int) asLong(v)));
            case "short" -> new Scalar(count, (out, v) -> out.writeShort(v == null ? 0 : (int) asLong(v)));
            case "int" -> new Scalar(count, (out, v) -> out.writeInt(v == null ? 0 : (int) asLong(v)));
            case "long" -> new Scalar(count, (out, v) -> out.writeLong(v == null ? 0 : asLong(v)));
            case "float" -> new Scalar(count, (out, v) -> out.writeFloat(v == null ? Float.NaN : (float) asDouble(v)));
            case "double" -> new Scalar(count, (out, v) -> out.writeDouble(v == null ? Double.NaN : asDouble(v)));
            default -> throw new IllegalArgumentException("no BINARY2 encoding for datatype " + c.datatype());
        };
    }

    private static long asLong(Object v) {
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    private static double asDouble(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    private interface Element {
        void write(DataOutputStream out, Object v) throws IOException;
    }

    /** Numbers and booleans: a scalar, a fixed array (padded with nulls) or a counted variable array. */
    private static final class Scalar extends Binary2Encoder {
        private final int count;
        private final Element element;

        Scalar(int count, Element element) {
            this.count = count;
            this.element = element;
        }

        @Override
        void write(DataOutputStream out, Object value) throws IOException {
            if (count == 1 && !(value instanceof double[])) {
                element.write(out, value);
                return;
            }
            double[] a = value == null ? new double[0] : value instanceof double[] d ? d : new double[] {asDouble(value)};
            int n = count < 0 ? a.length : count;
            if (count < 0) out.writeInt(n);
            for (int i = 0; i < n; i++) element.write(out, i < a.length ? (Object) a[i] : null);
        }
    }

    /** char (UTF-8 bytes) and unicodeChar (UTF-16 code units). */
    private static final class Chars extends Binary2Encoder {
        private final int count;
        private final boolean unicode;

        Chars(int count, boolean unicode) {
            this.count = count;
            this.unicode = unicode;
        }

        @Override
        void write(DataOutputStream out, Object value) throws IOException {
            String s = value == null ? "" : Text.of(value, true);
            if (unicode) {
                int n = count < 0 ? s.length() : count;
                if (count < 0) out.writeInt(n);
                for (int i = 0; i < n; i++) out.writeChar(i < s.length() ? s.charAt(i) : 0);
            } else {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                int n = count < 0 ? b.length : count;
                if (count < 0) out.writeInt(n);
                out.write(b, 0, Math.min(n, b.length));
                for (int i = b.length; i < n; i++) out.writeByte(0);
            }
        }
    }
}
