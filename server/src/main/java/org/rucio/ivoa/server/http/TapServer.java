package org.rucio.ivoa.server.http;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.upload.UploadLimits;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.rucio.ivoa.tap.uws.JobEvents;
import org.rucio.ivoa.tap.uws.JobStore;
import org.rucio.ivoa.tap.vosi.ForeignKey;

/**
 * The HTTP service, wired in one place: a modest connection pool, the published metadata read once from
 * TAP_SCHEMA, the query runner, and a Jetty server routing to {@link TapHandler}.
 */
public final class TapServer implements AutoCloseable {

    /**
     * The HTTP {@code Server} header of every response: this software and its version as an RFC 9110 product
     * (IVOA SoftID Note). Jetty's own header ({@code Jetty(12.0.16)}, not a valid product list) is turned off.
     */
    public static final String SERVER_HEADER = "rucio-ivoa/0.1.0";

    /** What the server needs: database, listening address, public URL (null: taken from each request), limits. */
    public record Config(String jdbcUrl, String host, int port, String baseUrl, QueryRunner.Limits limits,
                         String readerRole, int poolSize, AsyncJobs.Settings async, UploadLimits uploads, Cors cors) {
        /** With the default upload limits, any origin allowed. */
        public Config(String jdbcUrl, String host, int port, String baseUrl, QueryRunner.Limits limits,
                      String readerRole, int poolSize, AsyncJobs.Settings async) {
            this(jdbcUrl, host, port, baseUrl, limits, readerRole, poolSize, async, UploadLimits.DEFAULT, Cors.ANY);
        }

        /** Any origin allowed. */
        public Config(String jdbcUrl, String host, int port, String baseUrl, QueryRunner.Limits limits,
                      String readerRole, int poolSize, AsyncJobs.Settings async, UploadLimits uploads) {
            this(jdbcUrl, host, port, baseUrl, limits, readerRole, poolSize, async, uploads, Cors.ANY);
        }

        /** With the default async settings (results in var/results, two workers, kept seven days). */
        public Config(String jdbcUrl, String host, int port, String baseUrl, QueryRunner.Limits limits,
                      String readerRole, int poolSize) {
            this(jdbcUrl, host, port, baseUrl, limits, readerRole, poolSize, AsyncJobs.Settings.defaults());
        }

        public Config {
            if (async == null) throw new IllegalArgumentException("the async settings are missing");
            if (uploads == null) throw new IllegalArgumentException("the upload limits are missing");
            if (cors == null) throw new IllegalArgumentException("the CORS origins are missing");
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL JDBC URL is needed");
            }
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            if (poolSize < 1) throw new IllegalArgumentException("the pool needs at least one connection");
            if (baseUrl != null && !baseUrl.isBlank() && !baseUrl.matches("https?://.+")) {
                throw new IllegalArgumentException("--base-url must be an http:// or https:// URL (got " + baseUrl + ")");
            }
        }
    }

    private final Server server;
    private final HikariDataSource pool;
    private final ServerConnector connector;
    private final AsyncJobs jobs;
    private final TapHandler handler;

    private TapServer(Server server, HikariDataSource pool, ServerConnector connector, AsyncJobs jobs, TapHandler handler) {
        this.server = server;
        this.handler = handler;
        this.pool = pool;
        this.connector = connector;
        this.jobs = jobs;
    }

    /** Reads the metadata, opens the pool and starts listening. */
    public static TapServer start(Config config) throws Exception {
        Metadata metadata;
        List<ForeignKey> keys;
        try {
            metadata = PublishedMetadata.read(config.jdbcUrl());
            try (Connection c = DriverManager.getConnection(config.jdbcUrl())) {
                keys = ForeignKey.read(c);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read TAP_SCHEMA from the database (is it migrated? run"
                    + " 'rucio-ivoa db migrate'): " + e.getMessage(), e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setPoolName("tap");
        // sync queries get poolSize connections; each async worker holds one more while its job runs
        hc.setMaximumPoolSize(config.poolSize() + config.async().workers());
        hc.setMinimumIdle(1);
        // short: while the database is down a query (and /availability) should say so soon, not hang
        hc.setConnectionTimeout(3_000);
        hc.setAutoCommit(false);
        HikariDataSource pool = new HikariDataSource(hc);
        AsyncJobs jobs = null;
        try {
            QueryRunner runner = new QueryRunner(pool, metadata, config.limits(), config.readerRole(), config.uploads());
            // async jobs share the pool and the query road; their records live in uws.job (migration V5)
            jobs = AsyncJobs.start(new JobStore(pool, new JobEvents()), runner, config.async());
            // a blocking UWS WAIT holds a request thread for up to a minute (without a database connection)
            QueuedThreadPool threads = new QueuedThreadPool(Math.max(64, config.poolSize() * 2), 4) {
                @Override
                public Thread newThread(Runnable job) {
                    // the ADQL compiler recurses: give request threads a deep stack (see adql/README.md)
                    Thread t = new Thread(null, job, "http", 4L << 20);
                    t.setDaemon(isDaemon());
                    t.setPriority(getThreadsPriority());
                    t.setName(getName() + "-" + t.threadId());
                    return t;
                }
            };
            threads.setName("http");
            Server server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // on every response, also those Jetty writes itself (e.g. 400 for a malformed request line)
            http.addCustomizer((request, responseHeaders) -> {
                responseHeaders.put(HttpHeader.SERVER, SERVER_HEADER);
                return request;
            });
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            // a query may think for its whole time limit before the first byte goes out
            connector.setIdleTimeout(config.limits().timeout().toMillis() + 30_000);
            server.addConnector(connector);
            TapHandler handler = new TapHandler(runner, jobs, keys, config.baseUrl(), new Metrics(pool, jobs.store()),
                    config.poolSize(), config.cors());
            server.setHandler(handler);
            server.setStopTimeout(5_000);
            server.start();
            return new TapServer(server, pool, connector, jobs, handler);
        } catch (Exception e) {
            if (jobs != null) jobs.close();
            pool.close();
            throw e;
        }
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
            handler.close();
        } finally {
            try {
                jobs.close();
            } finally {
                pool.close();
            }
        }
    }
}
