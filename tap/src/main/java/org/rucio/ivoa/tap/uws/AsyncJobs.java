package org.rucio.ivoa.tap.uws;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rucio.ivoa.tap.Canceller;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.ResultFormat;
import org.rucio.ivoa.tap.TapException;
import org.rucio.ivoa.tap.TapParams;
import org.rucio.ivoa.tap.TapQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TAP async: UWS jobs stored by {@link JobStore} and run by a bounded pool of workers in queue order. A job
 * runs the very pipeline of {@code /sync} ({@link QueryRunner#prepare} then {@link QueryRunner#run}); only
 * the destination differs: a temporary file in the results directory, renamed when the result is complete.
 *
 * <p>Execution duration and ABORT cancel the running JDBC statement ({@link Statement#cancel()}, repeated
 * until the run returns; {@code statement_timeout} is set to the duration as well). On start-up, jobs a
 * previous process left EXECUTING become ERROR; jobs left QUEUED are queued again in their old order. A
 * reaper destroys jobs (row and result file) past their destruction time.
 */
public final class AsyncJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncJobs.class);

    public static final String RESTARTED = "the service restarted while the job was running";

    /**
     * {@code resultsDir}: where result files go; {@code workers}: jobs running at once; {@code retention}:
     * destruction time after creation (also the latest a client may ask for); {@code reaperPeriod}: how often
     * expired jobs are destroyed.
     */
    public record Settings(Path resultsDir, int workers, Duration retention, Duration reaperPeriod) {
        public Settings {
            if (workers < 1) throw new IllegalArgumentException("async jobs need at least one worker");
            if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("the retention must be positive");
            if (reaperPeriod.isNegative() || reaperPeriod.isZero()) throw new IllegalArgumentException("the reaper period must be positive");
        }

        public static Settings defaults() {
            return new Settings(Path.of("var", "results"), 2, Duration.ofDays(7), Duration.ofMinutes(1));
        }
    }

    /** Why a run is being stopped from outside. */
    private enum Stop { ABORT, TIMEOUT, SHUTDOWN }

    /** A job being run: why it is being stopped, if it is, and the means to cancel its query. */
    private final class Running {
        private final Canceller canceller = new Canceller(scheduler);
        private volatile Stop stop;

        void statement(Statement st) {
            canceller.statement(st);
        }

        synchronized void stop(Stop why) {
            if (stop == null) stop = why;
            canceller.cancel();
        }

        void finished() {
            canceller.finished();
        }
    }

    private final JobStore store;
    private final QueryRunner runner;
    private final Settings settings;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closing;

    private AsyncJobs(JobStore store, QueryRunner runner, Settings settings) {
        this.store = store;
        this.runner = runner;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        // FIFO queue, fixed number of threads: jobs start in the order they were queued
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    // the ADQL compiler recurses: a deep stack, as for the HTTP threads
                    Thread t = new Thread(null, r, "uws-worker-" + n.incrementAndGet(), 4L << 20);
                    t.setDaemon(true);
                    return t;
                });
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "uws-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    /** Recovers what a previous process left behind, then starts the reaper. */
    public static AsyncJobs start(JobStore store, QueryRunner runner, Settings settings) throws SQLException, IOException {
        Files.createDirectories(settings.resultsDir());
        AsyncJobs jobs = new AsyncJobs(store, runner, settings);
        List<String> failed = store.failExecuting(RESTARTED);
        if (!failed.isEmpty()) LOG.warn("{} job(s) were running when the service stopped; marked ERROR", failed.size());
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(settings.resultsDir(), "*.part")) {
            for (Path p : parts) Files.deleteIfExists(p);
        }
        List<String> queued = store.queued();
        if (!queued.isEmpty()) LOG.info("re-queueing {} job(s) queued before the restart", queued.size());
        queued.forEach(jobs::submit);
        long period = settings.reaperPeriod().toMillis();
        jobs.scheduler.scheduleWithFixedDelay(jobs::reap, period, period, TimeUnit.MILLISECONDS);
        return jobs;
    }

    public JobStore store() {
        return store;
    }

    public Settings settings() {
        return settings;
    }

    /** The longest (and default) execution duration in seconds: the query time limit of the service. */
    public int maxExecutionDuration() {
        return (int) Math.min(Integer.MAX_VALUE, runner.limits().timeout().toSeconds());
    }

    // ---- requests

    /**
     * Creates a PENDING job from the parameters as sent (names are lower-cased). The UWS control names
     * PHASE, EXECUTIONDURATION and DESTRUCTION are applied, not stored; RUNID is stored and becomes the run id.
     * PHASE=RUN queues the job at once. Creation never fails for a bad value (DALI: always 303): TAP parameters
     * are checked when the job runs, and an unusable control value puts the new job straight into ERROR.
     */
    public String create(List<Job.Parameter> sent, String ownerId) throws SQLException, UwsException {
        return create(sent, Map.of(), ownerId);
    }

    /** As {@link #create(List, String)}, with the files sent along (inline uploads, kept with the job). */
    public String create(List<Job.Parameter> sent, Map<String, byte[]> files, String ownerId)
            throws SQLException, UwsException {
        List<Job.Parameter> parameters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String phase = null;
        String runId = null;
        int duration = maxExecutionDuration();
        Instant destruction = Instant.now().plus(settings.retention());
        for (Job.Parameter p : sent) {
            String name = p.name().toLowerCase(Locale.ROOT);
            try {
                switch (name) {
                    case "phase" -> phase = p.value();
                    case "executionduration" -> duration = executionDuration(p.value());
                    case "destruction" -> destruction = destruction(p.value());
                    default -> {
                        if (name.equals("runid")) runId = p.value();
                        parameters.add(new Job.Parameter(name, p.value()));
                    }
                }
            } catch (UwsException e) {
                problems.add(e.getMessage());
            }
        }
        if (phase != null && !phase.strip().equalsIgnoreCase("RUN")) {
            problems.add("PHASE=" + phase + " cannot be given when creating a job; use PHASE=RUN or leave it out");
        }
        String id = store.create(ownerId, runId, duration, destruction, parameters, files);
        if (!problems.isEmpty()) {
            store.fail(id, String.join("; ", problems), false);
        } else if (phase != null) {
            run(id);
        }
        return id;
    }

    /** Adds parameters while the job is PENDING (TAP §5.1.2). */
    public void addParameters(String id, List<Job.Parameter> sent, Map<String, byte[]> files)
            throws SQLException, UwsException {
        Job job = require(id);
        List<Job.Parameter> parameters = new ArrayList<>();
        String runId = null;
        for (Job.Parameter p : sent) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (name.equals("runid")) runId = p.value();
            parameters.add(new Job.Parameter(name, p.value()));
        }
        if (!store.addParameters(id, parameters, runId, files)) {
            throw new UwsException(403, "the parameters of a job can only change while it is PENDING; this one is "
                    + job.phase());
        }
    }

    public Optional<Job> find(String id) throws SQLException {
        return store.find(id);
    }

    /** PHASE=RUN: PENDING or HELD jobs are queued; a job already queued or running is left as it is. */
    public void run(String id) throws SQLException, UwsException {
        if (store.queue(id)) {
            submit(id);
            return;
        }
        Job job = require(id);
        if (job.phase() != Phase.QUEUED && job.phase() != Phase.EXECUTING) {
            throw new UwsException(403, "a job in phase " + job.phase() + " cannot be run again; create a new job");
        }
    }

    /** PHASE=ABORT: stops a queued or running job (cancelling its query); finished jobs cannot be aborted. */
    public void abort(String id) throws SQLException, UwsException {
        if (store.abort(id)) {
            Running r = running.get(id);
            if (r != null) r.stop(Stop.ABORT);
            LOG.info("job {} aborted", id);
            return;
        }
        Job job = require(id);
        throw new UwsException(403, "the job has already finished (" + job.phase() + "); there is nothing to abort");
    }

    public void setExecutionDuration(String id, String value) throws SQLException, UwsException {
        int seconds = executionDuration(value);
        if (!store.setExecutionDuration(id, seconds)) {
            Job job = require(id);
            throw new UwsException(403, "the execution duration can only change before the job runs; it is " + job.phase());
        }
    }

    public void setDestruction(String id, String value) throws SQLException, UwsException {
        if (!store.setDestruction(id, destruction(value))) throw notFound(id);
    }

    /** Destroys a job: stops it if it runs, forgets it and deletes its result. False when there is no such job. */
    public boolean delete(String id) throws SQLException {
        Running r = running.get(id);
        if (r != null) r.stop(Stop.ABORT);
        Optional<String> path = store.delete(id);
        path.filter(s -> !s.isEmpty()).ifPresent(AsyncJobs::deleteFile);
        if (path.isPresent()) LOG.info("job {} deleted", id);
        return path.isPresent();
    }

    /**
     * UWS 1.1 blocking GET: returns the job once it changed, or after {@code timeout}, or at once when the
     * phase is not an active one or differs from {@code phase} (when given).
     */
    public Optional<Job> await(String id, Duration timeout, Phase phase) throws SQLException, InterruptedException {
        JobEvents.Watch watch = store.events().watch(id);
        Optional<Job> job = store.find(id);
        if (job.isEmpty() || !job.get().phase().active()) {
            // nobody blocks on a finished or missing job: drop the registration instead of keeping it
            store.events().changed(id);
            return job;
        }
        if (phase != null && job.get().phase() != phase) return job;
        // any change of this job counts (UWS: at least phase changes); the client re-checks the state it gets
        watch.await(timeout);
        return store.find(id);
    }

    private Job require(String id) throws SQLException, UwsException {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private static UwsException notFound(String id) {
        return new UwsException(404, "no job " + id + " (it may have been destroyed)");
    }

    private int executionDuration(String value) throws UwsException {
        long seconds;
        try {
            seconds = Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new UwsException(400, "EXECUTIONDURATION must be a whole number of seconds (got '" + value + "')");
        }
        if (seconds < 0) throw new UwsException(400, "EXECUTIONDURATION must not be negative (got '" + value + "')");
        // 0 (unlimited) and anything above the service's limit become the limit (UWS allows substituting)
        return seconds == 0 ? maxExecutionDuration() : (int) Math.min(seconds, maxExecutionDuration());
    }

    private Instant destruction(String value) throws UwsException {
        Instant t;
        try {
            t = OffsetDateTime.parse(value.strip()).toInstant();
        } catch (RuntimeException e) {
            try {
                t = LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw new UwsException(400, "DESTRUCTION must be an ISO 8601 time in UTC such as 2026-12-01T12:00:00Z"
                        + " (got '" + value + "')");
            }
        }
        Instant latest = Instant.now().plus(settings.retention());
        return t.isAfter(latest) ? latest : t;
    }

    // ---- execution

    private void submit(String id) {
        if (closing) return;
        workers.execute(() -> execute(id));
    }

    private void execute(String id) {
        if (closing) return;
        Running r = new Running();
        running.put(id, r);
        Job job = null;
        try {
            if (store.start(id)) job = store.find(id).orElse(null);
        } catch (SQLException e) {
            LOG.error("job {}: could not start: {}", id, e.getMessage());
        }
        if (job == null) {
            // aborted or deleted while queued, or the database failed
            r.finished();
            running.remove(id);
            return;
        }
        long started = System.nanoTime();
        int duration = job.executionDuration() > 0 ? job.executionDuration() : maxExecutionDuration();
        ScheduledFuture<?> timer = scheduler.schedule(() -> r.stop(Stop.TIMEOUT), duration, TimeUnit.SECONDS);
        Path part = settings.resultsDir().resolve(id + ".part");
        OutputStream[] out = new OutputStream[1];
        String failure = null;
        boolean transientFailure = false;
        try {
            TapParams params = job.tapParams();
            store.files(id).forEach(params::addFile);
            TapQuery q = runner.prepare(params);
            QueryRunner.Outcome outcome = runner.run(q, format -> {
                out[0] = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16);
                return out[0];
            }, new QueryRunner.Control(Duration.ofSeconds(duration), r::statement));
            if (out[0] != null) out[0].close();
            if (r.stop == null && outcome.error() == null) {
                Path result = settings.resultsDir().toAbsolutePath().resolve(id + "." + extension(q.format()));
                Files.move(part, result, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (store.complete(id, result.toString(), q.format().contentType(), Files.size(result), outcome.rows())) {
                    LOG.info("job {} completed rows={} overflow={} ms={}", id, outcome.rows(), outcome.overflow(),
                            (System.nanoTime() - started) / 1_000_000);
                } else {
                    deleteFile(result.toString());
                }
            } else if (r.stop == null) {
                failure = outcome.error();
            }
        } catch (TapException e) {
            failure = e.getMessage();
            transientFailure = e.status() >= 500;
        } catch (CancellationException e) {
            // stopped before the query ran: handled below
        } catch (IOException e) {
            LOG.error("job {}: writing the result failed", id, e);
            failure = "the result could not be written on the server (" + e.getMessage() + ")";
            transientFailure = true;
        } catch (SQLException e) {
            LOG.error("job {}: recording the result failed: {}", id, e.getMessage());
            failure = "the result could not be recorded; please run the job again";
            transientFailure = true;
        } catch (RuntimeException e) {
            LOG.error("job {} failed", id, e);
            failure = "internal error while running the job";
            transientFailure = true;
        } finally {
            timer.cancel(false);
            r.finished();
            running.remove(id);
            closeQuietly(out[0]);
            deleteFile(part.toString());
        }
        try {
            Stop stop = r.stop;
            if (stop == Stop.SHUTDOWN || (closing && stop == null && failure != null)) {
                return; // the next start marks it ERROR (RESTARTED)
            }
            if (stop == Stop.ABORT) {
                store.abort(id);
            } else if (stop == Stop.TIMEOUT
                    || (failure != null && System.nanoTime() - started >= duration * 1_000_000_000L)) {
                store.fail(id, "the job was stopped because it exceeded its execution duration of " + duration
                        + " s; constrain the query more (position, time, collection) or ask for fewer rows", false);
                LOG.info("job {} stopped after its execution duration of {} s", id, duration);
            } else if (failure != null) {
                store.fail(id, failure, transientFailure);
                LOG.info("job {} failed: {}", id, failure);
            }
        } catch (SQLException e) {
            LOG.error("job {}: could not record the outcome: {}", id, e.getMessage());
        }
    }

    private static String extension(ResultFormat f) {
        return switch (f) {
            case VOTABLE_TD, VOTABLE_BINARY2 -> "vot";
            case CSV -> "csv";
            case TSV -> "tsv";
            case JSON -> "json";
        };
    }

    /** Destroys every job past its destruction time (rows and files). */
    void reap() {
        try {
            for (String id : store.expired(Instant.now())) delete(id);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("destroying expired jobs failed: {}", e.toString());
        }
    }

    private static void deleteFile(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", path, e.toString());
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    /** Stops running queries without recording an outcome (the next start marks them ERROR), then the threads. */
    @Override
    public void close() {
        closing = true;
        running.values().forEach(r -> r.stop(Stop.SHUTDOWN));
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) LOG.warn("async workers did not stop in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
    }
}
