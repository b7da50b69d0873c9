package org.rucio.ivoa.server.http;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rucio.ivoa.tap.write.Text;

/** A test-side BINARY2 reader for the datatypes the tests use, giving the TABLEDATA text of each value. */
final class Binary2Read {
    private Binary2Read() { }

    static String value(DataInputStream in, String datatype, String arraysize) throws IOException {
        boolean variable = arraysize.contains("*");
        int fixed = arraysize.isEmpty() || variable ? 1 : Integer.parseInt(arraysize);
        switch (datatype) {
            case "char": {
                int n = variable ? in.readInt() : fixed;
                return new String(in.readNBytes(n), StandardCharsets.UTF_8);
            }
            case "short":
                return Short.toString(in.readShort());
            case "int":
                return Integer.toString(in.readInt());
            case "long":
                return Long.toString(in.readLong());
            case "double": {
                if (arraysize.isEmpty()) return Text.number(in.readDouble());
                int n = variable ? in.readInt() : fixed;
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = in.readDouble();
                return Text.daliArray(a);
            }
            default:
                throw new IllegalArgumentException("test reader has no " + datatype);
        }
    }
}
