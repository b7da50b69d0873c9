package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The static files of the web page ({@code /web/...}: scripts, style sheet, icon) from the class path folder
 * {@code web/}. Only plain names with a known extension are served (no {@code ..}, no hidden files, no HTML
 * templates), each with its content type, {@code nosniff}, and an ETag so browsers revalidate cheaply
 * ({@code no-cache}: after an upgrade the page never mixes old and new scripts).
 */
final class WebAssets {
    private WebAssets() { }

    /** The URL path prefix the assets are served under. */
    static final String PREFIX = "/web/";
    private static final String FOLDER = "web/";
    private static final int MAX_NAME = 200;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml;charset=UTF-8",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain;charset=UTF-8");

    /** One loaded file: its bytes, content type and strong entity tag. */
    record Asset(byte[] body, String contentType, String etag) { }

    private static final Map<String, Optional<Asset>> CACHE = new ConcurrentHashMap<>();

    /**
     * The asset for a name below {@code /web/} (such as {@code app.js} or {@code js/results.js}), or empty when
     * the name is not a servable file name or there is no such file.
     */
    static Optional<Asset> find(String name) {
        String type = contentType(name);
        if (type == null) return Optional.empty();
        // a bounded key space: only valid names reach the cache, and only files that exist stay in it
        Optional<Asset> cached = CACHE.get(name);
        if (cached != null) return cached;
        Optional<Asset> loaded = load(name, type);
        if (loaded.isPresent()) CACHE.put(name, loaded);
        return loaded;
    }

    /** The content type for a valid name, or null when the name must not be served. */
    static String contentType(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) return null;
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) return null;
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot < name.lastIndexOf('/')) return null;
        return TYPES.get(name.substring(dot + 1));
    }

    private static Optional<Asset> load(String name, String type) {
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) return Optional.empty();
            byte[] body = in.readAllBytes();
            return Optional.of(new Asset(body, type, etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web asset " + name, e);
        }
    }

    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers a GET or HEAD for {@code path} (which starts with {@link #PREFIX}): the file, 304, or 404. */
    static void serve(Request request, Response response, Callback callback, String path) {
        Optional<Asset> asset = find(path.substring(PREFIX.length()));
        if (asset.isEmpty()) {
            TapHandler.send(response, callback, 404, "text/plain;charset=UTF-8",
                    ("no such file: " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Asset a = asset.get();
        response.getHeaders().put(HttpHeader.ETAG, a.etag());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), a.etag())) {
            response.setStatus(304);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        TapHandler.send(response, callback, 200, a.contentType(), a.body());
    }

    /** RFC 9110 If-None-Match: a list of (possibly weak) tags, or *. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) t = t.substring(2);
            if (t.equals("*") || t.equals(etag)) return true;
        }
        return false;
    }
}
