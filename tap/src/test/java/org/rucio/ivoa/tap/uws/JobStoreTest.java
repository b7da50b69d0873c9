package org.rucio.ivoa.tap.uws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/** The job table (migration V5) and its store: legal transitions only, the reader role shut out, a fast list. */
class JobStoreTest {
    private static String url;
    private static JobStore store;
    private static final JobEvents EVENTS = new JobEvents();

    @BeforeAll
    static void database() {
        url = TestPostgres.migratedDatabase("uws_store");
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        store = new JobStore(ds, EVENTS);
    }

    private static String pending() throws SQLException {
        return store.create(null, "meerkat-run", 60, Instant.now().plus(Duration.ofDays(1)),
                List.of(new Job.Parameter("lang", "ADQL"), new Job.Parameter("query", "SELECT TOP 1 obs_id FROM ivoa.obscore")));
    }

    @Test
    void jobsGoOnlyThroughLegalTransitions() throws Exception {
        String id = pending();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(store.start(id)).as("PENDING cannot start without being queued").isFalse();
        assertThat(store.complete(id, "/x", "text/csv", 1, 1)).isFalse();
        assertThat(store.queue(id)).isTrue();
        assertThat(store.queue(id)).isFalse();
        assertThat(store.start(id)).isTrue();
        assertThat(store.complete(id, "/tmp/r.vot", "application/x-votable+xml", 10, 2)).isTrue();
        assertThat(store.abort(id)).as("a finished job cannot be aborted").isFalse();
        assertThat(store.fail(id, "late", false)).isFalse();
        Job job = store.find(id).orElseThrow();
        assertThat(job.phase()).isEqualTo(Phase.COMPLETED);
        assertThat(job.startTime()).isNotNull();
        assertThat(job.endTime()).isAfterOrEqualTo(job.startTime());
        assertThat(job.resultRows()).isEqualTo(2);
        assertThat(store.delete(id)).hasValue("/tmp/r.vot");
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void parametersChangeOnlyWhilePendingAndTheLastValueCounts() throws Exception {
        String id = pending();
        assertThat(store.addParameters(id, List.of(new Job.Parameter("runid", "askap-2")), "askap-2", Map.of())).isTrue();
        assertThat(store.addParameters(id, List.of(new Job.Parameter("maxrec", "5")), null, Map.of())).isTrue();
        Job job = store.find(id).orElseThrow();
        assertThat(job.runId()).isEqualTo("askap-2");
        assertThat(job.tapParams().first("MAXREC")).isEqualTo("5");
        assertThat(job.tapParams().first("RUNID")).isEqualTo("askap-2");
        store.queue(id);
        assertThat(store.addParameters(id, List.of(new Job.Parameter("maxrec", "6")), null, Map.of())).isFalse();
        assertThat(store.setExecutionDuration(id, 5)).isFalse();
    }

    @Test
    void aWatcherIsWokenByAChange() throws Exception {
        String id = pending();
        JobEvents.Watch watch = EVENTS.watch(id);
        assertThat(watch.await(Duration.ofMillis(50))).isFalse();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
                store.abort(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        assertThat(watch.await(Duration.ofSeconds(10))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void startUpFailsJobsLeftExecuting() throws Exception {
        String id = pending();
        store.queue(id);
        store.start(id);
        assertThat(store.failExecuting(AsyncJobs.RESTARTED)).contains(id);
        Job job = store.find(id).orElseThrow();
        assertThat(job.phase()).isEqualTo(Phase.ERROR);
        assertThat(job.errorSummary()).isEqualTo(AsyncJobs.RESTARTED);
    }

    @Test
    void theReaderRoleCannotSeeJobs() throws Exception {
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL ROLE " + Migrations.DEFAULT_READER_ROLE);
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM uws.job")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            c.rollback();
        }
    }

    @Test
    void theListStaysFastWithOneHundredThousandJobs() throws Exception {
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO uws.job (job_id, phase, creation_time, execution_duration)"
                    + " SELECT 'bulk-job-' || lpad(i::text, 8, '0'),"
                    + " (ARRAY['COMPLETED', 'ERROR', 'ABORTED', 'ARCHIVED', 'PENDING'])[1 + i % 5],"
                    + " now() - interval '30 days' + i * interval '1 second', 60 FROM generate_series(1, 100000) i");
            st.execute("ANALYZE uws.job");
            for (String sql : List.of(
                    "SELECT job_id FROM uws.job WHERE phase <> 'ARCHIVED' ORDER BY creation_time DESC, job_id DESC LIMIT 10",
                    "SELECT job_id FROM uws.job WHERE phase = ANY ('{EXECUTING}') ORDER BY creation_time DESC, job_id DESC",
                    "SELECT job_id FROM uws.job WHERE phase <> 'ARCHIVED' AND creation_time > now() - interval '30 days'"
                            + " + interval '99990 seconds' ORDER BY creation_time DESC, job_id DESC")) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
                    while (rs.next()) plan.append(rs.getString(1)).append('\n');
                }
                assertThat(plan.toString()).as(sql).contains("Index").doesNotContain("Seq Scan");
            }
        }
        long t0 = System.nanoTime();
        List<JobStore.JobRef> last = store.list(Set.of(), null, 10);
        List<JobStore.JobRef> executing = store.list(EnumSet.of(Phase.EXECUTING), null, 0);
        List<JobStore.JobRef> archived = store.list(EnumSet.of(Phase.ARCHIVED), null, 5);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(last).hasSize(10).noneMatch(j -> j.phase() == Phase.ARCHIVED);
        assertThat(executing).allMatch(j -> j.phase() == Phase.EXECUTING);
        assertThat(archived).hasSize(5).allMatch(j -> j.phase() == Phase.ARCHIVED);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }
}
