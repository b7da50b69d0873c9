package org.rucio.ivoa.tap.uws;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wakes blocking WAIT requests when a job changes (UWS 1.1 §2.2.1.2) without polling the database: a
 * waiter {@link #watch watches} a job <em>before</em> reading its state, then {@link Watch#await awaits}; every
 * change of the job in this process calls {@link #changed}, which releases all current watchers of it.
 */
public final class JobEvents {
    private final ConcurrentHashMap<String, CountDownLatch> latches = new ConcurrentHashMap<>();

    /** A registration for the next change of one job. */
    public final class Watch {
        private final CountDownLatch latch;

        private Watch(CountDownLatch latch) {
            this.latch = latch;
        }

        /** True when the job changed before the time was up. */
        public boolean await(Duration timeout) throws InterruptedException {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public Watch watch(String jobId) {
        return new Watch(latches.computeIfAbsent(jobId, id -> new CountDownLatch(1)));
    }

    public void changed(String jobId) {
        CountDownLatch l = latches.remove(jobId);
        if (l != null) l.countDown();
    }
}
