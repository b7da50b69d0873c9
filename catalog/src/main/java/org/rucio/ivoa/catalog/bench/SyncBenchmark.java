package org.rucio.ivoa.catalog.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.schema.SyncSql;

/**
 * What the sync costs Rucio's writes: the same writes into two databases of one throw-away cluster, one
 * with the sync triggers and one with them disabled, alternated and repeated, medians reported.
 * (1) a bulk INSERT ... SELECT of N DIDs; (2) Rucio-style per-DID upserts (set_metadata_bulk, a commit
 * each) over several connections, half updating existing DIDs, half creating new ones.
 */
public final class SyncBenchmark {

    public record Settings(int dids, int upserts, int connections, int repeats) {
    }

    private final Settings settings;
    private final PrintStream out;

    public SyncBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rucio-ivoa-bench-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ManagedPostgres pg = ManagedPostgres.at(dir.resolve("pg"));
        int port = ManagedPostgres.freePort();
        // Ctrl-C must not leave a cluster running
        Thread cleanup = new Thread(() -> {
            pg.kill();
            deleteRecursively(dir);
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            pg.start(port, true);
            String withSync = database(pg, port, "with_sync", true);
            String withoutSync = database(pg, port, "without_sync", false);
            out.printf("generating %,d DIDs (realistic radio metadata, %s) ...%n", settings.dids(), "DemoData");
            stage(withSync);
            stage(withoutSync);

            List<Double> bulkWith = new ArrayList<>();
            List<Double> bulkWithout = new ArrayList<>();
            List<Double> upsertWith = new ArrayList<>();
            List<Double> upsertWithout = new ArrayList<>();
            for (int r = 0; r < settings.repeats(); r++) {
                // alternate which goes first, so drift on a shared machine hits both alike
                boolean syncFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean sync = (k == 0) == syncFirst;
                    String url = sync ? withSync : withoutSync;
                    double bulk = bulkInsert(url);
                    double upsert = upserts(url, r);
                    (sync ? bulkWith : bulkWithout).add(bulk);
                    (sync ? upsertWith : upsertWithout).add(upsert);
                    out.printf("run %d %-12s bulk %,10.0f DIDs/s   per-DID upserts %,8.0f DIDs/s%n", r + 1,
                            sync ? "with sync" : "without sync", settings.dids() / bulk, settings.upserts() / upsert);
                }
            }
            verify(withSync);
            List<Double> writes = new ArrayList<>();
            for (int r = 0; r < settings.repeats(); r++) {
                writes.add(obscoreWrite(withSync, r == 0));
            }
            double ww = median(writes);
            // the per-DID counterpart: the same upserts, with triggers that only write precomputed rows
            installWriteOnlyTriggers(withSync);
            List<Double> upsertWrite = new ArrayList<>();
            List<Double> upsertPlain = new ArrayList<>();
            for (int r = 0; r < settings.repeats(); r++) {
                upsertWrite.add(upserts(withSync, 100 + r));
                upsertPlain.add(upserts(withoutSync, 100 + r));
                out.printf("write-only run %d   per-DID upserts with write-only triggers %,8.0f DIDs/s, without sync"
                        + " %,8.0f DIDs/s%n", r + 1, settings.upserts() / upsertWrite.getLast(),
                        settings.upserts() / upsertPlain.getLast());
            }
            try (Connection c = DriverManager.getConnection(withSync); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM ivoa.obscore WHERE rucio_did_name LIKE '%-r100'")) {
                rs.next();
                if (rs.getLong(1) != settings.upserts() / 2) {
                    throw new IllegalStateException("the write-only triggers wrote " + rs.getLong(1) + " of "
                            + settings.upserts() / 2 + " new DIDs' rows");
                }
            }
            double uww = median(upsertWrite);
            double uwo = median(upsertPlain);
            double bw = median(bulkWith);
            double bo = median(bulkWithout);
            double uw = median(upsertWith);
            double uo = median(upsertWithout);
            out.println();
            out.printf("medians of %d runs, %,d DIDs bulk, %,d upserts over %d connections%n", settings.repeats(),
                    settings.dids(), settings.upserts(), settings.connections());
            out.printf("bulk INSERT ... SELECT   without sync %,10.0f DIDs/s (%.1f s)   with sync %,10.0f DIDs/s"
                    + " (%.1f s)   ratio %.2f (target <= 1.5)%n", settings.dids() / bo, bo, settings.dids() / bw, bw, bw / bo);
            out.printf("per-DID upserts          without sync %,10.0f DIDs/s (%.1f s)   with sync %,10.0f DIDs/s"
                    + " (%.1f s)   ratio %.2f (target <= 2.0)%n", settings.upserts() / uo, uo, settings.upserts() / uw, uw,
                    uw / uo);
            out.printf("the ObsCore rows alone, precomputed, written into ivoa.obscore with its indexes: %,10.0f DIDs/s"
                    + " (%.1f s); no bulk sync can do better than ratio %.2f%n", settings.dids() / ww, ww, (bo + ww) / bo);
            out.printf("per-DID upserts whose triggers only write precomputed ObsCore rows: %,10.0f DIDs/s against"
                    + " %,10.0f without sync; no per-DID sync can do better than ratio %.2f%n", settings.upserts() / uww,
                    settings.upserts() / uwo, uww / uwo);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            cleanup.run();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    private static String database(ManagedPostgres pg, int port, String name, boolean sync) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(port, "postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = pg.jdbcUrl(port, name);
        Migrations.migrate(url, DidTable.DEFAULT, Migrations.DEFAULT_READER_ROLE);
        if (!sync) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE rucio.dids DISABLE TRIGGER USER");
            }
        }
        return url;
    }

    /** The DIDs to insert, in a staging table of the same database (so both runs read the same rows). */
    private void stage(String url) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_src (seq int, scope varchar, name varchar, vo varchar, data jsonb)");
            SplittableRandom random = new SplittableRandom(42);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_src FROM STDIN WITH (FORMAT csv)");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < settings.dids() + settings.upserts(); i++) {
                Map<String, Object> m = DemoData.observation(i, random);
                String scope = (String) m.remove("_scope");
                String name = (String) m.remove("_name");
                batch.append(i).append(',').append(scope).append(',').append(name).append(",def,\"")
                        .append(DemoData.json(m).replace("\"", "\"\"")).append("\"\n");
                if (batch.length() > 1 << 20) {
                    byte[] bytes = batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    batch.setLength(0);
                }
            }
            byte[] bytes = batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
            st.execute("CREATE INDEX ON bench_src (seq)");
            st.execute("VACUUM ANALYZE bench_src");
        }
    }

    private double bulkInsert(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("TRUNCATE rucio.dids");
            st.execute("VACUUM ANALYZE rucio.dids");
            st.execute("CHECKPOINT");
            long t0 = System.nanoTime();
            st.executeUpdate("INSERT INTO rucio.dids (scope, name, vo, data) SELECT scope, name, vo, data FROM bench_src"
                    + " WHERE seq < " + settings.dids());
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /**
     * What writing the bulk insert's ObsCore rows costs by itself, the projection aside: the rows the sync
     * made, copied aside once, are inserted again into the emptied ivoa.obscore, with all its indexes. A
     * lower bound on any sync that keeps ivoa.obscore (and its indexes) up to date in Rucio's transaction.
     */
    private double obscoreWrite(String url, boolean first) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            if (first) {
                st.execute("CREATE TABLE bench_obscore AS SELECT * FROM ivoa.obscore LIMIT " + settings.dids());
            }
            st.execute("TRUNCATE ivoa.obscore");
            st.execute("VACUUM ANALYZE ivoa.obscore");
            st.execute("CHECKPOINT");
            long t0 = System.nanoTime();
            int rows = st.executeUpdate("INSERT INTO ivoa.obscore SELECT * FROM bench_obscore");
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("ObsCore write alone: %,d rows in %.1f s%n", rows, seconds);
            return seconds;
        }
    }

    /**
     * Replaces the sync trigger functions with ones that write each DID's ObsCore row from a table computed
     * beforehand by the full projection, taking target_name and calib_level (the keys the update half of
     * the upserts changes, both indexed) from the new metadata, so that updates touch the indexes as the
     * sync's do. What is left of the sync's cost is the write itself, its indexes and the trigger call.
     */
    private void installWriteOnlyTriggers(String url) throws SQLException {
        SyncSql sync = new SyncSql(DidTable.DEFAULT, "public");
        List<String> columns = SyncSql.physicalColumns();
        String values = columns.stream().map(c -> switch (c) {
            case "target_name" -> "coalesce(n.data ->> 'target_name', b.target_name)";
            case "calib_level" -> "coalesce((n.data ->> 'calib_level')::integer, b.calib_level)";
            default -> "b." + c;
        }).collect(java.util.stream.Collectors.joining(", "));
        String updates = columns.stream().map(c -> c + " = EXCLUDED." + c)
                .collect(java.util.stream.Collectors.joining(", "));
        String body = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$\nBEGIN\n"
                + "    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;\n"
                + "    INSERT INTO ivoa.obscore (" + String.join(", ", columns) + ", rucio_did_scope, rucio_did_name)\n"
                + "    SELECT " + values + ", n.scope, n.name FROM new_rows n JOIN public.bench_rows b\n"
                + "        ON b.scope = n.scope AND b.name = regexp_replace(n.name, '-r[0-9]+$', '')\n"
                + "    ON CONFLICT (rucio_did_scope, rucio_did_name) DO UPDATE SET " + updates + ";\n"
                + "    RETURN NULL;\nEND\n$fn$";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SET enable_memoize = off");
            st.execute("SET jit = off");
            st.execute("CREATE TABLE public.bench_rows AS SELECT * FROM (" + sync.projection("bench_src") + ") p");
            st.execute("CREATE UNIQUE INDEX ON public.bench_rows (scope, name)");
            st.execute("ANALYZE public.bench_rows");
            st.execute("CREATE OR REPLACE FUNCTION rucio_ivoa.sync_inserted() RETURNS trigger " + body);
            st.execute("CREATE OR REPLACE FUNCTION rucio_ivoa.sync_updated() RETURNS trigger " + body);
        }
    }

    /** Half the upserts change a key of an existing DID, half create a DID; one statement and commit each. */
    private double upserts(String url, int run) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CHECKPOINT");
        }
        List<String[]> work = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT scope, name, data::text FROM bench_src WHERE seq >= "
                        + settings.dids() + " ORDER BY seq LIMIT " + settings.upserts() / 2)) {
            while (rs.next()) {
                work.add(new String[] {rs.getString(1), rs.getString(2) + "-r" + run, rs.getString(3)});
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT scope, name FROM rucio.dids ORDER BY md5(name || " + run
                        + ") LIMIT " + (settings.upserts() - work.size()))) {
            int i = 0;
            while (rs.next()) {
                work.add(new String[] {rs.getString(1), rs.getString(2), "{\"target_name\": \"re-pointed " + run + "\","
                        + " \"calib_level\": \"" + (i++ % 5) + "\"}"});
            }
        }
        java.util.Collections.shuffle(work, new java.util.Random(run));
        ExecutorService pool = Executors.newFixedThreadPool(settings.connections());
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < settings.connections(); w++) {
            int worker = w;
            futures.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    c.setAutoCommit(false);
                    try (Statement st = c.createStatement()) {
                        st.execute("SET search_path TO \"rucio\"");
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"dids\" (scope, name, vo, data)"
                            + " VALUES (?, ?, 'def', ?::jsonb) ON CONFLICT (scope, name) DO UPDATE set data ="
                            + " \"dids\".data || EXCLUDED.data")) {
                        for (int i = worker; i < work.size(); i += settings.connections()) {
                            String[] w2 = work.get(i);
                            ps.setString(1, w2[0]);
                            ps.setString(2, w2[1]);
                            ps.setString(3, w2[2]);
                            ps.executeUpdate();
                            c.commit();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The benchmark must measure a sync that works: ObsCore must agree with the DIDs. */
    private void verify(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM rucio.dids), (SELECT count(*) FROM"
                        + " ivoa.obscore), (SELECT count(*) FROM rucio_ivoa.did_status)")) {
            rs.next();
            out.printf("with sync: %,d DIDs, %,d published, %,d listed as incomplete/invalid%n", rs.getLong(1),
                    rs.getLong(2), rs.getLong(3));
            if (rs.getLong(1) != rs.getLong(2) + rs.getLong(3)) {
                throw new IllegalStateException("the sync lost DIDs during the benchmark");
            }
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
