package org.rucio.ivoa.tap;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one query run from another thread (async ABORT and execution duration, a sync client that went
 * away). Give {@link #statement} to {@link QueryRunner.Control}; {@link #cancel()} then sends PostgreSQL's
 * cancel request for the run's connection every 250 ms until {@link #finished()}: one request can be lost when
 * it overtakes the query it should cancel (and the driver's own {@link Statement#cancel()} will not try
 * twice), so it is repeated, but only while the connection still belongs to this run. A cancel that comes
 * before the query starts stops it from starting.
 */
public final class Canceller {
    private static final Logger LOG = LoggerFactory.getLogger(Canceller.class);

    private final ScheduledExecutorService scheduler;
    private Statement statement;
    private boolean requested;
    private boolean done;
    private ScheduledFuture<?> repeating;

    public Canceller(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** From the query pipeline: the statement about to execute, or null once it is done. */
    public synchronized void statement(Statement st) {
        statement = st;
        if (st != null && requested) throw new CancellationException("stopped before the query ran");
    }

    /** Asks for the run to stop; idempotent. */
    public synchronized void cancel() {
        requested = true;
        if (repeating == null && !done) {
            repeating = scheduler.scheduleWithFixedDelay(this::send, 0, 250, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized boolean requested() {
        return requested;
    }

    private synchronized void send() {
        if (done) throw new CancellationException("finished"); // ends the repetition
        if (statement == null) return;
        try {
            statement.getConnection().unwrap(BaseConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cancel failed: {}", e.toString());
        }
    }

    /** The run returned: no more cancel requests for its connection. */
    public synchronized void finished() {
        done = true;
        statement = null;
        if (repeating != null) repeating.cancel(false);
    }
}
