package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.w3c.dom.Document;

/** Jobs survive a restart of the service on the same database; a job cut off by the restart says so. */
class AsyncRestartTest {

    @Test
    void restartKeepsCompletedJobsAndFailsTheRunningOne() throws Exception {
        String url = TestPostgres.migratedDatabase("uws_restart");
        new DemoData(url, DidTable.DEFAULT, 1).write(500, n -> { });
        Path results = Files.createTempDirectory("uws-restart");
        String done;
        String running;
        String queued;
        String uploading;
        try (TapServer first = AsyncTest.start(url, results, 1)) {
            String base = "http://127.0.0.1:" + first.port();
            done = AsyncTest.query(base, AsyncTest.SHORT_QUERY, "PHASE", "RUN");
            AsyncTest.awaitPhase(done, "COMPLETED");
            running = AsyncTest.query(base, AsyncTest.LONG_QUERY, "PHASE", "RUN");
            AsyncTest.awaitPhase(running, "EXECUTING");
            queued = AsyncTest.query(base, AsyncTest.SHORT_QUERY, "PHASE", "RUN");
            assertThat(AsyncTest.phase(queued)).isEqualTo("QUEUED");
            uploading = withUpload(base, "SELECT COUNT(*) AS n FROM TAP_UPLOAD.mine", "mine", "name,ra,dec\na,10,-30\nb,11,-31\n");
            assertThat(AsyncTest.phase(uploading)).isEqualTo("QUEUED");
        }
        AsyncTest.awaitNoActiveQuery(url);
        try (TapServer second = AsyncTest.start(url, results, 1)) {
            String base = "http://127.0.0.1:" + second.port();
            String path = "/tap/async/";
            done = base + path + done.substring(done.lastIndexOf('/') + 1);
            running = base + path + running.substring(running.lastIndexOf('/') + 1);
            queued = base + path + queued.substring(queued.lastIndexOf('/') + 1);
            uploading = base + path + uploading.substring(uploading.lastIndexOf('/') + 1);

            assertThat(AsyncTest.phase(done)).isEqualTo("COMPLETED");
            assertThat(AsyncTest.rows(AsyncTest.get(done + "/results/result").body())).hasSize(20);
            Document failed = AsyncTest.awaitPhase(running, "ERROR");
            assertThat(AsyncTest.child(failed, "errorSummary")).contains(AsyncJobs.RESTARTED);
            // jobs still waiting in the queue are queued again and run
            AsyncTest.awaitPhase(queued, "COMPLETED");
            // including one whose table was sent with it: the upload was kept in the database
            AsyncTest.awaitPhase(uploading, "COMPLETED");
            assertThat(AsyncTest.rows(AsyncTest.get(uploading + "/results/result").body())).containsExactly(List.of("2"));
        }
    }

    /** Creates a running job with a CSV table sent inline as TAP_UPLOAD.name; returns the job URL. */
    private static String withUpload(String base, String adql, String name, String csv) throws Exception {
        HttpResponse<byte[]> r = Multipart.post(HttpClient.newHttpClient(), URI.create(base + "/tap/async"),
                Multipart.param("LANG", "ADQL"), Multipart.param("QUERY", adql),
                Multipart.param("UPLOAD", name + ",param:" + name), Multipart.param("PHASE", "RUN"),
                new Multipart.Part(name, name + ".csv", csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
