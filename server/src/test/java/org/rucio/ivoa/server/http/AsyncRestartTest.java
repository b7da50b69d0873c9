package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
        try (TapServer first = AsyncTest.start(url, results, 1)) {
            String base = "http://127.0.0.1:" + first.port();
            done = AsyncTest.query(base, AsyncTest.SHORT_QUERY, "PHASE", "RUN");
            AsyncTest.awaitPhase(done, "COMPLETED");
            running = AsyncTest.query(base, AsyncTest.LONG_QUERY, "PHASE", "RUN");
            AsyncTest.awaitPhase(running, "EXECUTING");
            queued = AsyncTest.query(base, AsyncTest.SHORT_QUERY, "PHASE", "RUN");
            assertThat(AsyncTest.phase(queued)).isEqualTo("QUEUED");
        }
        AsyncTest.awaitNoActiveQuery(url);
        try (TapServer second = AsyncTest.start(url, results, 1)) {
            String base = "http://127.0.0.1:" + second.port();
            String path = "/tap/async/";
            done = base + path + done.substring(done.lastIndexOf('/') + 1);
            running = base + path + running.substring(running.lastIndexOf('/') + 1);
            queued = base + path + queued.substring(queued.lastIndexOf('/') + 1);

            assertThat(AsyncTest.phase(done)).isEqualTo("COMPLETED");
            assertThat(AsyncTest.rows(AsyncTest.get(done + "/results/result").body())).hasSize(20);
            Document failed = AsyncTest.awaitPhase(running, "ERROR");
            assertThat(AsyncTest.child(failed, "errorSummary")).contains(AsyncJobs.RESTARTED);
            // jobs still waiting in the queue are queued again and run
            AsyncTest.awaitPhase(queued, "COMPLETED");
        }
    }
}
