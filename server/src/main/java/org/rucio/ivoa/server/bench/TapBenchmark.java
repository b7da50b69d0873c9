package org.rucio.ivoa.server.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;

/**
 * What the TAP service costs over {@code psql}, on N published ObsCore rows (database {@code bench_tap} of
 * the managed cluster, loaded once through the sync and kept): (1) exporting {@code SELECT *} and a
 * 6-column subset in every output format, against {@code psql \copy (same SQL) TO '/dev/null'}, with the
 * service in a JVM of its own whose heap is sampled from /metrics; (2) cone searches of 0.5 degrees at random
 * places near the data, one client after the other and then several at once, against the same SQL run in
 * one psql session with {@code \timing}.
 */
public final class TapBenchmark {

    public record Settings(int rows, int repeats, int cones, int clients, String heap, Path pgDir, int pgPort) {}

    private static final List<String> FORMATS = List.of("votable", "votable/b2", "csv", "tsv", "json");
    private static final String SUBSET = "obs_id, s_ra, s_dec, t_min, em_min, calib_level";
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} (\\S+)$");
    private static final Pattern TIME = Pattern.compile("(?m)^Time: ([0-9.]+) ms");

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public TapBenchmark(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public void run() throws Exception {
        ManagedPostgres pg = ManagedPostgres.at(settings.pgDir());
        pg.start(settings.pgPort(), true);
        int port = pg.runningPort().orElseThrow();
        String url = database(pg, port);
        Migrations.migrate(url, DidTable.DEFAULT, Migrations.DEFAULT_READER_ROLE);
        load(url);
        Metadata metadata = PublishedMetadata.read(url);
        Process server = startServer(url);
        try {
            String tap = "http://127.0.0.1:" + serverPort + "/tap";
            awaitAvailable(tap);
            HeapSampler heap = new HeapSampler("http://127.0.0.1:" + serverPort + "/metrics");
            long idleHeap = heap.sample();
            out.printf(Locale.ROOT, "service: separate JVM, -Xmx%s; heap in use when idle %.0f MB%n", settings.heap(),
                    idleHeap / 1e6);
            Thread sampler = Thread.ofPlatform().daemon().start(heap);
            try {
                exports(tap, url, pg, port, metadata);
            } finally {
                heap.stop.set(true);
                sampler.join();
            }
            out.printf(Locale.ROOT, "peak heap in use during the exports: %.0f MB (sampled every 100 ms; -Xmx%s)%n%n",
                    heap.peak.get() / 1e6, settings.heap());
            cones(tap, url, pg, port, metadata);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    // ---- data

    private static String database(ManagedPostgres pg, int port) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(port, "postgres")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench_tap'")) {
            if (!rs.next()) st.execute("CREATE DATABASE bench_tap");
        }
        return pg.jdbcUrl(port, "bench_tap");
    }

    /** N valid DIDs through the sync (one COPY into rucio.dids), unless they are there from an earlier run. */
    private void load(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            long published;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ivoa.obscore")) {
                rs.next();
                published = rs.getLong(1);
            }
            if (published == settings.rows()) {
                out.printf("ivoa.obscore holds %,d rows from an earlier run%n", published);
                return;
            }
            out.printf("loading %,d DIDs into rucio.dids (the sync publishes them) ...%n", settings.rows());
            long t0 = System.nanoTime();
            st.execute("TRUNCATE rucio.dids");
            SplittableRandom random = new SplittableRandom(42);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY rucio.dids (scope, name, vo, data) FROM STDIN WITH (FORMAT csv)");
            StringBuilder batch = new StringBuilder(1 << 21);
            for (int i = 0; i < settings.rows(); i++) {
                Map<String, Object> m = DemoData.observation(i, random);
                String scope = (String) m.remove("_scope");
                String name = (String) m.remove("_name");
                batch.append(scope).append(',').append(name).append(",def,\"")
                        .append(DemoData.json(m).replace("\"", "\"\"")).append("\"\n");
                if (batch.length() > 1 << 20) {
                    byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    batch.setLength(0);
                }
            }
            byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
            st.execute("VACUUM ANALYZE ivoa.obscore");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ivoa.obscore")) {
                rs.next();
                out.printf(Locale.ROOT, "published %,d rows in %.0f s%n", rs.getLong(1), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    // ---- the service

    private int serverPort;

    private Process startServer(String url) throws IOException {
        serverPort = ManagedPostgres.freePort();
        Path jar = Path.of(URI.create(TapBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toString()));
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("rucio-ivoa-bench-tap-", ".log");
        out.println("service log: " + log);
        return new ProcessBuilder(java, "-Xmx" + settings.heap(), "-cp", jar.toString(),
                "org.rucio.ivoa.server.cli.Main", "serve", "--db-url", url, "--host", "127.0.0.1",
                // the default MAXREC stays (10,000): the exports ask for all rows, the cones take the default
                "--port", Integer.toString(serverPort), "--maxrec-limit", Integer.toString(settings.rows()), "--pool-size", Integer.toString(Math.max(8, settings.clients())),
                "--results-dir", Files.createTempDirectory("rucio-ivoa-bench-results").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitAvailable(String tap) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(tap + "/availability")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("<vosi:available>true")) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the service did not become available within 120 s");
    }

    /** Reads the service's heap use from /metrics every 100 ms and keeps the largest. */
    private final class HeapSampler implements Runnable {
        final AtomicLong peak = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        private final URI metrics;

        HeapSampler(String metrics) {
            this.metrics = URI.create(metrics);
        }

        long sample() throws IOException, InterruptedException {
            String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEAP.matcher(body);
            long used = 0;
            while (m.find()) used += (long) Double.parseDouble(m.group(1));
            peak.accumulateAndGet(used, Math::max);
            return used;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    sample();
                    Thread.sleep(100);
                } catch (IOException e) {
                    // a busy moment; the next sample will do
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // ---- exports

    private void exports(String tap, String url, ManagedPostgres pg, int port, Metadata md) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("SELECT *", "SELECT * FROM ivoa.obscore");
        queries.put("6 columns", "SELECT " + SUBSET + " FROM ivoa.obscore");
        out.printf("%nexport of %,d rows: medians of %d runs, alternating psql and the service%n", settings.rows(),
                settings.repeats());
        out.printf("%-10s %-12s %9s %8s %10s%n", "query", "format", "seconds", "x psql", "MB");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            String sql = AdqlCompiler.compile(q.getValue(), md, Map.of()).sql();
            Map<String, List<Double>> seconds = new LinkedHashMap<>();
            Map<String, Long> bytes = new LinkedHashMap<>();
            for (int r = 0; r < settings.repeats(); r++) {
                seconds.computeIfAbsent("psql", k -> new ArrayList<>()).add(psqlCopy(pg, port, sql));
                for (String f : FORMATS) {
                    long[] size = new long[1];
                    seconds.computeIfAbsent(f, k -> new ArrayList<>()).add(download(tap, q.getValue(), f, size));
                    bytes.put(f, size[0]);
                }
            }
            double psql = median(seconds.get("psql"));
            out.printf(Locale.ROOT, "%-10s %-12s %9.2f %8s %10s%n", q.getKey(), "psql \\copy", psql, "1.00", "-");
            for (String f : FORMATS) {
                double s = median(seconds.get(f));
                out.printf(Locale.ROOT, "%-10s %-12s %9.2f %8.2f %10.0f%n", q.getKey(), f, s, s / psql, bytes.get(f) / 1e6);
            }
        }
    }

    private double download(String tap, String adql, String format, long[] size) throws Exception {
        URI uri = URI.create(tap + "/sync?LANG=ADQL&MAXREC=" + settings.rows() + "&RESPONSEFORMAT="
                + URLEncoder.encode(format, StandardCharsets.UTF_8) + "&QUERY=" + URLEncoder.encode(adql, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int k; (k = in.read(buffer)) >= 0; ) n += k;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.statusCode() != 200) throw new IllegalStateException(format + " export failed with HTTP " + r.statusCode());
        size[0] = n;
        return s;
    }

    private double psqlCopy(ManagedPostgres pg, int port, String sql) throws Exception {
        long t0 = System.nanoTime();
        psql(pg, port, List.of("-c", "\\copy (" + sql + ") TO '/dev/null'"), null); // fails on a non-zero exit
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String psql(ManagedPostgres pg, int port, List<String> args, Path script) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", ManagedPostgres.SUPERUSER, "-d", "bench_tap", "-v", "ON_ERROR_STOP=1"));
        command.addAll(args);
        if (script != null) command.addAll(List.of("-o", "/dev/null", "-f", script.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", pg.password());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("psql failed: " + output);
        return output.strip();
    }

    // ---- cone searches

    private void cones(String tap, String url, ManagedPostgres pg, int port, Metadata md) throws Exception {
        List<double[]> centres = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT s_ra, s_dec FROM ivoa.obscore WHERE s_ra IS NOT NULL ORDER BY random() LIMIT "
                     + settings.cones())) {
            while (rs.next()) {
                centres.add(new double[] {(rs.getDouble(1) + random.nextDouble(-0.5, 0.5) + 360) % 360,
                        Math.max(-90, Math.min(90, rs.getDouble(2) + random.nextDouble(-0.5, 0.5)))});
            }
        }
        List<String> adql = centres.stream().map(p -> String.format(Locale.ROOT, "SELECT " + SUBSET + " FROM ivoa.obscore"
                + " WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', %.6f, %.6f, 0.5))", p[0], p[1])).toList();
        // warm both roads up alike
        for (String q : adql.subList(0, Math.min(50, adql.size()))) cone(tap, q);
        Path script = Files.createTempFile("rucio-ivoa-cones-", ".sql");
        StringBuilder sb = new StringBuilder("\\timing on\nSELECT set_sphere_output('DEG');\n");
        for (String q : adql) sb.append(AdqlCompiler.compile(q, md, Map.of()).sql()).append(";\n");
        Files.writeString(script, sb);
        psql(pg, port, List.of(), script);
        List<Double> psql = new ArrayList<>();
        Matcher m = TIME.matcher(psql(pg, port, List.of(), script));
        while (m.find()) psql.add(Double.parseDouble(m.group(1)));
        psql = psql.subList(psql.size() - adql.size(), psql.size());

        List<Double> sequential = new ArrayList<>();
        long rows = 0;
        for (String q : adql) {
            long t0 = System.nanoTime();
            rows += cone(tap, q);
            sequential.add((System.nanoTime() - t0) / 1e6);
        }
        // the floor of any answer over HTTP here: a small static file, no ADQL, no database
        List<Double> floor = new ArrayList<>();
        URI icon = URI.create(tap.replaceAll("/tap$", "") + "/web/icon.svg");
        for (int i = 0; i < adql.size(); i++) {
            long t0 = System.nanoTime();
            http.send(HttpRequest.newBuilder(icon).build(), HttpResponse.BodyHandlers.discarding());
            floor.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> concurrent = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.clients())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < settings.clients(); k++) {
                int first = k;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < adql.size(); i += settings.clients()) {
                        long s = System.nanoTime();
                        cone(tap, adql.get(i));
                        concurrent.add((System.nanoTime() - s) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "cone searches, 0.5 deg, %d random places near the data (%.1f rows each on average),"
                + " VOTable:%n", adql.size(), rows / (double) adql.size());
        out.printf(Locale.ROOT, "%-34s %9s %9s%n", "", "p50 ms", "p95 ms");
        out.printf(Locale.ROOT, "%-34s %9.2f %9.2f%n", "psql, same SQL, one session", percentile(psql, 50), percentile(psql, 95));
        out.printf(Locale.ROOT, "%-34s %9.2f %9.2f%n", "HTTP floor: a static file", percentile(floor, 50),
                percentile(floor, 95));
        out.printf(Locale.ROOT, "%-34s %9.2f %9.2f   (p50 %.2f x psql)%n", "service, one client", percentile(sequential, 50),
                percentile(sequential, 95), percentile(sequential, 50) / percentile(psql, 50));
        out.printf(Locale.ROOT, "%-34s %9.2f %9.2f   (%.0f queries/s)%n", "service, " + settings.clients() + " clients at once",
                percentile(concurrent, 50), percentile(concurrent, 95), adql.size() / wall);
    }

    /** One cone search over HTTP; returns its rows (TABLEDATA rows counted). */
    private long cone(String tap, String adql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tap + "/sync?LANG=ADQL&QUERY="
                + URLEncoder.encode(adql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("cone search failed: " + r.body());
        long rows = 0;
        for (int i = r.body().indexOf("<TR>"); i >= 0; i = r.body().indexOf("<TR>", i + 4)) rows++;
        return rows;
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
