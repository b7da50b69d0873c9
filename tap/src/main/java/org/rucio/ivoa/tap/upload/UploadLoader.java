package org.rucio.ivoa.tap.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.rucio.ivoa.adql.translate.PgSphereText;
import org.rucio.ivoa.tap.TapException;
import uk.ac.starlink.table.RowSequence;

/**
 * Puts uploaded tables into the query's transaction: one {@code CREATE TEMP TABLE ... ON COMMIT DROP} each
 * (so it vanishes with the transaction and no other connection ever sees it), rows by {@code COPY}, then
 * ANALYZE (temporary tables get no autovacuum, and a cross-match plan needs the row count) and SELECT for the
 * reader role the query runs as. Runs as the service's own role, before the transaction turns read-only.
 */
public final class UploadLoader {
    private static final int CHUNK = 1 << 16;
    private static final Pattern COPY_CONTEXT = Pattern.compile("line (\\d+)(?:, column c(\\d+))?");

    private UploadLoader() {
    }

    /** {@code readerRole}: the quoted role name queries run as. */
    public static void load(Connection c, List<UploadedTable> tables, String readerRole, long maxRows)
            throws SQLException, TapException {
        for (UploadedTable t : tables) {
            String table = UploadedTable.DB_SCHEMA + "." + t.dbName();
            StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE ").append(t.dbName()).append(" (");
            for (int i = 0; i < t.columns().size(); i++) {
                if (i > 0) ddl.append(", ");
                UploadColumn col = t.columns().get(i);
                ddl.append(col.meta().dbName()).append(' ').append(col.kind().sqlType());
            }
            ddl.append(") ON COMMIT DROP");
            try (Statement st = c.createStatement()) {
                st.execute(ddl.toString());
            }
            copy(c, t, table, maxRows);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE " + table);
                st.execute("GRANT SELECT ON " + table + " TO " + readerRole);
            }
        }
    }

    private static void copy(Connection c, UploadedTable t, String table, long maxRows) throws SQLException, TapException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        long row = 0;
        try (RowSequence rows = t.table().getRowSequence()) {
            StringBuilder sb = new StringBuilder(CHUNK + 1024);
            List<UploadColumn> columns = t.columns();
            while (rows.next()) {
                row++;
                if (row > maxRows) {
                    throw new TapException(413, "UPLOAD " + t.name() + " has more than " + maxRows + " rows; this"
                            + " service accepts at most " + maxRows + " rows per uploaded table");
                }
                Object[] values = rows.getRow();
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) sb.append('\t');
                    value(sb, columns.get(i), values[i], t.name(), row);
                }
                sb.append('\n');
                if (sb.length() >= CHUNK) flush(copy, sb);
            }
            flush(copy, sb);
            copy.endCopy();
        } catch (IOException e) {
            throw TapException.badRequest("UPLOAD " + t.name() + ": row " + (row + 1) + " could not be read: " + e.getMessage());
        } catch (PSQLException e) {
            // a value PostgreSQL refused (a malformed timestamp, say); its message names our column c<n>
            String m = e.getServerErrorMessage() == null ? e.getMessage() : e.getServerErrorMessage().getMessage();
            throw TapException.badRequest("UPLOAD " + t.name() + ": a value could not be stored (" + m + ")"
                    + where(e, t));
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException e) {
                    // the transaction is rolled back anyway
                }
            }
        }
    }

    /** "near row N, column NAME" from PostgreSQL's COPY context ("COPY tap_upload_x, line 3, column c2: ..."). */
    private static String where(PSQLException e, UploadedTable t) {
        String context = e.getServerErrorMessage() == null ? null : e.getServerErrorMessage().getWhere();
        if (context == null) return "";
        Matcher m = COPY_CONTEXT.matcher(context);
        if (!m.find()) return "";
        String out = " in row " + m.group(1);
        if (m.group(2) != null) {
            int i = Integer.parseInt(m.group(2)) - 1;
            if (i >= 0 && i < t.columns().size()) out += ", column " + t.columns().get(i).meta().name();
        }
        return out;
    }

    private static void flush(CopyIn copy, StringBuilder sb) throws SQLException {
        if (sb.isEmpty()) return;
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        sb.setLength(0);
    }

    private static void value(StringBuilder sb, UploadColumn col, Object v, String table, long row) throws TapException {
        if (v == null) {
            sb.append("\\N");
            return;
        }
        switch (col.kind()) {
            case BOOLEAN -> sb.append(((Boolean) v) ? 't' : 'f');
            case SHORT, INT, LONG -> sb.append(((Number) v).longValue());
            case FLOAT -> number(sb, ((Number) v).floatValue());
            case DOUBLE -> number(sb, ((Number) v).doubleValue());
            case TEXT, TIMESTAMP -> {
                String s = v.toString();
                if (col.kind() == UploadColumn.Kind.TIMESTAMP && s.isBlank()) {
                    sb.append("\\N");
                } else {
                    text(sb, s);
                }
            }
            case POINT, CIRCLE, POLYGON -> geometry(sb, col, degrees(v), table, row);
            case SHORT_ARRAY, INT_ARRAY, LONG_ARRAY, FLOAT_ARRAY, DOUBLE_ARRAY -> array(sb, v);
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("NaN");
        } else if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "Infinity" : "-Infinity");
        } else {
            sb.append(d);
        }
    }

    private static void number(StringBuilder sb, float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            number(sb, (double) f);
        } else {
            sb.append(f);
        }
    }

    private static void text(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\0' -> { } // PostgreSQL text cannot hold NUL
                default -> sb.append(ch);
            }
        }
    }

    /** A PostgreSQL array literal, {@code {1,2,3}}; floating-point NaN stays NaN. */
    private static void array(StringBuilder sb, Object v) {
        sb.append('{');
        switch (v) {
            case double[] d -> {
                for (int i = 0; i < d.length; i++) number(sb.append(i > 0 ? "," : ""), d[i]);
            }
            case float[] f -> {
                for (int i = 0; i < f.length; i++) number(sb.append(i > 0 ? "," : ""), f[i]);
            }
            case long[] l -> {
                for (int i = 0; i < l.length; i++) sb.append(i > 0 ? "," : "").append(l[i]);
            }
            case int[] k -> {
                for (int i = 0; i < k.length; i++) sb.append(i > 0 ? "," : "").append(k[i]);
            }
            case short[] h -> {
                for (int i = 0; i < h.length; i++) sb.append(i > 0 ? "," : "").append(h[i]);
            }
            default -> throw new IllegalStateException("not a numeric array: " + v.getClass());
        }
        sb.append('}');
    }

    private static double[] degrees(Object v) {
        if (v instanceof double[] d) return d;
        float[] f = (float[]) v;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** DALI degrees to pgSphere input (degrees marked {@code d}); an empty or all-NaN value is null. */
    private static void geometry(StringBuilder sb, UploadColumn col, double[] d, String table, long row) throws TapException {
        boolean allNaN = true;
        for (double x : d) allNaN &= Double.isNaN(x);
        if (d.length == 0 || allNaN) {
            sb.append("\\N");
            return;
        }
        String where = "UPLOAD " + table + ": row " + row + ", column " + col.meta().name() + ": ";
        for (double x : d) {
            if (!Double.isFinite(x)) throw TapException.badRequest(where + "a " + col.kind().name().toLowerCase(Locale.ROOT) + " with a non-finite value");
        }
        switch (col.kind()) {
            case POINT -> {
                if (d.length != 2) throw TapException.badRequest(where + "a point needs 2 values (ra, dec), not " + d.length);
                point(sb, d[0], d[1], where);
            }
            case CIRCLE -> {
                if (d.length != 3) throw TapException.badRequest(where + "a circle needs 3 values (ra, dec, radius), not " + d.length);
                if (d[2] < 0 || d[2] > 180) throw TapException.badRequest(where + "the radius " + d[2] + " is not between 0 and 180 degrees");
                sb.append('<');
                point(sb, d[0], d[1], where);
                sb.append(',').append(PgSphereText.format(d[2])).append("d>");
            }
            default -> {
                if (d.length < 6 || d.length % 2 != 0) {
                    throw TapException.badRequest(where + "a polygon needs at least 3 vertices (6 values, ra dec pairs), not "
                            + d.length + " values");
                }
                sb.append('{');
                for (int i = 0; i < d.length; i += 2) {
                    if (i > 0) sb.append(',');
                    point(sb, d[i], d[i + 1], where);
                }
                sb.append('}');
            }
        }
    }

    private static void point(StringBuilder sb, double ra, double dec, String where) throws TapException {
        if (dec < -90 || dec > 90) throw TapException.badRequest(where + "the declination " + dec + " is not between -90 and 90");
        sb.append('(').append(PgSphereText.format(ra)).append("d,").append(PgSphereText.format(dec)).append("d)");
    }
}
