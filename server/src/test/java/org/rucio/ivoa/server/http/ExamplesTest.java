package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The DALI examples document: its RDFa markup as DALI 1.1 and TAP 1.1 require it, and every example query taken
 * from the served document runs through /tap/sync against demo data (the same 3,000 DIDs as
 * {@code rucio-ivoa demo-data --count 3000}) and returns rows.
 */
class ExamplesTest {
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String VOT = "http://www.ivoa.net/xml/VOTable/v1.3";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static TapServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServices.withDemoData("tap_examples", 3000, 1, 50, 1);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private record Served(String id, String name, String query, List<String> tables) { }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The elements of an example's subtree (itself excluded) carrying {@code property="name"}. */
    private static List<Element> withProperty(Element root, String property) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagNameNS(XHTML, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (property.equals(e.getAttribute("property"))) out.add(e);
        }
        return out;
    }

    /** The property's value: plain text, no child elements (taplint E-PTXT). */
    private static String plainText(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            assertThat(n.getNodeType()).as("child of property %s", e.getAttribute("property")).isEqualTo(Node.TEXT_NODE);
        }
        return e.getTextContent();
    }

    private static List<Served> examples() throws Exception {
        HttpResponse<byte[]> r = get("/tap/examples");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xhtml+xml");
        Document d = TapServerTest.xml(r.body());   // well-formed XML
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(XHTML);
        List<Element> vocabs = new ArrayList<>();
        List<Element> examples = new ArrayList<>();
        NodeList all = d.getElementsByTagNameNS(XHTML, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("vocab")) vocabs.add(e);
            if ("example".equals(e.getAttribute("typeof"))) examples.add(e);
            assertThat(e.getLocalName()).isNotEqualTo("script");
        }
        assertThat(vocabs).hasSize(1);
        assertThat(vocabs.get(0).getAttribute("vocab")).isEqualTo("http://www.ivoa.net/rdf/examples#");
        List<Served> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Element e : examples) {
            String id = e.getAttribute("id");
            assertThat(id).isNotEmpty();
            assertThat(ids.add(id)).as("unique id %s", id).isTrue();
            assertThat(e.getAttribute("resource")).isEqualTo("#" + id);
            List<Element> names = withProperty(e, "name");
            List<Element> queries = withProperty(e, "query");
            assertThat(names).as("names of %s", id).hasSize(1);
            assertThat(queries).as("queries of %s", id).hasSize(1);
            for (Element p : withProperty(e, "table")) assertThat(p.hasAttribute("href")).isFalse();
            out.add(new Served(id, plainText(names.get(0)), plainText(queries.get(0)),
                    withProperty(e, "table").stream().map(ExamplesTest::plainText).toList()));
        }
        return out;
    }

    @Test
    void documentIsDaliRdfaWithTenOrMoreExamples() throws Exception {
        List<Served> examples = examples();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        assertThat(examples).extracting(Served::query).anyMatch(q -> q.contains("INTERSECTS(s_region"))
                .anyMatch(q -> q.contains("pol_states LIKE '%/XX/%'"))
                .anyMatch(q -> q.contains("TAP_SCHEMA.columns"))
                .contains("select rucio_did_scope, rucio_did_name, obs_id, calib_level from ivoa.obscore");
        for (Served s : examples) assertThat(s.tables()).as(s.id()).isNotEmpty();
    }

    @Test
    void everyServedExampleRunsAndReturnsRows() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Served s : examples()) {
            String body = "LANG=ADQL&MAXREC=10&QUERY=" + URLEncoder.encode(s.query(), StandardCharsets.UTF_8);
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(r.body(), StandardCharsets.UTF_8);
            if (r.statusCode() != 200) {
                failures.add(s.id() + ": HTTP " + r.statusCode() + " " + text);
                continue;
            }
            Document d = TapServerTest.xml(r.body());
            List<String> statuses = new ArrayList<>();
            NodeList infos = d.getElementsByTagNameNS(VOT, "INFO");
            for (int i = 0; i < infos.getLength(); i++) {
                Element info = (Element) infos.item(i);
                if (info.getAttribute("name").equals("QUERY_STATUS")) statuses.add(info.getAttribute("value"));
            }
            int rows = d.getElementsByTagNameNS(VOT, "TR").getLength();
            if (statuses.contains("ERROR") || statuses.isEmpty()) {
                failures.add(s.id() + ": " + statuses + " " + text);
            } else if (rows == 0) {
                failures.add(s.id() + " (" + s.name() + "): no rows");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void capabilitiesDeclareTheExamples() throws Exception {
        String caps = new String(get("/tap/capabilities").body(), StandardCharsets.UTF_8);
        assertThat(caps).contains("standardID=\"ivo://ivoa.net/std/DALI#examples\"", base + "/tap/examples</accessURL>");
    }
}
