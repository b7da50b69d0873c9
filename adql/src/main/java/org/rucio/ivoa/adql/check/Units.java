package org.rucio.ivoa.adql.check;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small VOUnits reader for IN_UNIT: products and quotients of (prefixed) base units with integer
 * powers, e.g. {@code deg}, {@code mas/yr}, {@code km.s**-1}, {@code MHz}, {@code deg**2}. Each unit
 * is a scale factor times powers of the base dimensions.
 */
public final class Units {
    private Units() { }

    /** Dimensions: m, kg, s, rad, K, A, mol, cd; plus the scale to SI (radian for angles). */
    public record Quantity(double scale, int[] dims) {
        boolean sameDimension(Quantity o) { return Arrays.equals(dims, o.dims); }
    }

    private static final Map<String, Quantity> BASE = new LinkedHashMap<>();
    private static final Map<String, Double> PREFIX = new LinkedHashMap<>();

    private static void base(String name, double scale, int... dims) {
        BASE.put(name, new Quantity(scale, Arrays.copyOf(dims, 8)));
    }

    static {
        base("m", 1, 1);
        base("g", 1e-3, 0, 1);
        base("s", 1, 0, 0, 1);
        base("rad", 1, 0, 0, 0, 1);
        base("K", 1, 0, 0, 0, 0, 1);
        base("A", 1, 0, 0, 0, 0, 0, 1);
        base("mol", 1, 0, 0, 0, 0, 0, 0, 1);
        base("cd", 1, 0, 0, 0, 0, 0, 0, 0, 1);
        base("deg", Math.PI / 180, 0, 0, 0, 1);
        base("arcmin", Math.PI / 180 / 60, 0, 0, 0, 1);
        base("arcsec", Math.PI / 180 / 3600, 0, 0, 0, 1);
        base("mas", Math.PI / 180 / 3.6e6, 0, 0, 0, 1);
        base("min", 60, 0, 0, 1);
        base("h", 3600, 0, 0, 1);
        base("d", 86400, 0, 0, 1);
        base("yr", 365.25 * 86400, 0, 0, 1);
        base("a", 365.25 * 86400, 0, 0, 1);
        base("Hz", 1, 0, 0, -1);
        base("Angstrom", 1e-10, 1);
        base("AU", 1.495978707e11, 1);
        base("pc", 3.0856775814913673e16, 1);
        base("J", 1, 2, 1, -2);
        base("W", 1, 2, 1, -3);
        base("eV", 1.602176634e-19, 2, 1, -2);
        base("erg", 1e-7, 2, 1, -2);
        base("Jy", 1e-26, 0, 1, -2);
        base("N", 1, 1, 1, -2);
        base("Pa", 1, -1, 1, -2);
        base("V", 1, 2, 1, -3, 0, 0, -1);
        base("T", 1, 0, 1, -2, 0, 0, -1);
        base("byte", 1);
        base("bit", 0.125);
        base("pix", 1);
        base("ct", 1);
        String[] p = {"y", "z", "a", "f", "p", "n", "u", "m", "c", "d", "da", "h", "k", "M", "G", "T", "P", "E", "Z", "Y"};
        double[] v = {1e-24, 1e-21, 1e-18, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1e-2, 1e-1, 1e1, 1e2, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18, 1e21, 1e24};
        for (int i = 0; i < p.length; i++) PREFIX.put(p[i], v[i]);
    }

    /** Parses a unit string; returns null when it is not understood. */
    public static Quantity parse(String unit) {
        if (unit == null || unit.isBlank()) return null;
        String u = unit.strip();
        double scale = 1;
        int[] dims = new int[8];
        int sign = 1;
        int i = 0;
        while (i < u.length()) {
            int j = i;
            while (j < u.length() && u.charAt(j) != '.' && u.charAt(j) != '/') j++;
            String factor = u.substring(i, j);
            int power = 1;
            int star = factor.indexOf("**");
            if (star >= 0) {
                try {
                    power = Integer.parseInt(factor.substring(star + 2).replace("(", "").replace(")", ""));
                } catch (NumberFormatException e) {
                    return null;
                }
                factor = factor.substring(0, star);
            }
            Quantity q = single(factor);
            if (q == null) return null;
            int pw = power * sign;
            scale *= Math.pow(q.scale(), pw);
            for (int k = 0; k < 8; k++) dims[k] += q.dims()[k] * pw;
            if (j < u.length() && u.charAt(j) == '/') sign = -1;
            i = j + 1;
        }
        return new Quantity(scale, dims);
    }

    private static Quantity single(String f) {
        if (f.isEmpty()) return null;
        Quantity q = BASE.get(f);
        if (q != null) return q;
        for (Map.Entry<String, Double> e : PREFIX.entrySet()) {
            if (f.startsWith(e.getKey())) {
                Quantity b = BASE.get(f.substring(e.getKey().length()));
                if (b != null && !f.substring(e.getKey().length()).equals("deg")) {
                    return new Quantity(b.scale() * e.getValue(), b.dims());
                }
            }
        }
        return null;
    }

    /** Factor to multiply a value in {@code from} by to express it in {@code to}, or null if not convertible. */
    public static Double factor(String from, String to) {
        Quantity a = parse(from);
        Quantity b = parse(to);
        if (a == null || b == null || !a.sameDimension(b)) return null;
        return a.scale() / b.scale();
    }
}
