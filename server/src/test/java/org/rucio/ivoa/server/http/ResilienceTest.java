package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.uws.AsyncJobs;

/**
 * The service when things go wrong around it: clients that hang up, more clients than it runs queries for,
 * and a database that restarts under load. Also its Prometheus metrics.
 */
class ResilienceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Minutes of work for PostgreSQL; the marker finds it in pg_stat_activity. */
    private static String slowQuery(String marker) {
        return "SELECT COUNT(*) AS n FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c, ivoa.obscore AS d"
                + " WHERE a.obs_id <> '" + marker + "'";
    }

    private static TapServer start(String url, int poolSize) throws Exception {
        return TapServer.start(new TapServer.Config(url, "127.0.0.1", 0, null,
                new QueryRunner.Limits(100, 1000, Duration.ofSeconds(120), 50), Migrations.DEFAULT_READER_ROLE, poolSize,
                new AsyncJobs.Settings(Files.createTempDirectory("resilience-results"), 1, Duration.ofDays(1),
                        Duration.ofMinutes(1))));
    }

    /** Sends a sync query on a raw socket and leaves the connection open, as a client waiting for the answer. */
    private static Socket send(int port, String adql) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        String body = "LANG=ADQL&QUERY=" + URLEncoder.encode(adql, StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write(("POST /tap/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static long running(String url, String marker) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%"
                     + marker + "%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitRunning(String url, String marker, long n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (running(url, marker) < n) {
            assertThat(System.nanoTime()).as("the query reached the database").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> query(int port, String adql) throws Exception {
        return get(port, "/tap/sync?LANG=ADQL&RESPONSEFORMAT=csv&QUERY=" + URLEncoder.encode(adql, StandardCharsets.UTF_8));
    }

    @Test
    void aClientThatHangsUpHasItsQueryCancelledWithinASecond() throws Exception {
        String url = TestPostgres.migratedDatabase("hangup");
        new DemoData(url, DidTable.DEFAULT, 5).write(200, n -> { });
        try (TapServer server = start(url, 4)) {
            Socket client = send(server.port(), slowQuery("hangup-marker"));
            awaitRunning(url, "hangup-marker", 1);
            client.close();
            long closed = System.nanoTime();
            while (running(url, "hangup-marker") > 0) {
                assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("the backend is gone within a second")
                        .isLessThan(Duration.ofSeconds(1));
                Thread.sleep(20);
            }
            // the connection went back to the pool in good order: the next query works
            assertThat(query(server.port(), "SELECT COUNT(*) AS n FROM ivoa.obscore").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/metrics").body()).contains("rucio_ivoa_queries_total{outcome=\"cancelled\"} 1.0");
        }
    }

    @Test
    void beyondTheSyncLimitClientsAreToldToComeBackLater() throws Exception {
        String url = TestPostgres.migratedDatabase("busy");
        new DemoData(url, DidTable.DEFAULT, 6).write(200, n -> { });
        try (TapServer server = start(url, 2)) {
            List<Socket> slow = new ArrayList<>();
            slow.add(send(server.port(), slowQuery("busy-marker")));
            slow.add(send(server.port(), slowQuery("busy-marker")));
            awaitRunning(url, "busy-marker", 2);
            HttpResponse<String> refused = query(server.port(), "SELECT TOP 1 obs_id FROM ivoa.obscore");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).contains("QUERY_STATUS", "the service is busy: 2 synchronous queries are running");
            // metadata and async stay open while sync is full
            assertThat(get(server.port(), "/tap/capabilities").statusCode()).isEqualTo(200);
            String metrics = get(server.port(), "/metrics").body();
            assertThat(metrics).contains("rucio_ivoa_active_queries 2.0", "rucio_ivoa_queries_total{outcome=\"busy\"} 1.0",
                    "rucio_ivoa_db_pool_connections{state=\"active\"} 2.0", "jvm_memory_used_bytes{area=\"heap\"}");
            for (Socket s : slow) s.close();
            // the slots come free as the cancelled queries return
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            do {
                status = query(server.port(), "SELECT TOP 1 obs_id FROM ivoa.obscore").statusCode();
            } while (status == 503 && System.nanoTime() < deadline && sleep(50));
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void theServiceRecoversByItselfWhenTheDatabaseRestartsUnderLoad() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rucio-ivoa-restart-pg-");
        ManagedPostgres pg = ManagedPostgres.at(dir);
        int port = ManagedPostgres.freePort();
        String url = pg.start(port, false);
        try {
            Migrations.migrate(url, DidTable.DEFAULT, Migrations.DEFAULT_READER_ROLE);
            new DemoData(url, DidTable.DEFAULT, 7).write(200, n -> { });
            try (TapServer server = start(url, 4)) {
                AtomicBoolean stop = new AtomicBoolean();
                ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
                List<Thread> load = new ArrayList<>();
                // three clients keep querying; the fourth slot is for the checks below
                for (int i = 0; i < 3; i++) {
                    load.add(Thread.ofVirtual().start(() -> {
                        while (!stop.get()) {
                            try {
                                statuses.add(query(server.port(), "SELECT TOP 20 obs_id, s_ra, s_dec FROM ivoa.obscore").statusCode());
                            } catch (Exception e) {
                                statuses.add(-1);
                            }
                        }
                    }));
                }
                Thread.sleep(500);
                pg.stop();
                assertThat(get(server.port(), "/tap/availability").body()).contains("<vosi:available>false</vosi:available>");
                HttpResponse<String> down = query(server.port(), "SELECT TOP 1 obs_id FROM ivoa.obscore");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("the database is not available at the moment").doesNotContain("PSQLException");
                pg.start(port, false);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!get(server.port(), "/tap/availability").body().contains("<vosi:available>true")) {
                    assertThat(System.nanoTime()).as("available again").isLessThan(deadline);
                    Thread.sleep(100);
                }
                statuses.clear();
                Thread.sleep(1000);
                stop.set(true);
                for (Thread t : load) t.join();
                // after the restart every query succeeds again, with no action by anyone
                assertThat(statuses).isNotEmpty().containsOnly(200);
                HttpResponse<String> count = query(server.port(), "SELECT COUNT(*) AS n FROM ivoa.obscore");
                assertThat(count.statusCode()).isEqualTo(200);
                assertThat(count.body()).matches("(?s)n\\r?\\n\\d+\\r?\\n");
            }
        } finally {
            pg.kill();
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
