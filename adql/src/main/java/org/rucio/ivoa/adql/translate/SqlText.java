package org.rucio.ivoa.adql.translate;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ast.Pos;

/** Quoting and escaping of everything the translator writes into SQL. */
public final class SqlText {
    private SqlText() { }

    private static final Pattern NUMBER = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** {@code "name"} with embedded double quotes doubled; NUL is refused (PostgreSQL cannot store it). */
    public static String ident(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw AdqlException.of(AdqlException.Kind.SYNTAX, Pos.NONE, "an identifier is empty or contains a NUL character");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
            throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, Pos.NONE, "the name " + name.substring(0, 20)
                    + "... is longer than the 63 bytes PostgreSQL keeps", "use a shorter alias");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A string literal: {@code 'it''s'}; when the text holds a backslash the E'' form is used with the
     * backslash doubled, so the result means the same whatever standard_conforming_strings says.
     */
    public static String string(String value) {
        if (value.indexOf('\0') >= 0) {
            throw AdqlException.of(AdqlException.Kind.SYNTAX, Pos.NONE, "a string literal contains a NUL character");
        }
        if (value.indexOf('\\') >= 0) {
            return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** An unsigned numeric literal, re-validated. */
    public static String number(String text) {
        if (!NUMBER.matcher(text).matches()) throw new IllegalArgumentException("not a numeric literal: " + text);
        return text;
    }

    /** A double written so that PostgreSQL and pgSphere read it back exactly (plain decimal notation). */
    public static String decimal(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a finite number: " + d);
        String s = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
