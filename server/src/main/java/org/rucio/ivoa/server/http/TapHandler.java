package org.rucio.ivoa.server.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.rucio.ivoa.tap.Canceller;
import org.rucio.ivoa.tap.ErrorDocument;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.TapException;
import org.rucio.ivoa.tap.TapParams;
import org.rucio.ivoa.tap.TapQuery;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.rucio.ivoa.tap.vosi.Examples;
import org.rucio.ivoa.tap.vosi.ForeignKey;
import org.rucio.ivoa.tap.vosi.Vosi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explicit routing of the TAP service: {@code /tap/sync}, {@code /tap/async} (UWS, see {@link AsyncHandler}),
 * the VOSI endpoints, and the home page. Every sync failure leaves as a DALI error document with a fitting
 * status (see {@link TapException}); one log line per query with its id, outcome, rows and duration.
 */
final class TapHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(TapHandler.class);

    private final QueryRunner runner;
    private final AsyncHandler async;
    private final Duration retention;
    private final String baseUrl;
    private final List<ForeignKey> keys;
    private final AtomicLong queryIds = new AtomicLong();
    private final Metrics metrics;
    private final Cors cors;
    private final int syncLimit;
    /** One permit per sync query allowed to run at once; beyond them a request is answered 503 at once. */
    private final Semaphore syncSlots;
    /** Sends the cancel requests of sync queries whose clients went away. */
    private final ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-cancel");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code keys}: TAP_SCHEMA's foreign keys for {@code /tables}; {@code baseUrl}: the public URL the service is
     * reached under (no trailing slash), or null to use the request's.
     */
    TapHandler(QueryRunner runner, AsyncJobs jobs, List<ForeignKey> keys, String baseUrl, Metrics metrics,
               int syncLimit, Cors cors) {
        this.runner = runner;
        this.cors = cors;
        this.metrics = metrics;
        this.syncLimit = syncLimit;
        this.syncSlots = new Semaphore(syncLimit);
        this.keys = List.copyOf(keys);
        this.async = new AsyncHandler(jobs, runner.uploadLimits().maxBytes());
        this.retention = jobs.settings().retention();
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (path == null || path.isEmpty()) path = "/";
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        String method = request.getMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        // public, read-only data: browser-based clients (e.g. Aladin Lite pages) may call the service directly
        String allowed = cors.allow(request.getHeaders().get(HttpHeader.ORIGIN));
        if (allowed != null) response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
        if (!cors.any()) response.getHeaders().add(HttpHeader.VARY, "Origin");
        try {
            metrics.request(endpoint(path));
            switch (path) {
                case "/", "/tap" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    HomePage.send(request, response, callback, tapUrl(request));
                }
                case "/tap/sync" -> {
                    if (!get && !method.equals("POST")) return notAllowed(response, callback, "GET, POST");
                    sync(request, response, callback);
                }
                case "/tap/async" -> async.handle(request, response, callback, "", tapUrl(request) + "/async");
                case "/tap/tables" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    String detail = Request.extractQueryParameters(request).getValue("detail");
                    send(response, callback, 200, Vosi.CONTENT_TYPE,
                            Vosi.tableset(runner.metadata(), keys, !"min".equalsIgnoreCase(detail)));
                }
                case "/tap/capabilities" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    send(response, callback, 200, Vosi.CONTENT_TYPE,
                            Vosi.capabilities(tapUrl(request), runner.metadata(), runner.limits(), retention, true,
                                    runner.uploadLimits()));
                }
                case "/tap/examples" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    send(response, callback, 200, Examples.CONTENT_TYPE, Examples.document(tapUrl(request)));
                }
                case "/metrics" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    send(response, callback, 200, metrics.contentType(), metrics.scrape());
                }
                case "/tap/availability" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    QueryRunner.Availability a = runner.availability();
                    send(response, callback, 200, Vosi.CONTENT_TYPE, Vosi.availability(a.available(), a.note()));
                }
                default -> {
                    if (path.startsWith(WebAssets.PREFIX)) {
                        if (!get) return notAllowed(response, callback, "GET");
                        WebAssets.serve(request, response, callback, path);
                    } else if (path.startsWith("/tap/async/")) {
                        async.handle(request, response, callback, path.substring("/tap/async".length()),
                                tapUrl(request) + "/async");
                    } else if (path.startsWith("/tap/tables/") && get) {
                        Optional<byte[]> doc = Vosi.table(runner.metadata(), keys, path.substring("/tap/tables/".length()));
                        if (doc.isPresent()) {
                            send(response, callback, 200, Vosi.CONTENT_TYPE, doc.get());
                        } else {
                            send(response, callback, 404, "text/plain;charset=UTF-8",
                                    ("no table " + path.substring("/tap/tables/".length()) + "; see " + tapUrl(request)
                                            + "/tables\n").getBytes(StandardCharsets.UTF_8));
                        }
                    } else {
                        send(response, callback, 404, "text/plain;charset=UTF-8",
                                ("not found: " + path + "; the TAP service is at " + tapUrl(request) + "\n")
                                        .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("request {} {} failed", method, path, e);
            if (!response.isCommitted()) {
                sendError(response, callback, 500, "internal server error");
            } else {
                callback.failed(e);
            }
        }
        return true;
    }

    private void sync(Request request, Response response, Callback callback) {
        long id = queryIds.incrementAndGet();
        long start = System.nanoTime();
        TapParams params;
        try {
            params = parameters(request);
        } catch (Exception e) {
            LOG.info("query id={} outcome=rejected status=400 reason=unreadable-parameters ({})", id, e.toString());
            metrics.queryRefused("rejected");
            sendError(response, callback, 400, "could not read the request parameters; send them in the URL, as an"
                    + " application/x-www-form-urlencoded body or as multipart/form-data (parameters up to "
                    + RequestParameters.MAX_FORM / 1000 + " kB, uploads up to " + runner.uploadLimits().maxBytes() / 1000
                    + " kB)");
            return;
        }
        String hash = hash(params.first("QUERY"));
        if (!syncSlots.tryAcquire()) {
            LOG.info("query id={} hash={} outcome=busy status=503 running={}", id, hash, syncLimit);
            metrics.queryRefused("busy");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            sendError(response, callback, 503, "the service is busy: " + syncLimit + " synchronous queries are running"
                    + " already; try again in a few seconds, or submit the query as an async job (" + tapUrl(request)
                    + "/async)");
            return;
        }
        metrics.queryStarted();
        // a client that goes away gets its database query cancelled within a second (see ClientWatch)
        Canceller canceller = new Canceller(cancels);
        ClientWatch watch = new ClientWatch(request, id, canceller);
        CountingOutputStream[] out = new CountingOutputStream[1];
        String outcome = "rejected";
        long rows = 0;
        try {
            TapQuery q = runner.prepare(params);
            QueryRunner.Outcome result;
            try {
                result = runner.run(q, format -> {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
                    out[0] = new CountingOutputStream(new ResponseStream(response), watch);
                    return out[0];
                }, new QueryRunner.Control(runner.limits().timeout(), canceller::statement));
            } finally {
                // before the response completes: the client may send its next request on this connection
                watch.stop();
            }
            rows = result.rows();
            outcome = result.error() != null ? "failed" : result.overflow() ? "overflow" : "ok";
            LOG.info("query id={} hash={} outcome={} status=200 rows={} bytes={} format={} ms={}{}", id, hash, outcome,
                    rows, out[0] == null ? 0 : out[0].count(), q.format().alias(), (System.nanoTime() - start) / 1_000_000,
                    result.error() == null ? "" : " error=\"" + result.error() + "\"");
            // the runner closed the stream when the document was whole, which sent the last chunk
            callback.succeeded();
        } catch (TapException e) {
            watch.stop();
            if (canceller.requested()) {
                outcome = "cancelled";
                LOG.info("query id={} hash={} outcome=cancelled ms={}: the client went away", id, hash,
                        (System.nanoTime() - start) / 1_000_000);
                callback.failed(e);
            } else {
                LOG.info("query id={} hash={} outcome=rejected status={} ms={}: {}", id, hash, e.status(),
                        (System.nanoTime() - start) / 1_000_000, e.getMessage());
                if (response.isCommitted()) {
                    callback.failed(e);
                } else {
                    sendError(response, callback, e.status(), e.getMessage());
                }
            }
        } catch (IOException | CancellationException e) {
            watch.stop();
            outcome = "cancelled";
            LOG.info("query id={} hash={} outcome=cancelled ms={}: the client went away ({})", id, hash,
                    (System.nanoTime() - start) / 1_000_000, e.toString());
            callback.failed(e);
        } finally {
            canceller.finished();
            syncSlots.release();
            metrics.queryEnded(outcome, rows, out[0] == null ? 0 : out[0].count(), System.nanoTime() - start);
        }
    }

    /** A short, stable fingerprint of the ADQL text for the log (the text itself may be long or private). */
    private static String hash(String adql) {
        if (adql == null) return "-";
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(adql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Counts the bytes of a result on their way out. Closing it completes the response, so it first stops
     * the client watch: the client may send its next request the moment it has this answer.
     */
    private static final class CountingOutputStream extends FilterOutputStream {
        private final ClientWatch watch;
        private long count;

        CountingOutputStream(OutputStream out, ClientWatch watch) {
            super(out);
            this.watch = watch;
        }

        @Override
        public void close() throws IOException {
            watch.stop();
            super.close();
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    /**
     * Notices a client that closed its connection while its query runs. Jetty does not read an HTTP/1.1
     * connection while the handler works on its request (and the request body is read by now), so nothing
     * else would notice before the first write fails, which for a long query is only when its time limit
     * ends. Every 250 ms this reads the connection without blocking: end of stream means the client is gone.
     * Clients send nothing more while they wait for the answer; should one pipeline a request anyway, the
     * watch stops rather than read further. {@link #stop()} comes before the response completes, so that no
     * probe can read the start of the connection's next request.
     */
    private final class ClientWatch {
        private final EndPoint endPoint;
        private final long id;
        private final Canceller canceller;
        private final ByteBuffer probe = BufferUtil.allocate(1);
        private final ScheduledFuture<?> task;
        private boolean over;

        ClientWatch(Request request, long id, Canceller canceller) {
            this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            this.id = id;
            this.canceller = canceller;
            this.task = cancels.scheduleWithFixedDelay(this::probe, 250, 250, TimeUnit.MILLISECONDS);
        }

        private synchronized void probe() {
            if (over) throw new CancellationException("watch over"); // ends the repetition
            int n;
            try {
                n = endPoint.fill(probe);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                LOG.info("query id={}: the client closed the connection; cancelling the query", id);
                canceller.cancel();
            }
            if (n != 0) {
                over = true;
                throw new CancellationException("watch over");
            }
        }

        synchronized void stop() {
            over = true;
            task.cancel(false);
        }
    }

    /** The metrics label of a path: one of a few fixed names, whatever the client sent. */
    private static String endpoint(String path) {
        if (path.equals("/") || path.equals("/tap")) return "home";
        if (path.equals("/metrics")) return "metrics";
        if (!path.startsWith("/tap/")) return "other";
        String rest = path.substring(5);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        return switch (first) {
            case "sync", "async", "tables", "capabilities", "availability", "examples" -> first;
            default -> "other";
        };
    }

    /** Stops the cancelling thread. */
    void close() {
        cancels.shutdownNow();
    }

    /** DALI parameters from the query string and a form-encoded or multipart body, and uploaded files. */
    private TapParams parameters(Request request) throws Exception {
        TapParams params = new TapParams();
        RequestParameters.read(request, RequestParameters.sink(params::add, params::addFile),
                runner.uploadLimits().maxBytes());
        return params;
    }

    private String tapUrl(Request request) {
        if (baseUrl != null) return baseUrl + "/tap";
        HttpURI uri = request.getHttpURI();
        return uri.getScheme() + "://" + uri.getAuthority() + "/tap";
    }

    private static boolean notAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        send(response, callback, 405, "text/plain;charset=UTF-8",
                ("method not allowed here; use " + allow + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    static void sendError(Response response, Callback callback, int status, String message) {
        send(response, callback, status, ErrorDocument.CONTENT_TYPE, ErrorDocument.of(message));
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
