package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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

    /**
     * {@code keys}: TAP_SCHEMA's foreign keys for {@code /tables}; {@code baseUrl}: the public URL the service is
     * reached under (no trailing slash), or null to use the request's.
     */
    TapHandler(QueryRunner runner, AsyncJobs jobs, List<ForeignKey> keys, String baseUrl) {
        this.runner = runner;
        this.keys = List.copyOf(keys);
        this.async = new AsyncHandler(jobs);
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
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        try {
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
                            Vosi.capabilities(tapUrl(request), runner.metadata(), runner.limits(), retention, true));
                }
                case "/tap/examples" -> {
                    if (!get) return notAllowed(response, callback, "GET");
                    send(response, callback, 200, Examples.CONTENT_TYPE, Examples.document(tapUrl(request)));
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
            LOG.info("query {} rejected: unreadable parameters ({})", id, e.toString());
            sendError(response, callback, 400, "could not read the request parameters; send them in the URL, as an"
                    + " application/x-www-form-urlencoded body or as multipart/form-data (at most "
                    + RequestParameters.MAX_BODY / 1000 + " kB)");
            return;
        }
        try {
            TapQuery q = runner.prepare(params);
            QueryRunner.Outcome outcome = runner.run(q, format -> {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
                return Content.Sink.asOutputStream(response);
            });
            // the writer has flushed its document; finish() sends the last (empty) chunk
            LOG.info("query {} {} rows={} overflow={} format={} ms={}{}", id, outcome.error() == null ? "ok" : "failed",
                    outcome.rows(), outcome.overflow(), q.format().alias(), (System.nanoTime() - start) / 1_000_000,
                    outcome.error() == null ? "" : " error=" + outcome.error());
            finish(response, callback);
        } catch (TapException e) {
            LOG.info("query {} rejected status={} ms={}: {}", id, e.status(), (System.nanoTime() - start) / 1_000_000,
                    e.getMessage());
            if (response.isCommitted()) {
                callback.failed(e);
            } else {
                sendError(response, callback, e.status(), e.getMessage());
            }
        } catch (IOException e) {
            LOG.info("query {} aborted: client went away ({})", id, e.toString());
            callback.failed(e);
        }
    }

    /** DALI parameters from the query string and a form-encoded or multipart body. */
    private static TapParams parameters(Request request) throws Exception {
        TapParams params = new TapParams();
        RequestParameters.read(request, params::add);
        return params;
    }

    private static void finish(Response response, Callback callback) {
        // Content.Sink.asOutputStream writes the last chunk on close; one more empty last write completes it
        response.write(true, ByteBuffer.allocate(0), callback);
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
