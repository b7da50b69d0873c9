package org.rucio.ivoa.server.http;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Map;
import org.rucio.ivoa.tap.uws.JobStore;
import org.rucio.ivoa.tap.uws.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's Prometheus metrics at {@code /metrics}: HTTP requests per endpoint, sync queries by outcome
 * with their durations, rows and bytes, queries running now, async jobs per phase (counted in uws.job when
 * scraped), the database pool, and the JVM (heap, GC, threads).
 */
final class Metrics {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter queries;
    private final Histogram durations;
    private final Counter rows;
    private final Counter bytes;
    private final Gauge active;

    Metrics(HikariDataSource pool, JobStore jobs) {
        requests = Counter.builder().name("rucio_ivoa_http_requests_total")
                .help("HTTP requests by endpoint").labelNames("endpoint").register(registry);
        queries = Counter.builder().name("rucio_ivoa_queries_total")
                .help("Sync queries by outcome: ok, overflow, failed (error inside the result), rejected (error"
                        + " document), busy (503, too many running), cancelled (client went away)")
                .labelNames("outcome").register(registry);
        durations = Histogram.builder().name("rucio_ivoa_query_duration_seconds")
                .help("Sync query time from request to last byte").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300)
                .register(registry);
        rows = Counter.builder().name("rucio_ivoa_result_rows_total").help("Rows sent by sync queries").register(registry);
        bytes = Counter.builder().name("rucio_ivoa_result_bytes_total").help("Bytes sent by sync queries").register(registry);
        active = Gauge.builder().name("rucio_ivoa_active_queries").help("Sync queries running now").register(registry);
        GaugeWithCallback.builder().name("rucio_ivoa_async_jobs").help("Async jobs by phase").labelNames("phase")
                .callback(cb -> {
                    try {
                        Map<Phase, Long> counts = jobs.countByPhase();
                        for (Phase p : Phase.values()) cb.call(counts.getOrDefault(p, 0L), p.name());
                    } catch (SQLException e) {
                        LOG.debug("counting jobs for metrics failed: {}", e.getMessage());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("rucio_ivoa_db_pool_connections").help("Database pool connections by state")
                .labelNames("state").callback(cb -> {
                    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                    if (bean == null) return;
                    cb.call(bean.getActiveConnections(), "active");
                    cb.call(bean.getIdleConnections(), "idle");
                    cb.call(bean.getThreadsAwaitingConnection(), "waiting");
                }).register(registry);
        GaugeWithCallback.builder().name("rucio_ivoa_db_pool_max_connections").help("Largest size of the database pool")
                .callback(cb -> cb.call(pool.getMaximumPoolSize())).register(registry);
        JvmMetrics.builder().register(registry);
    }

    void request(String endpoint) {
        requests.labelValues(endpoint).inc();
    }

    void queryStarted() {
        active.inc();
    }

    /** A sync query ended; {@code outcome} is one of the labels named in the help text. */
    void queryEnded(String outcome, long resultRows, long resultBytes, long nanos) {
        active.dec();
        queries.labelValues(outcome).inc();
        rows.inc(resultRows);
        bytes.inc(resultBytes);
        durations.observe(nanos / 1e9);
    }

    /** A query turned away before it started (busy, unreadable parameters). */
    void queryRefused(String outcome) {
        queries.labelValues(outcome).inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
