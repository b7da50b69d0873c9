package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.rucio.ivoa.tap.ErrorDocument;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.rucio.ivoa.tap.uws.Job;
import org.rucio.ivoa.tap.uws.Phase;
import org.rucio.ivoa.tap.uws.UwsException;
import org.rucio.ivoa.tap.uws.UwsXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TAP {@code /async}: the UWS 1.1 REST binding over {@link AsyncJobs}. The job list and job documents are
 * UWS XML, the atomic properties text/plain; every state change answers 303 See Other (to the job, or to
 * the list after a deletion); unknown jobs and children 404, requests the phase forbids 403.
 */
final class AsyncHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncHandler.class);
    private static final String TEXT = "text/plain;charset=UTF-8";
    /** The longest blocking WAIT, also for WAIT=-1 (UWS: return within typical TCP timeouts). */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final AsyncJobs jobs;
    private final long maxUpload;

    /** {@code maxUpload}: bytes of inline uploads one request may carry. */
    AsyncHandler(AsyncJobs jobs, long maxUpload) {
        this.maxUpload = maxUpload;
        this.jobs = jobs;
    }

    /** {@code rest}: the path below {@code /tap/async} (empty for the list); {@code listUrl}: the public URL of /async. */
    void handle(Request request, Response response, Callback callback, String rest, String listUrl) {
        String method = request.getMethod();
        try {
            String[] segments = rest.isEmpty() ? new String[0] : rest.substring(1).split("/");
            if (segments.length == 0) {
                switch (method) {
                    case "GET", "HEAD" -> list(request, response, callback, listUrl);
                    case "POST" -> {
                        Sent sent = sent(request);
                        String id = jobs.create(sent.parameters(), sent.files(), null);
                        LOG.info("job {} created", id);
                        redirect(response, callback, listUrl + "/" + id);
                    }
                    default -> notAllowed(response, callback, "GET, POST");
                }
                return;
            }
            String id = segments[0];
            String jobUrl = listUrl + "/" + id;
            String child = segments.length > 1 ? String.join("/", Arrays.copyOfRange(segments, 1, segments.length)) : "";
            switch (child) {
                case "" -> job(request, response, callback, id, jobUrl, listUrl);
                case "phase" -> {
                    if (isGet(method)) {
                        text(response, callback, require(id).phase().name());
                    } else if (method.equals("POST")) {
                        String phase = single(parameters(request), "phase");
                        if ("RUN".equalsIgnoreCase(phase)) {
                            jobs.run(id);
                        } else if ("ABORT".equalsIgnoreCase(phase)) {
                            jobs.abort(id);
                        } else {
                            throw new UwsException(400, "POST PHASE=RUN or PHASE=ABORT to /phase (got PHASE=" + phase + ")");
                        }
                        redirect(response, callback, jobUrl);
                    } else {
                        notAllowed(response, callback, "GET, POST");
                    }
                }
                case "executionduration" -> {
                    if (isGet(method)) {
                        text(response, callback, Integer.toString(require(id).executionDuration()));
                    } else if (method.equals("POST")) {
                        jobs.setExecutionDuration(id, required(parameters(request), "executionduration"));
                        redirect(response, callback, jobUrl);
                    } else {
                        notAllowed(response, callback, "GET, POST");
                    }
                }
                case "destruction" -> {
                    if (isGet(method)) {
                        text(response, callback, UwsXml.time(require(id).destruction()));
                    } else if (method.equals("POST")) {
                        jobs.setDestruction(id, required(parameters(request), "destruction"));
                        redirect(response, callback, jobUrl);
                    } else {
                        notAllowed(response, callback, "GET, POST");
                    }
                }
                case "quote" -> {
                    if (!isGet(method)) {
                        notAllowed(response, callback, "GET");
                        return;
                    }
                    text(response, callback, UwsXml.time(require(id).quote()));
                }
                case "owner" -> {
                    if (!isGet(method)) {
                        notAllowed(response, callback, "GET");
                        return;
                    }
                    String owner = require(id).ownerId();
                    text(response, callback, owner == null ? "" : owner);
                }
                case "parameters" -> {
                    if (isGet(method)) {
                        TapHandler.send(response, callback, 200, UwsXml.CONTENT_TYPE, UwsXml.parameters(require(id)));
                    } else if (method.equals("POST")) {
                        Sent sent = sent(request);
                        jobs.addParameters(id, sent.parameters(), sent.files());
                        redirect(response, callback, jobUrl);
                    } else {
                        notAllowed(response, callback, "GET, POST");
                    }
                }
                case "error" -> {
                    if (!isGet(method)) {
                        notAllowed(response, callback, "GET");
                        return;
                    }
                    Job job = require(id);
                    if (job.phase() == Phase.ERROR) {
                        // DALI §4.2: the error document of a failed job is served with status 200
                        TapHandler.send(response, callback, 200, ErrorDocument.CONTENT_TYPE, ErrorDocument.of(
                                job.errorSummary() == null ? "the job failed" : job.errorSummary()));
                    } else if (job.phase() == Phase.ABORTED) {
                        TapHandler.send(response, callback, 200, ErrorDocument.CONTENT_TYPE,
                                ErrorDocument.of("the job was aborted"));
                    } else {
                        throw new UwsException(404, "the job has no error; it is " + job.phase());
                    }
                }
                case "results" -> {
                    if (!isGet(method)) {
                        notAllowed(response, callback, "GET");
                        return;
                    }
                    TapHandler.send(response, callback, 200, UwsXml.CONTENT_TYPE, UwsXml.results(require(id), jobUrl));
                }
                case "results/result" -> {
                    if (!isGet(method)) {
                        notAllowed(response, callback, "GET");
                        return;
                    }
                    result(response, callback, require(id));
                }
                default -> throw new UwsException(404, "a job has no resource '" + child + "'; see " + jobUrl);
            }
        } catch (UwsException e) {
            text(response, callback, e.status(), e.getMessage() + "\n");
        } catch (SQLException e) {
            LOG.error("async request {} {} failed: {}", method, rest, e.getMessage());
            text(response, callback, 503, "the job database is not available at the moment; please try again later\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            text(response, callback, 503, "the service is stopping\n");
        } catch (BadParameters e) {
            text(response, callback, 400, "could not read the request parameters; send them as an"
                    + " application/x-www-form-urlencoded body or as multipart/form-data (at most " + RequestParameters.MAX_FORM / 1000 + " kB, and uploads up to " + maxUpload / 1000 + " kB)\n");
        }
    }

    private void list(Request request, Response response, Callback callback, String listUrl) throws UwsException, SQLException {
        Fields q = Request.extractQueryParameters(request);
        EnumSet<Phase> phases = EnumSet.noneOf(Phase.class);
        Instant after = null;
        int last = 0;
        for (Fields.Field f : q) {
            switch (f.getName().toUpperCase(Locale.ROOT)) {
                case "PHASE" -> {
                    for (String v : f.getValues()) {
                        phases.add(Phase.parse(v).orElseThrow(() -> new UwsException(400, "PHASE=" + v
                                + " is not a UWS phase (PENDING, QUEUED, EXECUTING, COMPLETED, ERROR, ABORTED, UNKNOWN,"
                                + " HELD, SUSPENDED, ARCHIVED)")));
                    }
                }
                case "AFTER" -> after = instant(f.getValue());
                case "LAST" -> {
                    try {
                        last = Integer.parseInt(f.getValue().strip());
                    } catch (NumberFormatException e) {
                        last = -1;
                    }
                    if (last <= 0) throw new UwsException(400, "LAST must be a positive integer (got '" + f.getValue() + "')");
                }
                default -> { }
            }
        }
        TapHandler.send(response, callback, 200, UwsXml.CONTENT_TYPE, UwsXml.jobs(jobs.store().list(phases, after, last), listUrl));
    }

    private void job(Request request, Response response, Callback callback, String id, String jobUrl, String listUrl)
            throws UwsException, SQLException, InterruptedException, BadParameters {
        String method = request.getMethod();
        if (isGet(method)) {
            Fields q = Request.extractQueryParameters(request);
            String wait = value(q, "WAIT");
            Job job;
            if (wait != null) {
                long seconds;
                try {
                    seconds = Long.parseLong(wait.strip());
                } catch (NumberFormatException e) {
                    throw new UwsException(400, "WAIT must be a whole number of seconds, or -1 (got '" + wait + "')");
                }
                Duration d = seconds < 0 ? MAX_WAIT : Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds()));
                String phase = value(q, "PHASE");
                Phase expected = phase == null ? null : Phase.parse(phase)
                        .orElseThrow(() -> new UwsException(400, "PHASE=" + phase + " is not a UWS phase"));
                job = jobs.await(id, d, expected).orElseThrow(() -> notFound(id));
            } else {
                job = require(id);
            }
            TapHandler.send(response, callback, 200, UwsXml.CONTENT_TYPE, UwsXml.job(job, jobUrl));
        } else if (method.equals("DELETE")) {
            if (!jobs.delete(id)) throw notFound(id);
            redirect(response, callback, listUrl);
        } else if (method.equals("POST")) {
            List<Job.Parameter> p = parameters(request);
            String action = single(p, "action");
            if (action != null && action.strip().equalsIgnoreCase("DELETE")) {
                if (!jobs.delete(id)) throw notFound(id);
                redirect(response, callback, listUrl);
            } else {
                require(id);
                // DALI §2.1: job parameters are never accepted on the job URL itself
                throw new UwsException(403, "POST ACTION=DELETE here to delete the job; parameters go to " + jobUrl
                        + "/parameters, PHASE to " + jobUrl + "/phase");
            }
        } else {
            notAllowed(response, callback, "GET, POST, DELETE");
        }
    }

    private void result(Response response, Callback callback, Job job) throws UwsException {
        if (!job.hasResult()) throw new UwsException(404, "the job has no result; it is " + job.phase());
        Path file = Path.of(job.resultPath());
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UwsException(404, "the result of this job is no longer available");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, job.resultType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            Files.copy(file, out);
        } catch (NoSuchFileException e) {
            callback.failed(e);
            return;
        } catch (IOException e) {
            LOG.info("job {}: sending the result stopped: {}", job.id(), e.toString());
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    // ---- helpers

    private Job require(String id) throws SQLException, UwsException {
        return jobs.find(id).orElseThrow(() -> notFound(id));
    }

    private static UwsException notFound(String id) {
        return new UwsException(404, "no job " + id + " (it may have been destroyed)");
    }

    private static boolean isGet(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static String value(Fields q, String name) {
        for (Fields.Field f : q) if (f.getName().equalsIgnoreCase(name)) return f.getValue();
        return null;
    }

    private static String single(List<Job.Parameter> p, String name) {
        String v = null;
        for (Job.Parameter x : p) if (x.name().equalsIgnoreCase(name)) v = x.value();
        return v;
    }

    private static String required(List<Job.Parameter> p, String name) throws UwsException {
        String v = single(p, name);
        if (v == null) throw new UwsException(400, "POST the value as " + name.toUpperCase(Locale.ROOT) + "=...");
        return v;
    }

    private static Instant instant(String value) throws UwsException {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (RuntimeException e) {
            try {
                return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw new UwsException(400, "AFTER must be an ISO 8601 time in UTC such as 2026-11-23T12:00:00Z (got '"
                        + value + "')");
            }
        }
    }

    /** The request could not be decoded. */
    private static final class BadParameters extends Exception {
        private static final long serialVersionUID = 1L;

        BadParameters(Throwable cause) {
            super(cause);
        }
    }

    /** What a request sent: parameters in order (query string, then body), and files by part name. */
    private record Sent(List<Job.Parameter> parameters, Map<String, byte[]> files) {}

    /** The parameters in the order sent: query string, then a form-encoded or multipart body. */
    private List<Job.Parameter> parameters(Request request) throws BadParameters {
        return sent(request).parameters();
    }

    private Sent sent(Request request) throws BadParameters {
        List<Job.Parameter> out = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            RequestParameters.read(request, RequestParameters.sink((name, value) -> out.add(new Job.Parameter(name, value)),
                    files::put), maxUpload);
            return new Sent(out, files);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadParameters(e);
        } catch (Exception e) {
            throw new BadParameters(e);
        }
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.getHeaders().put(HttpHeader.LOCATION, location);
        TapHandler.send(response, callback, 303, TEXT, ("see " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void text(Response response, Callback callback, String body) {
        text(response, callback, 200, body);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        TapHandler.send(response, callback, status, TEXT, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void notAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        text(response, callback, 405, "method not allowed here; use " + allow + "\n");
    }

}
