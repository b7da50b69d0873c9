package org.rucio.ivoa.tap;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.translate.PgSphereText;

/**
 * Reads one result column from the JDBC cursor into the value the writers expect (see
 * {@link org.rucio.ivoa.tap.write.ResultWriter}), chosen once per column from its {@link OutputColumn}:
 * geometry becomes degrees (DALI arrays) or STC-S, timestamps ISO-8601 in UTC without a zone.
 */
@FunctionalInterface
interface ColumnReader {

    Object read(ResultSet rs) throws SQLException;

    /** The current row of {@code rs}, one value per reader. */
    static Object[] row(ResultSet rs, ColumnReader[] readers) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) values[i] = readers[i].read(rs);
        return values;
    }

    static ColumnReader of(OutputColumn c, int index, String sqlTypeName) {
        ColumnMeta.Geometry g = c.geometry() == null ? ColumnMeta.Geometry.NONE : c.geometry();
        if (g == ColumnMeta.Geometry.REGION) {
            return rs -> { String s = rs.getString(index); return s == null ? null : PgSphereText.toStcs(s); };
        }
        if (g != ColumnMeta.Geometry.NONE) {
            return rs -> { String s = rs.getString(index); return s == null ? null : PgSphereText.parse(s).degrees(); };
        }
        String type = sqlTypeName == null ? "" : sqlTypeName.toLowerCase(Locale.ROOT);
        if (type.startsWith("_")) {
            // a numeric array (an uploaded table's): DALI's array of numbers, nulls as NaN
            return rs -> {
                java.sql.Array a = rs.getArray(index);
                if (a == null) return null;
                Object[] values = (Object[]) a.getArray();
                double[] out = new double[values.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = values[i] instanceof Number n ? n.doubleValue() : Double.NaN;
                }
                return out;
            };
        }
        switch (c.datatype().toLowerCase(Locale.ROOT)) {
            case "boolean":
                return rs -> { boolean b = rs.getBoolean(index); return rs.wasNull() ? null : b; };
            case "unsignedbyte", "short", "int", "long":
                return rs -> { long v = rs.getLong(index); return rs.wasNull() ? null : v; };
            case "float":
                return rs -> { float v = rs.getFloat(index); return rs.wasNull() ? null : v; };
            case "double":
                return rs -> { double v = rs.getDouble(index); return rs.wasNull() ? null : v; };
            default:
                break;
        }
        return switch (type) {
            case "timestamp" -> rs -> {
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                return t == null ? null : ISO.format(t);
            };
            case "timestamptz" -> rs -> {
                OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
                return t == null ? null : ISO.format(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            };
            default -> rs -> rs.getString(index);
        };
    }

    DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
}
