package org.rucio.ivoa.catalog.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import org.rucio.ivoa.catalog.schema.DidTable;

/**
 * Writes realistic radio-astronomy DIDs the way Rucio's metadata plugin does: most with one
 * set_metadata_bulk upsert, some key by key with set_metadata (values as strings, as Rucio's CLI sends
 * them), and a few deliberately incomplete or invalid. Deterministic for a given seed.
 */
public final class DemoData {

    private static final double C = 299_792_458.0;

    /** A telescope + instrument with its frequency range (Hz), dish/station size (m) and sky. */
    private record Setup(String facility, String instrument, String collection, double fMin, double fMax,
            double aperture, double decMin, double decMax) {
    }

    private static final List<Setup> SETUPS = List.of(
            new Setup("SKA-Low", "LFAA", "SKA-Low/continuum", 50e6, 350e6, 38, -90, 20),
            new Setup("SKA-Mid", "Band1", "SKA-Mid/imaging", 350e6, 1050e6, 15, -90, 35),
            new Setup("SKA-Mid", "Band2", "SKA-Mid/imaging", 950e6, 1760e6, 15, -90, 35),
            new Setup("SKA-Mid", "Band5a", "SKA-Mid/spectral", 4.6e9, 8.5e9, 15, -90, 35),
            new Setup("MeerKAT", "L-band", "MeerKAT/MIGHTEE", 856e6, 1712e6, 13.5, -90, 30),
            new Setup("ASKAP", "RACS", "ASKAP/EMU", 800e6, 1088e6, 12, -90, 40),
            new Setup("ASKAP", "WALLABY", "ASKAP/WALLABY", 1295e6, 1440e6, 12, -90, 30),
            new Setup("MWA", "Phase II", "MWA/GLEAM-X", 72e6, 231e6, 4, -90, 30));

    private static final String[] TARGETS = {"Centaurus A", "Fornax A", "Large Magellanic Cloud",
        "Small Magellanic Cloud", "47 Tucanae", "Omega Centauri", "Vela SNR", "Galactic Centre", "Pictor A",
        "Hydra A", "NGC 253", "M83", "Circinus", "EoR0 field", "EoR1 field", "Abell 3667", "PKS 1934-638"};

    private final String jdbcUrl;
    private final DidTable dids;
    private final long seed;

    public DemoData(String jdbcUrl, DidTable dids, long seed) {
        this.jdbcUrl = jdbcUrl;
        this.dids = dids;
        this.seed = seed;
    }

    /** What was written: DIDs in total, and how many were made incomplete or invalid on purpose. */
    public record Summary(int written, int incomplete, int invalid) {
    }

    public Summary write(int count, LongConsumer progress) throws SQLException {
        SplittableRandom random = new SplittableRandom(seed);
        int incomplete = 0;
        int invalid = 0;
        try (Connection c = DriverManager.getConnection(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // the plugin works with an unqualified table name under its own search_path
                st.execute("SET search_path TO \"" + dids.schema() + "\"");
            }
            String upsert = "INSERT INTO \"" + dids.table() + "\" (scope, name, vo, data) VALUES (?, ?, ?, ?::jsonb)"
                    + " ON CONFLICT (scope, name) DO UPDATE set data = \"" + dids.table() + "\".data || EXCLUDED.data";
            try (PreparedStatement bulk = c.prepareStatement(upsert)) {
                int pending = 0;
                for (int i = 0; i < count; i++) {
                    Map<String, Object> meta = observation(i, random);
                    String scope = (String) meta.remove("_scope");
                    String name = (String) meta.remove("_name");
                    int kind = i % 50;
                    if (kind == 7) {
                        meta.remove("obs_publisher_did");
                        incomplete++;
                    } else if (kind == 13) {
                        meta.put("calib_level", "high");
                        invalid++;
                    } else if (kind == 29) {
                        meta.put("s_region", "POLYGON ICRS 10 -30 11 -30");
                        invalid++;
                    } else if (kind == 41) {
                        meta.put("dataproduct_type", "picture");
                        invalid++;
                    }
                    if (i % 10 == 3) {
                        // key by key, values as strings, each its own statement and commit (set_metadata)
                        pending = flush(c, bulk, pending);
                        try (PreparedStatement one = c.prepareStatement(upsert)) {
                            for (Map.Entry<String, Object> e : meta.entrySet()) {
                                one.setString(1, scope);
                                one.setString(2, name);
                                one.setString(3, "def");
                                one.setString(4, json(Map.of(e.getKey(), String.valueOf(e.getValue()))));
                                one.executeUpdate();
                                c.commit();
                            }
                        }
                    } else {
                        bulk.setString(1, scope);
                        bulk.setString(2, name);
                        bulk.setString(3, "def");
                        bulk.setString(4, json(meta));
                        bulk.addBatch();
                        pending++;
                        if (pending == 500) {
                            pending = flush(c, bulk, pending);
                        }
                    }
                    if ((i + 1) % 1000 == 0) {
                        progress.accept(i + 1);
                    }
                }
                flush(c, bulk, pending);
            }
            progress.accept(count);
        }
        return new Summary(count, incomplete, invalid);
    }

    private static int flush(Connection c, PreparedStatement bulk, int pending) throws SQLException {
        if (pending > 0) {
            bulk.executeBatch();
            c.commit();
        }
        return 0;
    }

    /** One observation's metadata; keys _scope and _name say where it goes. */
    public static Map<String, Object> observation(int i, SplittableRandom r) {
        Setup s = SETUPS.get(r.nextInt(SETUPS.size()));
        String[] types = {"image", "image", "cube", "cube", "visibility", "visibility", "timeseries", "spectrum"};
        String type = types[r.nextInt(types.length)];
        int calib = switch (type) {
            case "visibility" -> r.nextInt(2);
            case "timeseries" -> 1 + r.nextInt(2);
            default -> 2 + r.nextInt(2);
        };
        double ra = r.nextDouble(0, 360);
        double dec = Math.toDegrees(Math.asin(r.nextDouble(Math.sin(Math.toRadians(s.decMin())),
                Math.sin(Math.toRadians(s.decMax())))));
        double fLow = s.fMin() + r.nextDouble() * (s.fMax() - s.fMin()) * 0.5;
        double fHigh = Math.min(s.fMax(), fLow + (s.fMax() - s.fMin()) * (0.05 + r.nextDouble() * 0.5));
        double beamDeg = Math.toDegrees(1.22 * (C / fLow) / s.aperture());
        double fov = Math.min(30.0, beamDeg);
        double start = 59_500 + r.nextDouble() * 1_900;
        double hours = type.equals("timeseries") ? 0.25 + r.nextDouble() * 2 : 2 + r.nextDouble() * 8;
        int year = 2021 + (int) ((start - 59_215) / 365.25);
        String scope = s.facility().toLowerCase(Locale.ROOT).replace("-", "_") + "_" + year;
        String obsId = s.facility().replace("-", "") + "-" + year + "-" + String.format(Locale.ROOT, "%06d", i / 3);
        String ext = switch (type) {
            case "visibility" -> ".ms.tar";
            case "timeseries" -> ".fil";
            default -> ".fits";
        };
        String name = obsId.toLowerCase(Locale.ROOT) + "_" + type + "_" + (i % 3) + ext;
        long channels = type.equals("cube") || type.equals("visibility") || type.equals("spectrum")
                ? 64L << r.nextInt(8) : 1;
        long pixels = type.equals("image") || type.equals("cube") ? 1024L << r.nextInt(4) : -1;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_scope", scope);
        m.put("_name", name);
        m.put("obs_id", obsId);
        m.put("obs_collection", s.collection());
        m.put("obs_publisher_did", "ivo://skao.int/rucio?" + scope + ":" + name);
        m.put("calib_level", calib);
        m.put("dataproduct_type", type);
        m.put("facility_name", s.facility());
        m.put("instrument_name", s.instrument());
        m.put("target_name", r.nextInt(3) == 0 ? TARGETS[r.nextInt(TARGETS.length)]
                : String.format(Locale.ROOT, "J%02d%02d%s%02d", (int) (ra / 15), (int) (ra * 4 % 60),
                        dec < 0 ? "-" : "+", (int) Math.abs(dec)));
        m.put("s_ra", round(ra, 6));
        m.put("s_dec", round(dec, 6));
        if (i % 4 == 0 && Math.abs(dec) + fov / 2 < 89) {
            // a mosaic or tile footprint as an STC-S polygon
            double h = fov / 2;
            double w = h / Math.max(0.2, Math.cos(Math.toRadians(dec)));
            m.put("s_region", String.format(Locale.ROOT, "POLYGON ICRS %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f",
                    ra - w, dec - h, ra + w, dec - h, ra + w, dec + h, ra - w, dec + h));
        } else if (i % 4 == 1) {
            m.put("s_region", String.format(Locale.ROOT, "CIRCLE ICRS %.6f %.6f %.4f", ra, dec, fov / 2));
        } else {
            m.put("s_fov", round(fov, 4));
        }
        m.put("s_resolution", round(Math.toDegrees(C / fHigh / (s.aperture() * 100)) * 3600, 3));
        m.put("s_xel1", pixels);
        m.put("s_xel2", pixels);
        m.put("t_min", round(start, 6));
        m.put("t_max", round(start + hours / 24, 6));
        m.put("t_exptime", round(hours * 3600 * 0.95, 1));
        m.put("t_resolution", type.equals("timeseries") ? 6.4e-5 : 8.0);
        m.put("t_xel", type.equals("timeseries") ? (long) (hours * 3600 / 6.4e-5) : 1);
        m.put("em_min", C / fHigh);
        m.put("em_max", C / fLow);
        m.put("em_res_power", round(fHigh / ((fHigh - fLow) / channels), 1));
        m.put("em_xel", channels);
        m.put("em_ucd", "em.freq");
        m.put("em_unit", "Hz");
        m.put("o_ucd", type.equals("visibility") ? "phot.flux.density;em.radio" : "phot.flux.density");
        m.put("o_unit", type.equals("visibility") ? "Jy" : "Jy/beam");
        m.put("pol_states", type.equals("visibility") ? "/XX/YY/XY/YX/" : r.nextBoolean() ? "/I/" : "/I/Q/U/V/");
        m.put("pol_xel", type.equals("visibility") ? 4 : ((String) m.get("pol_states")).split("/").length - 1);
        m.put("access_url", "https://rucio.srcnet.example/replicas/" + scope + "/" + name);
        m.put("access_format", switch (type) {
            case "visibility" -> "application/x-tar";
            case "timeseries" -> "application/octet-stream";
            default -> "application/fits";
        });
        m.put("access_estsize", (long) (pixels > 0 ? pixels * pixels * channels * 4 / 1024 : 1_000_000 + r.nextInt(50_000_000)));
        m.put("obs_release_date", String.format(Locale.ROOT, "%d-%02d-01T00:00:00", year + 1, 1 + r.nextInt(12)));
        m.put("data_rights", r.nextInt(5) == 0 ? "proprietary" : "public");
        m.put("proposal_id", s.facility().replace("-", "") + "-" + year + "-" + (100 + r.nextInt(40)));
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Minimal JSON for flat maps of strings and numbers. */
    public static String json(Map<String, ?> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof Number n) {
                sb.append(n);
            } else {
                sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return sb.append('}').toString();
    }
}
