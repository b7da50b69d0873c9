package org.rucio.ivoa.adql.translate;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns pgSphere's text output into DALI arrays and STC-S. Expects {@code set_sphere_output('DEG')}
 * (numbers ending in {@code d}); numbers without a unit are read as radians (pgSphere's default output).
 * Shapes: point {@code (10.5d , -30d)}, circle {@code <(10d , -30d) , 1d>}, polygon
 * {@code {(10d , -30d),(11d , -30d),(11d , -29d)}}, box {@code ((10d , -30d), (11d , -29d))}.
 */
public final class PgSphereText {
    private PgSphereText() { }

    /** The kind of a parsed value. */
    public enum Shape { POINT, CIRCLE, POLYGON, BOX }

    /** A parsed pgSphere value in degrees: point [ra, dec], circle [ra, dec, r], polygon/box [ra1, dec1, ...]. */
    public record Value(Shape shape, double[] degrees) {}

    public static Value parse(String text) {
        if (text == null) throw new IllegalArgumentException("no pgSphere value");
        String s = text.strip();
        double[] nums = numbers(s);
        if (s.startsWith("<")) {
            require(nums.length == 3, s);
            return new Value(Shape.CIRCLE, nums);
        }
        if (s.startsWith("{")) {
            require(nums.length >= 6 && nums.length % 2 == 0, s);
            return new Value(Shape.POLYGON, nums);
        }
        if (s.startsWith("((")) {
            require(nums.length == 4, s);
            return new Value(Shape.BOX, nums);
        }
        if (s.startsWith("(")) {
            require(nums.length == 2, s);
            return new Value(Shape.POINT, nums);
        }
        throw new IllegalArgumentException("not a pgSphere point, circle, polygon or box: " + text);
    }

    /** DALI array text, e.g. {@code "10.5 -30"} for a point. */
    public static String toDali(String text) {
        return join(parse(text).degrees());
    }

    /** STC-S, e.g. {@code POLYGON ICRS 10 -30 11 -30 11 -29}; a box becomes the polygon of its corners. */
    public static String toStcs(String text) {
        Value v = parse(text);
        double[] d = v.degrees();
        return switch (v.shape()) {
            case POINT -> "POSITION ICRS " + join(d);
            case CIRCLE -> "CIRCLE ICRS " + join(d);
            case POLYGON -> "POLYGON ICRS " + join(d);
            case BOX -> "POLYGON ICRS " + join(new double[] {d[0], d[1], d[2], d[1], d[2], d[3], d[0], d[3]});
        };
    }

    private static void require(boolean ok, String s) {
        if (!ok) throw new IllegalArgumentException("malformed pgSphere value: " + s);
    }


    private static double[] numbers(String s) {
        double[] out = new double[8];
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
                int st = i;
                i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E'
                        || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) i++;
                double v = Double.parseDouble(s.substring(st, i));
                if (i < s.length() && s.charAt(i) == 'd') {
                    i++;
                } else {
                    v = Math.toDegrees(v);
                }
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = v;
            } else if ("(){}<>, ".indexOf(c) >= 0) {
                i++;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' in pgSphere value " + s + " (set_sphere_output('DEG') expected)");
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static String join(double[] d) {
        StringBuilder sb = new StringBuilder();
        for (double x : d) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(format(x));
        }
        return sb.toString();
    }

    /** Shortest plain decimal that reads back as the same double ({@code -30}, {@code 10.5}). */
    public static String format(double x) {
        if (x == 0) return "0";
        String s = Double.toString(x);
        // between 1e-3 and 1e7 (every angle in degrees, most other values) Double.toString writes no exponent
        if (s.indexOf('E') < 0) return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        return new BigDecimal(s).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
