package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** TAP /async (UWS 1.1) over HTTP against a real database: jobs, phases, results, limits, restarts. */
class AsyncTest {
    private static final String UWS = "http://www.ivoa.net/xml/UWS/v1.0";
    private static final String VOT = "http://www.ivoa.net/xml/VOTable/v1.3";
    /** Four copies of 500 observations crossed: far more than any test waits for. */
    static final String LONG_QUERY = "SELECT COUNT(*) AS n FROM ivoa.obscore AS a, ivoa.obscore AS b, ivoa.obscore AS c,"
            + " ivoa.obscore AS d";
    static final String SHORT_QUERY = "SELECT TOP 20 obs_id, s_ra, s_dec, calib_level FROM ivoa.obscore ORDER BY obs_id";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static String url;
    private static Path results;
    private static TapServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        url = TestPostgres.migratedDatabase("uws");
        new DemoData(url, DidTable.DEFAULT, 1).write(500, n -> { });
        results = Files.createTempDirectory("uws-results");
        server = start(url, results, 1);
        base = "http://127.0.0.1:" + server.port();
    }

    static TapServer start(String url, Path results, int workers) throws Exception {
        return TapServer.start(new TapServer.Config(url, "127.0.0.1", 0, null,
                new QueryRunner.Limits(100, 1000, Duration.ofSeconds(60), 50), Migrations.DEFAULT_READER_ROLE, 3,
                new AsyncJobs.Settings(results, workers, Duration.ofDays(1), Duration.ofSeconds(1))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    // ---- helpers

    static HttpResponse<byte[]> get(String absolute) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(absolute)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> post(String absolute, String... namesAndValues) throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parts.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(absolute))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", parts))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Creates a job and returns its URL (from the 303). */
    static String create(String base, String... namesAndValues) throws Exception {
        HttpResponse<byte[]> r = post(base + "/tap/async", namesAndValues);
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Location").orElseThrow();
    }

    static String query(String base, String adql, String... more) throws Exception {
        List<String> p = new ArrayList<>(List.of("LANG", "ADQL", "QUERY", adql));
        p.addAll(List.of(more));
        return create(base, p.toArray(String[]::new));
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static String phase(String job) throws Exception {
        return text(get(job + "/phase"));
    }

    static String child(Document d, String name) {
        NodeList l = d.getElementsByTagNameNS(UWS, name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    /** Blocks with WAIT (and PHASE, as a UWS 1.1 client should) until the job reaches one of the phases. */
    static Document awaitPhase(String job, String... phases) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        HttpResponse<byte[]> r = get(job);
        while (true) {
            assertThat(r.statusCode()).isEqualTo(200);
            Document d = TapServerTest.xml(r.body());
            String phase = child(d, "phase");
            if (Set.of(phases).contains(phase)) return d;
            assertThat(Instant.now()).as("job %s still %s", job, phase).isBefore(deadline);
            if (!Set.of("PENDING", "QUEUED", "EXECUTING").contains(phase)) Thread.sleep(20);
            r = get(job + "?WAIT=5&PHASE=" + phase);
        }
    }

    static List<List<String>> rows(byte[] votable) throws Exception {
        Document d = TapServerTest.xml(votable);
        List<List<String>> out = new ArrayList<>();
        NodeList trs = d.getElementsByTagNameNS(VOT, "TR");
        for (int i = 0; i < trs.getLength(); i++) {
            List<String> row = new ArrayList<>();
            NodeList tds = ((Element) trs.item(i)).getElementsByTagNameNS(VOT, "TD");
            for (int j = 0; j < tds.getLength(); j++) {
                Node td = tds.item(j);
                row.add(td.hasChildNodes() ? td.getTextContent() : null);
            }
            out.add(row);
        }
        return out;
    }

    static String errorMessage(byte[] votable) throws Exception {
        NodeList infos = TapServerTest.xml(votable).getElementsByTagNameNS(VOT, "INFO");
        for (int i = 0; i < infos.getLength(); i++) {
            Element e = (Element) infos.item(i);
            if (e.getAttribute("name").equals("QUERY_STATUS") && e.getAttribute("value").equals("ERROR")) return e.getTextContent();
        }
        return null;
    }

    /** Database backends (other than ours) currently running a query on ivoa.obscore. */
    static int activeQueries(String url) throws Exception {
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                     + " AND query LIKE '%obscore%' AND query NOT LIKE '%pg_stat_activity%' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static void awaitNoActiveQuery(String url) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (activeQueries(url) > 0) {
            assertThat(Instant.now()).as("the database still runs the query").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    // ---- the normal road

    @Test
    void jobRunsAndItsResultEqualsTheSyncResult() throws Exception {
        String job = query(base, SHORT_QUERY, "RUNID", "radio-survey-7");
        assertThat(job).startsWith(base + "/tap/async/");
        assertThat(job.substring(job.lastIndexOf('/') + 1)).matches("[A-Za-z0-9_-]{22}");
        assertThat(phase(job)).isEqualTo("PENDING");
        HttpResponse<byte[]> run = post(job + "/phase", "PHASE", "RUN");
        assertThat(run.statusCode()).isEqualTo(303);
        assertThat(run.headers().firstValue("Location")).hasValue(job);

        Document d = awaitPhase(job, "COMPLETED", "ERROR");
        assertThat(child(d, "phase")).isEqualTo("COMPLETED");
        assertThat(d.getDocumentElement().getAttribute("version")).isEqualTo("1.1");
        assertThat(child(d, "runId")).isEqualTo("radio-survey-7");
        assertThat(child(d, "startTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
        Element result = (Element) d.getElementsByTagNameNS(UWS, "result").item(0);
        assertThat(result.getAttribute("id")).isEqualTo("result");
        assertThat(result.getAttributeNS("http://www.w3.org/1999/xlink", "href")).isEqualTo(job + "/results/result");

        HttpResponse<byte[]> async = get(job + "/results/result");
        assertThat(async.statusCode()).isEqualTo(200);
        assertThat(async.headers().firstValue("Content-Type")).hasValue("application/x-votable+xml");
        assertThat(result.getAttribute("size")).isEqualTo(Long.toString(async.body().length));
        HttpResponse<byte[]> sync = post(base + "/tap/sync", "LANG", "ADQL", "QUERY", SHORT_QUERY);
        assertThat(rows(async.body())).hasSize(20).isEqualTo(rows(sync.body()));
        assertThat(get(job + "/error").statusCode()).isEqualTo(404);
        assertThat(get(job + "/results/other").statusCode()).isEqualTo(404);
    }

    @Test
    void phaseRunOnCreationStartsTheJobAndFormatIsKept() throws Exception {
        String job = query(base, SHORT_QUERY, "RESPONSEFORMAT", "csv", "PHASE", "RUN");
        assertThat(phase(job)).isIn("QUEUED", "EXECUTING", "COMPLETED");
        awaitPhase(job, "COMPLETED");
        HttpResponse<byte[]> r = get(job + "/results/result");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(text(r).split("\r\n")).hasSize(21);
        Document params = TapServerTest.xml(get(job + "/parameters").body());
        List<String> ids = new ArrayList<>();
        NodeList l = params.getElementsByTagNameNS(UWS, "parameter");
        for (int i = 0; i < l.getLength(); i++) ids.add(((Element) l.item(i)).getAttribute("id"));
        assertThat(ids).containsExactly("lang", "query", "responseformat");
    }

    @Test
    void subResourcesAreTextAndAgreeWithTheJobDocument() throws Exception {
        String job = query(base, SHORT_QUERY, "RUNID", "TAPLINT-001", "EXECUTIONDURATION", "30");
        Document d = TapServerTest.xml(get(job).body());
        assertThat(get(job).headers().firstValue("Content-Type").orElseThrow()).startsWith("text/xml");
        assertThat(child(d, "jobId")).isEqualTo(job.substring(job.lastIndexOf('/') + 1));
        HttpResponse<byte[]> ed = get(job + "/executionduration");
        assertThat(ed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(text(ed)).isEqualTo("30").isEqualTo(child(d, "executionDuration"));
        assertThat(text(get(job + "/destruction"))).isEqualTo(child(d, "destruction"))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z");
        assertThat(text(get(job + "/quote"))).isEmpty();
        assertThat(text(get(job + "/owner"))).isEmpty();

        assertThat(post(job + "/parameters", "runId", "TAPLINT-002").statusCode()).isEqualTo(303);
        assertThat(child(TapServerTest.xml(get(job).body()), "runId")).isEqualTo("TAPLINT-002");
        assertThat(post(job + "/executionduration", "EXECUTIONDURATION", "12").statusCode()).isEqualTo(303);
        assertThat(text(get(job + "/executionduration"))).isEqualTo("12");
        assertThat(post(job + "/destruction", "DESTRUCTION", "2030-01-01T00:00:00Z").statusCode()).isEqualTo(303);
        assertThat(text(get(job + "/destruction"))).isNotEqualTo("2030-01-01T00:00:00Z"); // clamped to the retention
        assertThat(post(job, "QUERY", "SELECT 1").statusCode()).isEqualTo(403);

        assertThat(post(job + "/phase", "PHASE", "ABORT").statusCode()).isEqualTo(303);
        assertThat(phase(job)).isEqualTo("ABORTED");
        assertThat(post(job + "/parameters", "QUERY", "SELECT 1").statusCode()).isEqualTo(403);
        assertThat(get(base + "/tap/async/nosuchjob0000000000000").statusCode()).isEqualTo(404);
        assertThat(get(job + "/nosuchchild").statusCode()).isEqualTo(404);
    }

    @Test
    void multipartCreationIsAccepted() throws Exception {
        String boundary = "----uws-test";
        StringBuilder body = new StringBuilder();
        for (String[] p : new String[][] {{"LANG", "ADQL"}, {"QUERY", SHORT_QUERY}, {"RESPONSEFORMAT", "tsv"}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(p[0])
                    .append("\"\r\n\r\n").append(p[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/async?PHASE=RUN"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(303);
        String job = r.headers().firstValue("Location").orElseThrow();
        awaitPhase(job, "COMPLETED");
        assertThat(get(job + "/results/result").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/tab-separated-values");
    }

    // ---- failures

    @Test
    void syntaxErrorIsAcceptedAndFailsWhenRunWithLineAndColumn() throws Exception {
        String job = query(base, "SELECT obs_id\nFROM ivoa.obscore\nWHERE s_ra >");
        assertThat(phase(job)).isEqualTo("PENDING");
        post(job + "/phase", "PHASE", "RUN");
        Document d = awaitPhase(job, "ERROR", "COMPLETED");
        assertThat(child(d, "phase")).isEqualTo("ERROR");
        Element summary = (Element) d.getElementsByTagNameNS(UWS, "errorSummary").item(0);
        assertThat(summary.getAttribute("hasDetail")).isEqualTo("true");
        assertThat(summary.getTextContent()).contains("line 3, column");
        HttpResponse<byte[]> error = get(job + "/error");
        assertThat(error.statusCode()).isEqualTo(200);
        assertThat(error.headers().firstValue("Content-Type")).hasValue("application/x-votable+xml");
        assertThat(errorMessage(error.body())).contains("line 3, column");
        assertThat(get(job + "/results/result").statusCode()).isEqualTo(404);
    }

    @Test
    void badControlValuesAtCreationStillGiveAJobThatFails() throws Exception {
        String job = query(base, SHORT_QUERY, "EXECUTIONDURATION", "soon", "PHASE", "RUN");
        Document d = TapServerTest.xml(get(job).body());
        assertThat(child(d, "phase")).isEqualTo("ERROR");
        assertThat(errorMessage(get(job + "/error").body())).contains("EXECUTIONDURATION must be a whole number");
        assertThat(post(job + "/executionduration", "EXECUTIONDURATION", "-3").statusCode()).isEqualTo(400);
    }

    @Test
    void executionDurationStopsALongQueryWithAReason() throws Exception {
        String job = query(base, LONG_QUERY, "EXECUTIONDURATION", "1", "PHASE", "RUN");
        Document d = awaitPhase(job, "ERROR", "COMPLETED");
        assertThat(child(d, "phase")).isEqualTo("ERROR");
        assertThat(child(d, "errorSummary").strip()).contains("execution duration of 1 s");
        assertThat(errorMessage(get(job + "/error").body())).contains("execution duration of 1 s");
        awaitNoActiveQuery(url);
    }

    @Test
    void abortStopsTheQueryInTheDatabase() throws Exception {
        // once as soon as the job is EXECUTING (the cancel may reach the database before the query does),
        // once when the database is visibly running it
        for (boolean seenInDatabase : new boolean[] {false, true}) {
            String job = query(base, LONG_QUERY, "PHASE", "RUN");
            awaitPhase(job, "EXECUTING");
            Instant deadline = Instant.now().plusSeconds(10);
            while (seenInDatabase && activeQueries(url) == 0) {
                assertThat(Instant.now()).as("the query never reached the database").isBefore(deadline);
                Thread.sleep(50);
            }
            HttpResponse<byte[]> r = post(job + "/phase", "PHASE", "ABORT");
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(phase(job)).isEqualTo("ABORTED");
            awaitNoActiveQuery(url);
            assertThat(phase(job)).isEqualTo("ABORTED");
            assertThat(post(job + "/phase", "PHASE", "RUN").statusCode()).isEqualTo(403);
            assertThat(get(job + "/results/result").statusCode()).isEqualTo(404);
        }
    }

    // ---- WAIT

    @Test
    void waitReturnsEarlyWhenThePhaseChanges() throws Exception {
        String job = query(base, LONG_QUERY);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> noWait = get(job + "?WAIT=10&PHASE=EXECUTING");
        assertThat(child(TapServerTest.xml(noWait.body()), "phase")).isEqualTo("PENDING");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

        Thread aborter = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1000);
                post(job + "/phase", "PHASE", "ABORT");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t0 = System.nanoTime();
        HttpResponse<byte[]> waited = get(job + "?WAIT=30");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        aborter.join();
        assertThat(child(TapServerTest.xml(waited.body()), "phase")).isEqualTo("ABORTED");
        assertThat(took).isGreaterThan(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(10));

        t0 = System.nanoTime();
        get(job + "?WAIT=30");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("finished jobs do not block").isLessThan(Duration.ofSeconds(3));
    }

    // ---- the pool

    @Test
    void thePoolBoundsConcurrency() throws Exception {
        String first = query(base, LONG_QUERY, "PHASE", "RUN");
        String second = query(base, LONG_QUERY, "PHASE", "RUN");
        String third = query(base, LONG_QUERY, "PHASE", "RUN");
        awaitPhase(first, "EXECUTING");
        Thread.sleep(300);
        assertThat(List.of(phase(first), phase(second), phase(third))).containsExactly("EXECUTING", "QUEUED", "QUEUED");
        post(second + "/phase", "PHASE", "ABORT");
        post(first + "/phase", "PHASE", "ABORT");
        awaitPhase(third, "EXECUTING");
        assertThat(phase(second)).isEqualTo("ABORTED");
        HttpResponse<byte[]> del = HTTP.send(HttpRequest.newBuilder(URI.create(third)).DELETE().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(del.statusCode()).isEqualTo(303);
        assertThat(get(third).statusCode()).isEqualTo(404);
        awaitNoActiveQuery(url);
    }

    // ---- list and deletion

    @Test
    void jobListFiltersByPhaseAfterAndLast() throws Exception {
        String a = query(base, SHORT_QUERY);
        Thread.sleep(5);
        String b = query(base, SHORT_QUERY, "PHASE", "RUN");
        awaitPhase(b, "COMPLETED");
        Thread.sleep(5);
        String c = query(base, SHORT_QUERY);
        post(c + "/phase", "PHASE", "ABORT");
        String idA = a.substring(a.lastIndexOf('/') + 1);
        String idB = b.substring(b.lastIndexOf('/') + 1);
        String idC = c.substring(c.lastIndexOf('/') + 1);

        Document all = TapServerTest.xml(get(base + "/tap/async").body());
        assertThat(all.getDocumentElement().getAttribute("version")).isEqualTo("1.1");
        assertThat(ids(all)).contains(idA, idB, idC);

        assertThat(ids(TapServerTest.xml(get(base + "/tap/async?LAST=2").body()))).containsExactly(idC, idB);
        List<String> completedOrAborted = ids(TapServerTest.xml(get(base + "/tap/async?PHASE=COMPLETED&PHASE=ABORTED").body()));
        assertThat(completedOrAborted).contains(idB, idC).doesNotContain(idA);
        assertThat(ids(TapServerTest.xml(get(base + "/tap/async?PHASE=PENDING").body()))).contains(idA).doesNotContain(idB, idC);

        Document jobA = TapServerTest.xml(get(a).body());
        String after = child(jobA, "creationTime");
        assertThat(ids(TapServerTest.xml(get(base + "/tap/async?AFTER=" + after).body()))).contains(idB, idC).doesNotContain(idA);
        assertThat(ids(TapServerTest.xml(get(base + "/tap/async?AFTER=" + after + "&PHASE=PENDING").body()))).doesNotContain(idA, idB, idC);
        assertThat(get(base + "/tap/async?LAST=0").statusCode()).isEqualTo(400);
        assertThat(get(base + "/tap/async?PHASE=DONE").statusCode()).isEqualTo(400);
    }

    static List<String> ids(Document jobs) {
        List<String> out = new ArrayList<>();
        NodeList l = jobs.getElementsByTagNameNS(UWS, "jobref");
        for (int i = 0; i < l.getLength(); i++) out.add(((Element) l.item(i)).getAttribute("id"));
        return out;
    }

    @Test
    void deleteRemovesTheJobAndItsResultFile() throws Exception {
        String job = query(base, SHORT_QUERY, "PHASE", "RUN");
        awaitPhase(job, "COMPLETED");
        String id = job.substring(job.lastIndexOf('/') + 1);
        try (var files = Files.list(results)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(id + ".vot");
        }
        HttpResponse<byte[]> r = post(job, "ACTION", "DELETE");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue(base + "/tap/async");
        assertThat(get(job).statusCode()).isEqualTo(404);
        assertThat(get(job + "/phase").statusCode()).isEqualTo(404);
        assertThat(results.resolve(id + ".vot")).doesNotExist();
    }

    @Test
    void theReaperDestroysExpiredJobs() throws Exception {
        String job = query(base, SHORT_QUERY, "PHASE", "RUN");
        awaitPhase(job, "COMPLETED");
        String id = job.substring(job.lastIndexOf('/') + 1);
        post(job + "/destruction", "DESTRUCTION", Instant.now().minusSeconds(1).toString());
        Instant deadline = Instant.now().plusSeconds(10);
        while (get(job).statusCode() != 404) {
            assertThat(Instant.now()).as("the reaper did not destroy the job").isBefore(deadline);
            Thread.sleep(100);
        }
        assertThat(results.resolve(id + ".vot")).doesNotExist();
    }
}
