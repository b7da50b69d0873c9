package org.rucio.ivoa.adql.meta;

import java.util.Locale;

/**
 * One column as TAP_SCHEMA.columns declares it, plus the name of the column in the database.
 *
 * @param name        the ADQL name (as in TAP_SCHEMA.columns.column_name; a delimited name such as
 *                    {@code "size"} is stored without quotes)
 * @param datatype    VOTable datatype: boolean, short, int, long, float, double, char, unicodeChar, ...
 * @param arraysize   VOTable arraysize ({@code "*"}, {@code "2"}, {@code "32*"}) or null
 * @param xtype       DALI/TAP xtype (timestamp, point, circle, polygon, adql:region) or null
 * @param dbName      the column name in the database; the SQL always quotes it
 * @param dbCircleName for an {@code adql:region} column whose footprints the database keeps in two
 *                    columns, an spoly ({@code dbName}) and an scircle (this one), at most one of them
 *                    set per row; null otherwise. The translator treats the pair as the one ADQL column.
 */
public record ColumnMeta(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                         String utype, String description, boolean indexed, boolean principal, boolean std,
                         String dbName, String dbCircleName) {

    public ColumnMeta {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a column needs a name");
        if (dbName == null) dbName = name;
        if (dbCircleName != null && Geometry.ofXtype(xtype) != Geometry.REGION) {
            throw new IllegalArgumentException("only an adql:region column can have a circle column: " + name);
        }
    }

    /** A column stored in one database column. */
    public ColumnMeta(String name, String datatype, String arraysize, String xtype, String unit, String ucd,
                      String utype, String description, boolean indexed, boolean principal, boolean std, String dbName) {
        this(name, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std, dbName, null);
    }

    /** A column whose database name equals its ADQL name. */
    public static ColumnMeta of(String name, String datatype, String arraysize, String xtype, String unit, String ucd) {
        return new ColumnMeta(name, datatype, arraysize, xtype, unit, ucd, null, null, false, false, false, name);
    }

    public ColumnMeta withDescription(String utype, String description) {
        return new ColumnMeta(name, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std, dbName, dbCircleName);
    }

    public ColumnMeta withFlags(boolean indexed, boolean principal, boolean std) {
        return new ColumnMeta(name, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std, dbName, dbCircleName);
    }

    public ColumnMeta withDbName(String db) {
        return new ColumnMeta(name, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std, db, dbCircleName);
    }

    /** Declares the scircle column that holds this region when it is a circle (see {@code dbCircleName}). */
    public ColumnMeta withDbCircleName(String db) {
        return new ColumnMeta(name, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std, dbName, db);
    }

    /** The pgSphere type the database stores for this column, from its xtype (adql:region is an spoly). */
    public Geometry geometry() {
        return Geometry.ofXtype(xtype);
    }

    /** Database geometry kinds: what the SQL value of a column or expression is. */
    public enum Geometry {
        NONE, POINT, CIRCLE, POLYGON, REGION;

        public static Geometry ofXtype(String xtype) {
            if (xtype == null) return NONE;
            return switch (xtype.toLowerCase(Locale.ROOT)) {
                case "point" -> POINT;
                case "circle" -> CIRCLE;
                case "polygon" -> POLYGON;
                case "adql:region", "region" -> REGION;
                default -> NONE;
            };
        }
    }
}
