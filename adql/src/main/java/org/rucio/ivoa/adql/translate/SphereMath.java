package org.rucio.ivoa.adql.translate;

import java.util.List;

/** Spherical geometry computed in Java for literal shapes. */
final class SphereMath {
    private SphereMath() { }

    /**
     * Corners (ra, dec in degrees) of ADQL's BOX: centre (ra, dec), full width w along the local east
     * great circle and full height h along the meridian; each side is the great circle through an arm
     * end perpendicular to that arm. Order: south-west, south-east, north-east, north-west.
     */
    static List<double[]> boxCorners(double ra, double dec, double w, double h) {
        double a = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        double[] c = {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
        double[] east = {-Math.sin(a), Math.cos(a), 0};
        double[] north = {-Math.sin(d) * Math.cos(a), -Math.sin(d) * Math.sin(a), Math.cos(d)};
        double hw = Math.toRadians(w) / 2;
        double hh = Math.toRadians(h) / 2;
        int[][] signs = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        List<double[]> out = new java.util.ArrayList<>();
        for (int[] s : signs) {
            double[] eArm = add(scale(c, Math.cos(hw)), scale(east, s[0] * Math.sin(hw)));
            double[] nArm = add(scale(c, Math.cos(hh)), scale(north, s[1] * Math.sin(hh)));
            double[] sideE = cross(eArm, north);
            double[] sideN = cross(nArm, east);
            double[] corner = normalize(cross(sideE, sideN));
            if (dot(corner, c) < 0) corner = scale(corner, -1);
            double cra = Math.toDegrees(Math.atan2(corner[1], corner[0]));
            if (cra < 0) cra += 360;
            double cdec = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, corner[2]))));
            out.add(new double[] {round(cra), round(cdec)});
        }
        return out;
    }

    private static double round(double x) {
        return Math.round(x * 1e10) / 1e10;
    }

    private static double[] add(double[] a, double[] b) { return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}; }

    private static double[] scale(double[] a, double k) { return new double[] {a[0] * k, a[1] * k, a[2] * k}; }

    private static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalize(double[] a) {
        double n = Math.sqrt(dot(a, a));
        return scale(a, 1 / n);
    }
}
