package org.rucio.ivoa.adql.check;

import java.util.Locale;

import org.rucio.ivoa.adql.meta.ColumnMeta;

/**
 * The type and descriptive metadata of a value: VOTable datatype, arraysize and xtype, plus unit,
 * UCD, utype and description when they are known. A NULL literal has datatype null.
 */
public record TypeInfo(String datatype, String arraysize, String xtype, String unit, String ucd, String utype,
                       String description) {

    /** What operations a value supports. */
    public enum Kind { NUMERIC, STRING, TIMESTAMP, GEOMETRY, BOOLEAN, NULL, OTHER }

    public static final TypeInfo NULL = new TypeInfo(null, null, null, null, null, null, null);
    public static final TypeInfo SHORT = simple("short");
    public static final TypeInfo INT = simple("int");
    public static final TypeInfo LONG = simple("long");
    public static final TypeInfo FLOAT = simple("float");
    public static final TypeInfo DOUBLE = simple("double");
    public static final TypeInfo STRING = new TypeInfo("char", "*", null, null, null, null, null);
    public static final TypeInfo TIMESTAMP = new TypeInfo("char", "*", "timestamp", null, null, null, null);
    public static final TypeInfo POINT = new TypeInfo("double", "2", "point", "deg", null, null, null);
    public static final TypeInfo CIRCLE = new TypeInfo("double", "3", "circle", "deg", null, null, null);
    public static final TypeInfo POLYGON = new TypeInfo("double", "*", "polygon", "deg", null, null, null);
    public static final TypeInfo REGION = new TypeInfo("char", "*", "adql:region", null, null, null, null);

    public static TypeInfo simple(String datatype) {
        return new TypeInfo(datatype, null, null, null, null, null, null);
    }

    public static TypeInfo of(ColumnMeta c) {
        return new TypeInfo(c.datatype(), c.arraysize(), c.xtype(), c.unit(), c.ucd(), c.utype(), c.description());
    }

    public TypeInfo withUnit(String u) {
        return new TypeInfo(datatype, arraysize, xtype, u, ucd, utype, description);
    }

    public TypeInfo withUcd(String u) {
        return new TypeInfo(datatype, arraysize, xtype, unit, u, utype, description);
    }

    /** Only the type (no unit, UCD, utype or description). */
    public TypeInfo bare() {
        return new TypeInfo(datatype, arraysize, xtype, null, null, null, null);
    }

    public ColumnMeta.Geometry geometry() {
        return ColumnMeta.Geometry.ofXtype(xtype);
    }

    public Kind kind() {
        if (datatype == null) return Kind.NULL;
        if (geometry() != ColumnMeta.Geometry.NONE) return Kind.GEOMETRY;
        if (xtype != null && xtype.equalsIgnoreCase("timestamp")) return Kind.TIMESTAMP;
        String d = datatype.toLowerCase(Locale.ROOT);
        return switch (d) {
            case "char", "unicodechar" -> Kind.STRING;
            case "boolean" -> Kind.BOOLEAN;
            case "short", "int", "long", "float", "double", "unsignedbyte" -> arraysize == null || arraysize.equals("1") ? Kind.NUMERIC : Kind.OTHER;
            default -> Kind.OTHER;
        };
    }

    public boolean isNumeric() { return kind() == Kind.NUMERIC || kind() == Kind.NULL; }

    public boolean isString() { return kind() == Kind.STRING || kind() == Kind.NULL; }

    public boolean isIntegral() {
        return kind() == Kind.NUMERIC && switch (datatype.toLowerCase(Locale.ROOT)) {
            case "short", "int", "long", "unsignedbyte" -> true;
            default -> false;
        };
    }

    /** A short human description for error messages ("a number", "a string", "a point", ...). */
    public String describe() {
        return switch (kind()) {
            case NUMERIC -> "a number (" + datatype + ")";
            case STRING -> "a string";
            case TIMESTAMP -> "a timestamp";
            case GEOMETRY -> "a " + (geometry() == ColumnMeta.Geometry.REGION ? "region" : xtype.toLowerCase(Locale.ROOT));
            case BOOLEAN -> "a boolean";
            case NULL -> "NULL";
            case OTHER -> "a value of type " + datatype + (arraysize == null ? "" : "[" + arraysize + "]");
        };
    }
}
