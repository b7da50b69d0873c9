package org.rucio.ivoa.catalog.schema;

import java.util.List;

/**
 * One column of ivoa.obscore: how it is stored, how a Rucio metadata value for it is validated, and how
 * it is described in TAP_SCHEMA. The JSON key in rucio.dids.data is the column name.
 *
 * @param maxLength for text columns, the longest accepted value in characters
 * @param min lower bound for numeric columns, or null
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound for numeric columns, or null
 * @param maxInclusive whether {@code max} itself is allowed
 * @param vocabulary for text columns with a controlled vocabulary: the allowed values (lower case;
 *                   input is matched case-insensitively and stored lower case), else empty
 */
public record ObsCoreColumn(
        String name,
        Kind kind,
        boolean mandatory,
        String unit,
        String ucd,
        String utype,
        String description,
        boolean indexed,
        boolean principal,
        int maxLength,
        Double min,
        boolean minInclusive,
        Double max,
        boolean maxInclusive,
        List<String> vocabulary) {

    /** Storage and validation kinds. */
    public enum Kind {
        /** free text (JSON string or number) */
        TEXT("text", "char", "*", null),
        /** text from a fixed lower-case vocabulary */
        VOCABULARY("text", "char", "*", null),
        /** polarization states, normalised to ObsCore's "/I/Q/U/V/" form */
        POL_STATES("text", "char", "*", null),
        INTEGER("integer", "int", null, null),
        BIGINT("bigint", "long", null, null),
        DOUBLE("double precision", "double", null, null),
        /** a time as MJD: JSON number, numeric string, or ISO-8601 string */
        MJD("double precision", "double", null, null),
        /** an ISO-8601 date/time */
        TIMESTAMP("timestamp", "char", "*", "timestamp"),
        /** a sky footprint: STC-S or pgSphere literal in, pgSphere spoly stored */
        REGION("spoly", "char", "*", "adql:region");

        public final String sqlType;
        public final String datatype;
        public final String arraysize;
        public final String xtype;

        Kind(String sqlType, String datatype, String arraysize, String xtype) {
            this.sqlType = sqlType;
            this.datatype = datatype;
            this.arraysize = arraysize;
            this.xtype = xtype;
        }

        public boolean numeric() {
            return this == INTEGER || this == BIGINT || this == DOUBLE || this == MJD;
        }
    }

    public ObsCoreColumn {
        vocabulary = List.copyOf(vocabulary);
    }

    public ObsCoreColumn withPrincipal(boolean p) {
        return new ObsCoreColumn(name, kind, mandatory, unit, ucd, utype, description, indexed, p, maxLength, min,
                minInclusive, max, maxInclusive, vocabulary);
    }

    /** The utype as published, with the data model prefix. */
    public String fullUtype() {
        return utype == null ? null : "obscore:" + utype;
    }

    /** What a valid value looks like, in words, for problem reports. */
    public String expected() {
        return switch (kind) {
            case TEXT -> "a string of at most " + maxLength + " characters";
            case VOCABULARY -> "one of " + String.join(", ", vocabulary);
            case POL_STATES -> "polarization states from I Q U V RR LL RL LR XX YY XY YX POLI POLA, as /I/Q/U/V/";
            case INTEGER, BIGINT -> "an integer" + range();
            case DOUBLE -> "a finite number" + range() + (unit == null ? "" : " (" + unit + ")");
            case MJD -> "an MJD number or an ISO-8601 time" + range();
            case TIMESTAMP -> "an ISO-8601 date or date-time such as 2026-01-31T12:00:00";
            case REGION -> "an STC-S region (CIRCLE ICRS ra dec radius | POLYGON ICRS ra1 dec1 ... | BOX ICRS ra dec"
                    + " width height, degrees) or a pgSphere circle/polygon literal";
        };
    }

    private String range() {
        if (min == null && max == null) {
            return "";
        }
        if (min != null && max != null) {
            return " in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
        }
        if (min != null) {
            return (minInclusive ? " >= " : " > ") + fmt(min);
        }
        return (maxInclusive ? " <= " : " < ") + fmt(max);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
