package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.RucioPlugin;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The TAP service over HTTP against a real migrated database with demo observations. */
class TapServerTest {
    private static final String VOT = "http://www.ivoa.net/xml/VOTable/v1.3";
    /** Awkward values: XML specials, quotes, non-ASCII, a comma and a line break. */
    static final String AWKWARD_ID = "M&M <üñ> \"q\" ✓ 'x'";
    static final String CSV_ID = "a,b\nc";

    private static TapServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        String url = TestPostgres.migratedDatabase("tap_http");
        new DemoData(url, DidTable.DEFAULT, 1).write(500, n -> { });
        try (RucioPlugin rucio = new RucioPlugin(url, "rucio", "def")) {
            rucio.setMetadataBulk("test", "special-1", "{\"calib_level\": 2, \"obs_collection\": \"SPECIAL\", \"obs_id\": "
                    + json(AWKWARD_ID) + ", \"obs_publisher_did\": \"ivo://test/special?1\", \"dataproduct_type\": \"image\","
                    + " \"s_region\": \"POLYGON ICRS 10 -30 11 -30 11 -29\"}");
            rucio.setMetadataBulk("test", "special-2", "{\"calib_level\": 1, \"obs_collection\": \"SPECIAL\", \"obs_id\": "
                    + json(CSV_ID) + ", \"obs_publisher_did\": \"ivo://test/special?2\", \"s_ra\": 201.5, \"s_dec\": -43.25,"
                    + " \"s_fov\": 1}");
        }
        server = TapServer.start(new TapServer.Config(url, "127.0.0.1", 0, null,
                new QueryRunner.Limits(100, 1000, Duration.ofSeconds(60), 50), Migrations.DEFAULT_READER_ROLE, 4,
                new AsyncJobs.Settings(Files.createTempDirectory("tap-results"), 1,
                        Duration.ofDays(1), Duration.ofMinutes(1))));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    // ---- helpers

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String path, String... namesAndValues) throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parts.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", parts))).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> query(String adql, String... more) throws IOException, InterruptedException {
        List<String> p = new ArrayList<>(List.of("LANG", "ADQL", "QUERY", adql));
        p.addAll(List.of(more));
        return post("/tap/sync", p.toArray(String[]::new));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static Document xml(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    static List<Element> elements(Document d, String ns, String name) {
        NodeList l = d.getElementsByTagNameNS(ns, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
        return out;
    }

    private static Map<String, Element> fields(Document d) {
        Map<String, Element> m = new LinkedHashMap<>();
        for (Element f : elements(d, VOT, "FIELD")) m.put(f.getAttribute("name"), f);
        return m;
    }

    /** The rows of a TABLEDATA table as text; an empty TD is null. */
    static List<List<String>> rows(Document d) {
        List<List<String>> out = new ArrayList<>();
        for (Element tr : elements(d, VOT, "TR")) {
            List<String> row = new ArrayList<>();
            NodeList tds = tr.getElementsByTagNameNS(VOT, "TD");
            for (int i = 0; i < tds.getLength(); i++) {
                Node td = tds.item(i);
                row.add(td.hasChildNodes() ? td.getTextContent() : null);
            }
            out.add(row);
        }
        return out;
    }

    /** The QUERY_STATUS INFOs of the results RESOURCE, in document order. */
    private static List<String> statuses(Document d) {
        return elements(d, VOT, "INFO").stream().filter(i -> i.getAttribute("name").equals("QUERY_STATUS"))
                .map(i -> i.getAttribute("value")).toList();
    }

    static String errorMessage(Document d) {
        return elements(d, VOT, "INFO").stream().filter(i -> i.getAttribute("value").equals("ERROR"))
                .map(Element::getTextContent).findFirst().orElseThrow();
    }

    private static long published() throws Exception {
        HttpResponse<byte[]> r = query("SELECT COUNT(*) AS n FROM ivoa.obscore", "RESPONSEFORMAT", "csv");
        return Long.parseLong(text(r).split("\r\n")[1]);
    }

    // ---- sync queries

    @Test
    void votableTabledataCarriesFieldMetadataAndRows() throws Exception {
        HttpResponse<byte[]> r = query("SELECT TOP 5 obs_id, s_ra, s_dec, calib_level, obs_creation_date, s_region"
                + " FROM ivoa.obscore ORDER BY obs_publisher_did");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-votable+xml");
        Document d = xml(r.body());
        assertThat(d.getDocumentElement().getAttribute("version")).isEqualTo("1.4");
        Element resource = elements(d, VOT, "RESOURCE").get(0);
        assertThat(resource.getAttribute("type")).isEqualTo("results");
        Element firstInfo = elements(d, VOT, "INFO").get(0);
        assertThat(firstInfo.getAttribute("name")).isEqualTo("QUERY_STATUS");
        assertThat(firstInfo.getAttribute("value")).isEqualTo("OK");
        Map<String, Element> f = fields(d);
        assertThat(f.keySet()).containsExactly("obs_id", "s_ra", "s_dec", "calib_level", "obs_creation_date", "s_region");
        assertThat(f.get("s_ra").getAttribute("datatype")).isEqualTo("double");
        assertThat(f.get("s_ra").getAttribute("unit")).isEqualTo("deg");
        assertThat(f.get("s_ra").getAttribute("ucd")).isEqualTo("pos.eq.ra");
        assertThat(f.get("s_ra").getAttribute("utype")).startsWith("obscore:");
        assertThat(f.get("s_ra").getElementsByTagNameNS(VOT, "DESCRIPTION").item(0).getTextContent()).isNotBlank();
        assertThat(f.get("obs_id").getAttribute("arraysize")).isEqualTo("*");
        assertThat(f.get("obs_creation_date").getAttribute("xtype")).isEqualTo("timestamp");
        assertThat(f.get("s_region").getAttribute("xtype")).isEqualTo("adql:region");
        List<List<String>> rows = rows(d);
        assertThat(rows).hasSize(5).allSatisfy(row -> assertThat(row).hasSize(6));
        assertThat(rows.get(0).get(0)).isNotEmpty();
        Double.parseDouble(rows.get(0).get(1));
        assertThat(statuses(d)).containsExactly("OK");
        for (List<String> row : rows) {
            if (row.get(4) != null) assertThat(row.get(4)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?");
        }
    }

    @Test
    void csvHasHeaderAndQuotesAwkwardValues() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id, calib_level FROM ivoa.obscore WHERE obs_collection = 'SPECIAL'"
                + " ORDER BY calib_level", "RESPONSEFORMAT", "csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(text(r)).isEqualTo("obs_id,calib_level\r\n\"a,b\nc\",1\r\n\"M&M <üñ> \"\"q\"\" ✓ 'x'\",2\r\n");
    }

    @Test
    void csvTellsEmptyStringFromNull() throws Exception {
        HttpResponse<byte[]> r = query("SELECT TOP 1 '' AS e, target_name AS n FROM ivoa.obscore WHERE obs_collection = 'SPECIAL'",
                "RESPONSEFORMAT", "text/csv");
        assertThat(text(r)).isEqualTo("e,n\r\n\"\",\r\n");
    }

    @Test
    void tsvEscapesTabsAndLineBreaks() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id, calib_level FROM ivoa.obscore WHERE obs_collection = 'SPECIAL'"
                + " ORDER BY calib_level", "FORMAT", "tsv");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/tab-separated-values");
        assertThat(text(r)).isEqualTo("obs_id\tcalib_level\na,b\\nc\t1\n" + AWKWARD_ID + "\t2\n");
    }

    @Test
    void jsonHasColumnsDataAndStatus() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id, POINT('ICRS', s_ra, s_dec) AS p FROM ivoa.obscore"
                + " WHERE obs_collection = 'SPECIAL' AND calib_level = 1", "RESPONSEFORMAT", "application/json");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(text(r)).contains("\"name\":\"obs_id\"", "\"xtype\":\"point\"", "[\"a,b\\nc\",[201.5,-43.25]]",
                "\"status\":\"OK\"");
    }

    @Test
    void votableEscapesXmlAndKeepsNonAscii() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id FROM ivoa.obscore WHERE obs_collection = 'SPECIAL' ORDER BY calib_level DESC");
        Document d = xml(r.body());
        assertThat(rows(d)).containsExactly(List.of(AWKWARD_ID), List.of(CSV_ID));
        // the QUERY INFO echoes the ADQL, quotes included
        assertThat(elements(d, VOT, "INFO").stream().filter(i -> i.getAttribute("name").equals("QUERY")).findFirst()
                .orElseThrow().getAttribute("value")).contains("obs_collection = 'SPECIAL'");
    }

    @Test
    void binary2DecodesToTheSameValuesAsTabledata() throws Exception {
        String adql = "SELECT TOP 20 obs_id, s_ra, calib_level, POINT('ICRS', s_ra, s_dec) AS p, target_name FROM ivoa.obscore"
                + " ORDER BY obs_publisher_did";
        List<List<String>> expected = rows(xml(query(adql).body()));
        HttpResponse<byte[]> r = query(adql, "RESPONSEFORMAT", "votable/b2");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-votable+xml;serialization=binary2");
        Document d = xml(r.body());
        List<Element> fs = List.copyOf(fields(d).values());
        String stream = elements(d, VOT, "STREAM").get(0).getTextContent();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(stream)));
        List<List<String>> decoded = new ArrayList<>();
        while (in.available() > 0) {
            byte[] flags = in.readNBytes((fs.size() + 7) / 8);
            List<String> row = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                String v = Binary2Read.value(in, fs.get(i).getAttribute("datatype"), fs.get(i).getAttribute("arraysize"));
                row.add((flags[i / 8] & (0x80 >>> (i % 8))) != 0 ? null : v);
            }
            decoded.add(row);
        }
        assertThat(decoded).isEqualTo(expected);
    }

    // ---- MAXREC and overflow

    @Test
    void overflowOnlyWhenRowsExceedMaxrec() throws Exception {
        long n = published();
        assertThat(n).isBetween(400L, 1000L);
        String adql = "SELECT obs_publisher_did FROM ivoa.obscore";
        Document exact = xml(query(adql, "MAXREC", Long.toString(n)).body());
        assertThat(rows(exact)).hasSize((int) n);
        assertThat(statuses(exact)).containsExactly("OK");
        Document cut = xml(query(adql, "MAXREC", Long.toString(n - 1)).body());
        assertThat(rows(cut)).hasSize((int) n - 1);
        assertThat(statuses(cut)).containsExactly("OK", "OVERFLOW");
        Document top = xml(query("SELECT TOP 3 obs_publisher_did FROM ivoa.obscore", "MAXREC", "3").body());
        assertThat(rows(top)).hasSize(3);
        assertThat(statuses(top)).containsExactly("OK");
    }

    @Test
    void defaultMaxrecAppliesAndZeroGivesMetadataOnly() throws Exception {
        // MAXREC (100) above the fetch size (50): the overflow is found while streaming, a trailing INFO says so
        Document byDefault = xml(query("SELECT obs_id FROM ivoa.obscore").body());
        assertThat(rows(byDefault)).hasSize(100);
        assertThat(statuses(byDefault)).containsExactly("OK", "OVERFLOW");
        // MAXREC below the fetch size: known before the first byte, the leading (and only) status says so
        Document small = xml(query("SELECT obs_id FROM ivoa.obscore", "MAXREC", "3").body());
        assertThat(rows(small)).hasSize(3);
        assertThat(statuses(small)).containsExactly("OVERFLOW");
        Document exact = xml(query("SELECT TOP 3 obs_id FROM ivoa.obscore", "MAXREC", "3").body());
        assertThat(rows(exact)).hasSize(3);
        assertThat(statuses(exact)).containsExactly("OK");
        Document zero = xml(query("SELECT obs_id, s_ra FROM ivoa.obscore", "MAXREC", "0").body());
        assertThat(fields(zero).keySet()).containsExactly("obs_id", "s_ra");
        assertThat(rows(zero)).isEmpty();
        assertThat(statuses(zero)).containsExactly("OVERFLOW");
    }

    // ---- errors

    @Test
    void syntaxErrorIs400WithLineAndColumn() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id\nFROM ivoa.obscore\nWHERE s_ra >");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-votable+xml");
        Document d = xml(r.body());
        assertThat(statuses(d)).containsExactly("ERROR");
        assertThat(errorMessage(d)).contains("line 3, column");
    }

    @Test
    void unknownColumnIsReportedWithSuggestion() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_idd FROM ivoa.obscore");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorMessage(xml(r.body()))).contains("line 1, column 8").contains("obs_idd").contains("obs_id?");
    }

    @Test
    void badParametersAre400WithAHelpfulMessage() throws Exception {
        HttpResponse<byte[]> noLang = post("/tap/sync", "QUERY", "SELECT obs_id FROM ivoa.obscore");
        assertThat(noLang.statusCode()).isEqualTo(400);
        assertThat(errorMessage(xml(noLang.body()))).contains("LANG");
        HttpResponse<byte[]> badFormat = query("SELECT obs_id FROM ivoa.obscore", "RESPONSEFORMAT", "fits");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(errorMessage(xml(badFormat.body()))).contains("RESPONSEFORMAT").contains("csv");
        HttpResponse<byte[]> badMaxrec = query("SELECT obs_id FROM ivoa.obscore", "MAXREC", "-1");
        assertThat(badMaxrec.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> noQuery = post("/tap/sync", "LANG", "ADQL");
        assertThat(errorMessage(xml(noQuery.body()))).contains("QUERY");
    }

    @Test
    void databaseErrorsAreReportedWithoutInternals() throws Exception {
        HttpResponse<byte[]> r = query("SELECT TOP 1 1/0 AS z FROM ivoa.obscore");
        assertThat(r.statusCode()).isEqualTo(400);
        String message = errorMessage(xml(r.body()));
        assertThat(message).contains("division by zero").doesNotContain("ERROR:").doesNotContain("Position");
    }

    @Test
    void errorAfterStreamingBeganEndsTheSameDocument() throws Exception {
        // the special observation at s_ra 201.5 was written last: its row divides by zero after earlier rows went out
        String adql = "SELECT obs_id, 1 / (s_ra - 201.5) AS x FROM ivoa.obscore";
        for (String format : List.of("votable", "votable/b2")) {
            HttpResponse<byte[]> r = query(adql, "MAXREC", "1000", "RESPONSEFORMAT", format);
            assertThat(r.statusCode()).isEqualTo(200);
            Document d = xml(r.body());
            assertThat(statuses(d)).containsExactly("OK", "ERROR");
            assertThat(errorMessage(d)).contains("division by zero");
            if (format.equals("votable")) assertThat(rows(d)).hasSizeGreaterThan(50);
        }
    }

    @Test
    void deeplyNestedQueriesCompileOnRequestThreads() throws Exception {
        String deep = "(".repeat(200) + "s_ra" + ")".repeat(200);
        HttpResponse<byte[]> r = query("SELECT TOP 1 " + deep + " AS x FROM ivoa.obscore", "RESPONSEFORMAT", "csv");
        assertThat(r.statusCode()).isIn(200, 400);
        if (r.statusCode() == 400) assertThat(errorMessage(xml(r.body()))).contains("complex");
    }

    @Test
    void asyncIsTheUwsJobList() throws Exception {
        HttpResponse<byte[]> r = get("/tap/async");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(xml(r.body()).getDocumentElement().getLocalName()).isEqualTo("jobs");
    }

    // ---- parameters, geometry, TAP_SCHEMA

    @Test
    void parameterNamesAreCaseInsensitive() throws Exception {
        String q = URLEncoder.encode("SELECT TOP 2 obs_id FROM ivoa.obscore", StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = get("/tap/sync?lAnG=adql&qUeRy=" + q + "&ResponseFormat=CSV&MaxRec=1&request=doQuery");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r).split("\r\n")).hasSize(2);
    }

    @Test
    void multipartPostIsAccepted() throws Exception {
        String boundary = "----rucio-ivoa-test";
        StringBuilder body = new StringBuilder();
        for (String[] p : new String[][] {{"LANG", "ADQL"}, {"QUERY", "SELECT obs_id FROM ivoa.obscore WHERE calib_level = 1"
                + " AND obs_collection = 'SPECIAL'"}, {"RESPONSEFORMAT", "csv"}}) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(p[0])
                    .append("\"\r\n\r\n").append(p[1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("obs_id\r\n\"a,b\nc\"\r\n");
    }

    @Test
    void geometryIsWrittenAsDaliArraysAndStcs() throws Exception {
        Document d = xml(query("SELECT calib_level, POINT('ICRS', s_ra, s_dec) AS p, s_region,"
                + " CIRCLE('ICRS', s_ra, s_dec, 0.5) AS c FROM ivoa.obscore WHERE obs_collection = 'SPECIAL' ORDER BY calib_level").body());
        Map<String, Element> f = fields(d);
        assertThat(f.get("p").getAttribute("xtype")).isEqualTo("point");
        assertThat(f.get("p").getAttribute("datatype")).isEqualTo("double");
        assertThat(f.get("p").getAttribute("arraysize")).isEqualTo("2");
        assertThat(f.get("c").getAttribute("xtype")).isEqualTo("circle");
        List<List<String>> rows = rows(d);
        assertThat(rows.get(0).subList(1, 4)).containsExactly("201.5 -43.25", "CIRCLE ICRS 201.5 -43.25 0.5",
                "201.5 -43.25 0.5");
        assertThat(rows.get(1).get(2)).isEqualTo("POLYGON ICRS 10 -30 11 -30 11 -29");
    }

    @Test
    void coneSearchFindsTheObservation() throws Exception {
        HttpResponse<byte[]> r = query("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec),"
                + " CIRCLE('ICRS', 201.5, -43.25, 0.01)) AND obs_collection = 'SPECIAL'", "RESPONSEFORMAT", "csv");
        assertThat(text(r)).isEqualTo("obs_id\r\n\"a,b\nc\"\r\n");
    }

    @Test
    void tapSchemaIsQueryable() throws Exception {
        HttpResponse<byte[]> r = query("SELECT table_name FROM TAP_SCHEMA.tables ORDER BY table_name", "RESPONSEFORMAT", "csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).contains("ivoa.obscore").contains("TAP_SCHEMA.columns");
    }

    // ---- VOSI and the home page

    @Test
    void tablesListObscoreWithItsColumns() throws Exception {
        HttpResponse<byte[]> r = get("/tap/tables");
        assertThat(r.statusCode()).isEqualTo(200);
        Document d = xml(r.body());
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("tableset");
        Element obscore = null;
        NodeList tables = d.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (t.getElementsByTagName("name").item(0).getTextContent().equals("ivoa.obscore")) obscore = t;
        }
        assertThat(obscore).isNotNull();
        NodeList cols = obscore.getElementsByTagName("column");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cols.getLength(); i++) {
            names.add(((Element) cols.item(i)).getElementsByTagName("name").item(0).getTextContent());
        }
        assertThat(names).contains("obs_publisher_did", "s_ra", "s_dec", "s_region", "t_min", "em_min", "dataproduct_type");
        assertThat(d.getElementsByTagName("dataType").item(0).getAttributes().getNamedItemNS(
                "http://www.w3.org/2001/XMLSchema-instance", "type").getNodeValue()).isEqualTo("vs:VOTableType");

        Document min = xml(get("/tap/tables?detail=min").body());
        assertThat(min.getElementsByTagName("table").getLength()).isEqualTo(tables.getLength());
        assertThat(min.getElementsByTagName("column").getLength()).isZero();

        HttpResponse<byte[]> one = get("/tap/tables/ivoa.obscore");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(xml(one.body()).getElementsByTagName("column").getLength()).isEqualTo(cols.getLength());
        assertThat(get("/tap/tables/ivoa.nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void capabilitiesDeclareTapAdqlObscoreAndFormats() throws Exception {
        HttpResponse<byte[]> r = get("/tap/capabilities");
        assertThat(r.statusCode()).isEqualTo(200);
        Document d = xml(r.body());
        List<String> standards = new ArrayList<>();
        NodeList caps = d.getElementsByTagName("capability");
        for (int i = 0; i < caps.getLength(); i++) standards.add(((Element) caps.item(i)).getAttribute("standardID"));
        assertThat(standards).containsExactlyInAnyOrder("ivo://ivoa.net/std/TAP", "ivo://ivoa.net/std/VOSI#capabilities",
                "ivo://ivoa.net/std/VOSI#availability", "ivo://ivoa.net/std/VOSI#tables-1.1",
                "ivo://ivoa.net/std/DALI#examples");
        String body = text(r);
        assertThat(body).contains("<interface xsi:type=\"vr:WebBrowser\">\n<accessURL use=\"full\">" + base
                + "/tap/examples</accessURL>");
        assertThat(body).contains("ivo://ivoa.net/std/ADQL#v2.1", "ivo://ivoa.net/std/ADQL#v2.0",
                "ivo://ivoa.net/std/ObsCore#core-1.1", "<form>INTERSECTS</form>", "<mime>text/csv</mime>",
                "#output-votable-binary2", base + "/tap</accessURL>", "<retentionPeriod><default>86400</default>");
    }

    @Test
    void availabilityAsksTheDatabase() throws Exception {
        HttpResponse<byte[]> r = get("/tap/availability");
        assertThat(r.statusCode()).isEqualTo(200);
        Document d = xml(r.body());
        assertThat(d.getElementsByTagNameNS("http://www.ivoa.net/xml/VOSIAvailability/v1.0", "available").item(0)
                .getTextContent()).isEqualTo("true");
    }

    @Test
    void homePageListsTheEndpoints() throws Exception {
        for (String path : List.of("/", "/tap")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(text(r)).contains(base + "/tap/sync", base + "/tap/tables", base + "/tap/capabilities",
                    base + "/tap/availability", base + "/tap/async", base + "/tap/examples");
        }
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/tap/capabilities").headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void serverHeaderIsAProductListNamingThisSoftware() throws Exception {
        for (String path : List.of("/tap/capabilities", "/tap/sync?LANG=ADQL&QUERY=SELECT+1+AS+x", "/tap/async",
                "/nothing")) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.headers().allValues("Server")).as(path).containsExactly(TapServer.SERVER_HEADER);
        }
        // RFC 9110: product = token ["/" token]; no "Jetty(...)"
        assertThat(TapServer.SERVER_HEADER).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    }

    @Test
    void tablesWriteReservedColumnNamesDelimitedAsTapSchemaDoes() throws Exception {
        Document d = xml(get("/tap/tables").body());
        List<String> names = new ArrayList<>();
        NodeList cols = d.getElementsByTagName("column");
        for (int i = 0; i < cols.getLength(); i++) {
            names.add(((Element) cols.item(i)).getElementsByTagName("name").item(0).getTextContent());
        }
        assertThat(names).contains("\"size\"", "arraysize", "column_name").doesNotContain("size");
        // exactly as TAP_SCHEMA.columns has it
        HttpResponse<byte[]> r = query("SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = 'TAP_SCHEMA.columns'"
                + " AND column_name LIKE '%size%' ORDER BY column_name", "RESPONSEFORMAT", "csv");
        assertThat(text(r).lines().skip(1).toList()).containsExactlyInAnyOrder("arraysize", "\"\"\"size\"\"\"");
        // and the delimited name works in a query
        assertThat(query("SELECT \"size\" FROM TAP_SCHEMA.columns WHERE column_name = 'arraysize'").statusCode())
                .isEqualTo(200);
    }

    @Test
    void tablesCarryTheTapSchemaForeignKeys() throws Exception {
        Document d = xml(get("/tap/tables").body());
        List<String> keys = new ArrayList<>();
        NodeList tables = d.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            String from = t.getElementsByTagName("name").item(0).getTextContent();
            NodeList fks = t.getElementsByTagName("foreignKey");
            for (int j = 0; j < fks.getLength(); j++) {
                Element fk = (Element) fks.item(j);
                keys.add(from + "." + fk.getElementsByTagName("fromColumn").item(0).getTextContent() + " -> "
                        + fk.getElementsByTagName("targetTable").item(0).getTextContent() + "."
                        + fk.getElementsByTagName("targetColumn").item(0).getTextContent());
            }
        }
        assertThat(keys).containsExactlyInAnyOrder(
                "TAP_SCHEMA.tables.schema_name -> TAP_SCHEMA.schemas.schema_name",
                "TAP_SCHEMA.columns.table_name -> TAP_SCHEMA.tables.table_name",
                "TAP_SCHEMA.keys.from_table -> TAP_SCHEMA.tables.table_name",
                "TAP_SCHEMA.keys.target_table -> TAP_SCHEMA.tables.table_name",
                "TAP_SCHEMA.key_columns.key_id -> TAP_SCHEMA.keys.key_id");
        Document one = xml(get("/tap/tables/TAP_SCHEMA.keys").body());
        assertThat(one.getElementsByTagName("foreignKey").getLength()).isEqualTo(2);
        assertThat(xml(get("/tap/tables?detail=min").body()).getElementsByTagName("foreignKey").getLength()).isZero();
    }
}
