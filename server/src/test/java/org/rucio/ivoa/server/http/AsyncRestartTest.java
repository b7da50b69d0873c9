package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
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
        String boundary = "b" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        for (String[] p : List.of(new String[] {"LANG", "ADQL"}, new String[] {"QUERY", adql},
                new String[] {"UPLOAD", name + ",param:" + name}, new String[] {"PHASE", "RUN"})) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(p[0])
                    .append("\"\r\n\r\n").append(p[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append("\"; filename=\"").append(name).append(".csv\"\r\nContent-Type: text/csv\r\n\r\n").append(csv)
                .append("\r\n--").append(boundary).append("--\r\n");
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/tap/async"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Location").orElseThrow();
    }
}
