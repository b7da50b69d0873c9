package org.rucio.ivoa.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.rucio.ivoa.tap.write.Text;

/**
 * The web page at {@code /} and {@code /tap}: what this service is, its endpoints, and (with the scripts in
 * {@code web/}) an ADQL editor, the examples, a TAP_SCHEMA browser, results and async jobs. The HTML is the
 * class path template {@code web/index.html}; the server fills in the public TAP URL and the relative path
 * from the page to the service root, so the page works under any base path, also behind a proxy.
 */
final class HomePage {
    private HomePage() { }

    private static final String TEMPLATE = template();

    /**
     * Scripts and styles only from this service, no inline code; fetches only to this origin (the page calls
     * the TAP endpoints relative to itself).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    private static String template() {
        try (InputStream in = HomePage.class.getClassLoader().getResourceAsStream("web/index.html")) {
            if (in == null) throw new IllegalStateException("web/index.html is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page for a request whose path (as sent, not decoded) is {@code rawPath}. */
    static String html(String tapUrl, String rawPath) {
        return TEMPLATE.replace("{{ROOT}}", root(rawPath)).replace("{{TAP_URL}}", Text.xml(tapUrl));
    }

    /**
     * The relative URL from a page at {@code rawPath} to the service root: {@code ./} for {@code /} and
     * {@code /tap}, {@code ../} for {@code /tap/}.
     */
    static String root(String rawPath) {
        int depth = 0;
        if (rawPath != null) {
            for (int i = 1; i < rawPath.length(); i++) {
                if (rawPath.charAt(i) == '/') depth++;
            }
        }
        return depth == 0 ? "./" : "../".repeat(depth);
    }

    static void send(Request request, Response response, Callback callback, String tapUrl) {
        response.getHeaders().put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        TapHandler.send(response, callback, 200, "text/html;charset=UTF-8",
                html(tapUrl, request.getHttpURI().getPath()).getBytes(StandardCharsets.UTF_8));
    }
}
