package org.rucio.ivoa.tap.write;

import org.rucio.ivoa.adql.translate.PgSphereText;

/** Text forms shared by the writers: numbers, arrays, XML escaping. */
public final class Text {
    private Text() { }

    /** A double as VOTable TABLEDATA/CSV write it: shortest round-trip form, NaN, +Inf, -Inf. */
    public static String number(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "+Inf" : "-Inf";
        return Double.toString(x);
    }

    public static String number(float x) {
        if (Float.isNaN(x)) return "NaN";
        if (Float.isInfinite(x)) return x > 0 ? "+Inf" : "-Inf";
        return Float.toString(x);
    }

    /** A DALI array: values separated by one space, each the shortest plain decimal ({@code 10.5 -30}). */
    public static String daliArray(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double x : values) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(plain(x));
        }
        return sb.toString();
    }

    static String plain(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) return number(x);
        return PgSphereText.format(x);
    }

    /** The text form of a value for TABLEDATA, CSV and TSV (null: the caller writes nothing). */
    static String of(Object v, boolean booleanAsLetter) {
        return switch (v) {
            case Double d -> number(d);
            case Float f -> number(f);
            case double[] a -> daliArray(a);
            case Boolean b -> booleanAsLetter ? (b ? "T" : "F") : b.toString();
            default -> v.toString();
        };
    }

    /**
     * Escapes text for XML 1.0 element content or attribute values. Characters XML 1.0 cannot carry
     * (C0 controls other than TAB/LF/CR, unpaired surrogates, U+FFFE/U+FFFF) become U+FFFD; in attributes
     * TAB, LF and CR are written as character references so that they survive attribute normalisation.
     */
    public static void xml(StringBuilder sb, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append("&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        sb.append('\uFFFD');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    public static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        xml(sb, s, true);
        return sb.toString();
    }
}
