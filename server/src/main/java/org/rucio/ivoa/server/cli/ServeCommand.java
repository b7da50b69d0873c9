package org.rucio.ivoa.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.server.http.Cors;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.upload.UploadLimits;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the TAP service until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve ivoa.obscore over TAP 1.1 (sync and async queries, VOSI tables/capabilities/availability)"
                + " and a home page at /.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--base-url", paramLabel = "PUBLIC_URL",
            description = "The URL clients reach the service under, e.g. https://tap.example.org (the TAP URL is"
                    + " PUBLIC_URL/tap); without it, each request's own host is used")
    String baseUrl;

    @Option(names = "--maxrec", defaultValue = "10000", description = "Rows returned when MAXREC is not given. Default: ${DEFAULT-VALUE}")
    int maxrec;

    @Option(names = "--maxrec-limit", defaultValue = "1000000", description = "Most rows one query may return. Default: ${DEFAULT-VALUE}")
    int maxrecLimit;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "Time limit of one query in the database. Default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Option(names = "--pool-size", defaultValue = "8",
            description = "Database connections for sync queries, and so the sync queries that run at once (beyond"
                    + " them a client gets 503 with Retry-After). Default: ${DEFAULT-VALUE}")
    int poolSize;

    @Option(names = "--upload-max-bytes", defaultValue = "16000000",
            description = "Bytes of TAP_UPLOAD tables one request may send (0 turns uploads off). Default: ${DEFAULT-VALUE}")
    long uploadMaxBytes;

    @Option(names = "--upload-max-rows", defaultValue = "100000",
            description = "Rows of one uploaded table. Default: ${DEFAULT-VALUE}")
    long uploadMaxRows;

    @Option(names = "--upload-urls", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "Whether UPLOAD may name http(s) URLs for the service to fetch (turn off when the service"
                    + " can reach hosts its users should not). Default: ${DEFAULT-VALUE}")
    boolean uploadUrls;

    @Option(names = "--cors-origins", defaultValue = "*", paramLabel = "ORIGINS",
            description = "Web origins whose pages may call the service from a browser: * for any, or a comma-separated"
                    + " list such as https://aladin.example.org. Default: ${DEFAULT-VALUE}")
    String corsOrigins;

    @Option(names = "--results-dir", defaultValue = "var/results", paramLabel = "DIR",
            description = "Where async job results are written. Default: ${DEFAULT-VALUE}")
    Path resultsDir;

    @Option(names = "--async-workers", defaultValue = "2",
            description = "Async jobs running at once (others wait QUEUED). Default: ${DEFAULT-VALUE}")
    int asyncWorkers;

    @Option(names = "--job-retention", defaultValue = "168", paramLabel = "HOURS",
            description = "How long async jobs and their results are kept (their destruction time). Default: ${DEFAULT-VALUE}")
    int jobRetentionHours;

    @Option(names = "--reader-role", defaultValue = Migrations.DEFAULT_READER_ROLE,
            description = "Role queries run as (read access to ivoa and TAP_SCHEMA only). Default: ${DEFAULT-VALUE}")
    String readerRole;

    @Override
    public Integer call() throws Exception {
        QueryRunner.Limits limits = new QueryRunner.Limits(maxrec, maxrecLimit, Duration.ofSeconds(timeoutSeconds), 1_000);
        AsyncJobs.Settings async = new AsyncJobs.Settings(resultsDir, asyncWorkers, Duration.ofHours(jobRetentionHours),
                Duration.ofMinutes(1));
        UploadLimits uploads = new UploadLimits(uploadMaxBytes, uploadMaxRows, Duration.ofSeconds(30), uploadUrls);
        TapServer server = TapServer.start(new TapServer.Config(db.jdbcUrl(), host, port, baseUrl, limits, readerRole,
                poolSize, async, uploads, Cors.parse(corsOrigins)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("rucio-ivoa: stopping: " + e.getMessage());
            }
        }, "shutdown"));
        String shown = baseUrl == null || baseUrl.isBlank() ? "http://" + ("0.0.0.0".equals(host) ? "localhost" : host)
                + ":" + server.port() : baseUrl.replaceAll("/+$", "");
        System.out.println("TAP service at " + shown + "/tap (Ctrl-C stops it)");
        server.join();
        return 0;
    }
}
