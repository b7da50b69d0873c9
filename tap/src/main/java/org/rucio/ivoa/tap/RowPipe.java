package org.rucio.ivoa.tap;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a result set on a thread of its own, in batches, a few batches ahead of the writer: while the
 * writer formats and sends one batch, the driver fetches the next one from the server-side cursor and
 * PostgreSQL produces it, instead of each waiting for the other. At most {@code limit} rows are read (MAXREC
 * plus the one that tells an overflow).
 *
 * <p>Only the reading thread touches the result set until {@link #close()} returns, which stops it and waits
 * for it; a failure while reading is thrown by {@link #next()} where the rows would have come.
 */
final class RowPipe implements AutoCloseable {
    private static final int BATCH = 256;
    private static final Object[][] END = new Object[0][];

    private final BlockingQueue<Object[][]> queue = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile boolean stopped;
    private volatile Exception failure;
    private boolean ended;

    private RowPipe(ResultSet rs, ColumnReader[] readers, long limit) {
        reader = Thread.ofVirtual().name("rows").start(() -> read(rs, readers, limit));
    }

    static RowPipe start(ResultSet rs, ColumnReader[] readers, long limit) {
        return new RowPipe(rs, readers, limit);
    }

    private void read(ResultSet rs, ColumnReader[] readers, long limit) {
        try {
            long rows = 0;
            Object[][] batch = new Object[BATCH][];
            int n = 0;
            while (!stopped && rows < limit && rs.next()) {
                batch[n++] = ColumnReader.row(rs, readers);
                rows++;
                if (n == BATCH) {
                    put(batch);
                    batch = new Object[BATCH][];
                    n = 0;
                }
            }
            if (n > 0) put(Arrays.copyOf(batch, n));
        } catch (SQLException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            return; // close() gave up on us: nobody reads the queue any more
        }
        try {
            put(END);
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void put(Object[][] batch) throws InterruptedException {
        while (!stopped) {
            if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) return;
        }
    }

    /** The next batch of rows, or null at the end; throws what the reader met. */
    Object[][] next() throws SQLException, InterruptedException {
        if (ended) return null;
        Object[][] batch = queue.take();
        if (batch == END) {
            ended = true;
            Exception e = failure;
            if (e instanceof SQLException s) throw s;
            if (e instanceof RuntimeException r) throw r;
            return null;
        }
        return batch;
    }

    /** Stops the reader (after the fetch it may be in) and waits for it. */
    @Override
    public void close() {
        stopped = true;
        queue.clear();
        boolean interrupted = false;
        while (true) {
            try {
                reader.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
