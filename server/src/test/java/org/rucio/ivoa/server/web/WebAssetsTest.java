package org.rucio.ivoa.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.server.http.TestServices;

/** The page's HTML and its static files over HTTP: content types, caching, and nothing outside web/. */
class WebAssetsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TapServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServices.withDemoData("webassets", 10, 3, 50, 1);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)));
    }

    @Test
    void filesHaveTheirContentTypeAnEtagAndRevalidate() throws Exception {
        record Expect(String path, String type, String content) { }
        for (Expect e : List.of(new Expect("/web/app.js", "text/javascript;charset=UTF-8", "import { Editor }"),
                new Expect("/web/tap.js", "text/javascript;charset=UTF-8", "export class TapClient"),
                new Expect("/web/style.css", "text/css;charset=UTF-8", ".editor-backdrop"),
                new Expect("/web/icon.svg", "image/svg+xml;charset=UTF-8", "<svg"))) {
            HttpResponse<String> r = get(e.path());
            assertThat(r.statusCode()).as(e.path()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(e.path()).hasValue(e.type());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(r.body()).contains(e.content());
            String etag = r.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[0-9a-f]{24}\"");

            HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(base + e.path()))
                    .header("If-None-Match", "\"other\", " + etag));
            assertThat(again.statusCode()).as(e.path()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + e.path())).header("If-None-Match", "\"other\""))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void nothingOutsideTheWebFolderNorTheTemplateIsServed() throws Exception {
        for (String path : List.of("/web/index.html", "/web/nothing.js", "/web/.app.js", "/web/app", "/web/",
                "/web/%2e%2e/logback.xml", "/web/..%2flogback.xml", "/web/%2e%2e/org/rucio/ivoa/server/http/TapHandler.class",
                "/web/..%5clogback.xml", "/web/app.js%00.css", "/web//app.js", "/web/app.js/x.js", "/web/../logback.xml",
                "/web/web/app.js")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("<configuration", "import {", "data-tap-url");
        }
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base + "/web/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void pageRefersToItsFilesRelativeToItselfAndAllowsNoForeignCode() throws Exception {
        for (String[] pathAndRoot : new String[][] {{"/", "./"}, {"/tap", "./"}, {"/tap/", "../"}}) {
            HttpResponse<String> r = get(pathAndRoot[0]);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'");
            String root = pathAndRoot[1];
            assertThat(r.body()).contains("<script type=\"module\" src=\"" + root + "web/app.js\"></script>",
                    "href=\"" + root + "web/style.css\"", "data-root=\"" + root + "\"",
                    "data-tap-url=\"" + base + "/tap\"");
            assertThat(r.body()).doesNotContain("{{", "http://cdn", "https://cdn", "<script>", "style=\"");
        }
    }
}
