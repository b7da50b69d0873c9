package org.rucio.ivoa.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rucio.ivoa.server.http.Multipart.file;
import static org.rucio.ivoa.server.http.Multipart.param;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.server.http.Multipart.Part;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.upload.UploadLimits;
import org.rucio.ivoa.tap.uws.AsyncJobs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * TAP_UPLOAD over HTTP: inline multipart parts and http URLs; VOTable TABLEDATA, BINARY2 (our own output sent
 * back) and CSV; values and metadata round-trip; joins with ivoa.obscore; limits and bad tables answer with
 * errors that say what and where; sync and async; nothing stays behind in the database.
 */
class UploadTest {
    private static final String VOT = "http://www.ivoa.net/xml/VOTable/v1.3";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TapServer server;
    private static String base;
    private static String dbUrl;
    private static HttpServer files;
    private static final Map<String, byte[]> served = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        dbUrl = TestPostgres.migratedDatabase("tap_upload");
        new DemoData(dbUrl, DidTable.DEFAULT, 3).write(300, n -> { });
        server = TapServer.start(new TapServer.Config(dbUrl, "127.0.0.1", 0, null,
                new QueryRunner.Limits(100, 1000, Duration.ofSeconds(60), 50), Migrations.DEFAULT_READER_ROLE, 4,
                new AsyncJobs.Settings(Files.createTempDirectory("upload-results"), 1, Duration.ofDays(1),
                        Duration.ofMinutes(1)),
                new UploadLimits(60_000, 200, Duration.ofSeconds(10), true)));
        base = "http://127.0.0.1:" + server.port();
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) exchange.getResponseBody().write(body);
            exchange.close();
        });
        files.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (files != null) files.stop(0);
        if (server != null) server.close();
    }

    // ---- tables to upload

    private static String votable(String fields, String rows) {
        return "<?xml version=\"1.0\"?>\n<VOTABLE version=\"1.4\" xmlns=\"http://www.ivoa.net/xml/VOTable/v1.3\">"
                + "<RESOURCE><TABLE>" + fields + "<DATA><TABLEDATA>" + rows + "</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>\n";
    }

    /** Every kind of column, with nulls, NaN, non-ASCII text and geometry. */
    private static final String KINDS = votable("""
            <FIELD name="s" datatype="short"/><FIELD name="i" datatype="int"/><FIELD name="l" datatype="long"/>
            <FIELD name="f" datatype="float"/><FIELD name="d" datatype="double" unit="deg" ucd="pos.eq.ra"/>
            <FIELD name="b" datatype="boolean"/><FIELD name="c" datatype="char"/>
            <FIELD name="Flux (Jy)" datatype="char" arraysize="*"/>
            <FIELD name="t" datatype="char" arraysize="*" xtype="timestamp"/>
            <FIELD name="p" datatype="double" arraysize="2" xtype="point" unit="deg"/>
            <FIELD name="ci" datatype="double" arraysize="3" xtype="circle" unit="deg"/>
            <FIELD name="po" datatype="double" arraysize="*" xtype="polygon" unit="deg"/>
            """, """
            <TR><TD>1</TD><TD>-2</TD><TD>9007199254740993</TD><TD>1.5</TD><TD>0.1</TD><TD>T</TD><TD>x</TD>
            <TD>Grüße, "tab"	here</TD><TD>2024-02-29T12:34:56.789</TD><TD>10 -30</TD><TD>10 -30 0.5</TD>
            <TD>10 -30 11 -30 11 -29</TD></TR>
            <TR><TD></TD><TD></TD><TD></TD><TD>NaN</TD><TD>NaN</TD><TD></TD><TD></TD><TD></TD><TD></TD><TD></TD>
            <TD></TD><TD></TD></TR>
            """);

    // ---- requests

    private static HttpResponse<byte[]> sync(String adql, String upload, Part... files) throws Exception {
        List<Part> parts = new ArrayList<>(List.of(param("LANG", "ADQL"), param("QUERY", adql)));
        if (upload != null) parts.add(param("UPLOAD", upload));
        parts.addAll(List.of(files));
        return multipart("/tap/sync", parts.toArray(Part[]::new));
    }

    private static HttpResponse<byte[]> multipart(String path, Part... parts) throws Exception {
        return Multipart.post(HTTP, URI.create(base + path), parts);
    }

    private static Document xml(HttpResponse<byte[]> r) throws Exception {
        return TapServerTest.xml(r.body());
    }

    private static List<Element> elements(Document d, String name) {
        return TapServerTest.elements(d, VOT, name);
    }

    private static List<List<String>> rows(Document d) {
        return TapServerTest.rows(d);
    }

    private static String error(HttpResponse<byte[]> r) throws Exception {
        return TapServerTest.errorMessage(xml(r));
    }

    private static long uploadTablesLeft() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class WHERE relname LIKE 'tap_upload%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- tests

    @Test
    void everyKindOfColumnRoundTripsWithItsMetadata() throws Exception {
        HttpResponse<byte[]> r = sync("SELECT * FROM TAP_UPLOAD.kinds", "kinds,param:table", file("table", KINDS));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Document d = xml(r);
        List<String> described = elements(d, "FIELD").stream().map(f -> f.getAttribute("name") + ":"
                + f.getAttribute("datatype") + ":" + f.getAttribute("arraysize") + ":" + f.getAttribute("xtype") + ":"
                + f.getAttribute("unit")).toList();
        assertThat(described).containsExactly("s:short:::", "i:int:::", "l:long:::", "f:float:::", "d:double:::deg",
                "b:boolean:::", "c:char:::", "Flux (Jy):char:*::", "t:char:*:timestamp:", "p:double:2:point:deg",
                "ci:double:3:circle:deg", "po:double:*:polygon:deg");
        assertThat(elements(d, "FIELD").get(4).getAttribute("ucd")).isEqualTo("pos.eq.ra");
        List<List<String>> rows = rows(d);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactly("1", "-2", "9007199254740993", "1.5", "0.1", "T", "x",
                "Grüße, \"tab\"\there", "2024-02-29T12:34:56.789", "10 -30", "10 -30 0.5", "10 -30 11 -30 11 -29");
        // in VOTable a floating-point NaN is that type's null (STIL reads both the same way)
        assertThat(rows.get(1)).containsOnlyNulls();
        // a name that is not an ADQL identifier is reached as a delimited identifier
        HttpResponse<byte[]> quoted = sync("SELECT \"Flux (Jy)\" FROM TAP_UPLOAD.kinds WHERE s = 1", "kinds,param:table",
                file("table", KINDS));
        assertThat(rows(xml(quoted))).containsExactly(List.of("Grüße, \"tab\"\there"));
        assertThat(uploadTablesLeft()).isZero();
    }

    @Test
    void numericArraysRoundTrip() throws Exception {
        String arrays = votable("""
                <FIELD name="da" datatype="double" arraysize="*"/><FIELD name="ia" datatype="int" arraysize="3"/>
                <FIELD name="fa" datatype="float" arraysize="*" unit="Jy"/><FIELD name="la" datatype="long" arraysize="*"/>
                """, """
                <TR><TD>1.5 -2.25 NaN</TD><TD>1 2 3</TD><TD>0.5</TD><TD>9007199254740992 -1</TD></TR>
                <TR><TD></TD><TD>4 5 6</TD><TD></TD><TD></TD></TR>
                """);
        HttpResponse<byte[]> r = sync("SELECT * FROM TAP_UPLOAD.arr", "arr,param:a", file("a", arrays));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Document d = xml(r);
        assertThat(elements(d, "FIELD").stream().map(f -> f.getAttribute("datatype") + ":" + f.getAttribute("arraysize")))
                .containsExactly("double:*", "int:3", "float:*", "long:*");
        assertThat(rows(d).get(0)).containsExactly("1.5 -2.25 NaN", "1 2 3", "0.5", "9007199254740992 -1");
        assertThat(rows(d).get(1).get(1)).isEqualTo("4 5 6");
        // BINARY2 carries them as arrays that a VOTable reader (STIL, on the way back in) takes back
        HttpResponse<byte[]> b2 = sync("SELECT ia FROM TAP_UPLOAD.arr", "arr,param:a", file("a", arrays),
                param("RESPONSEFORMAT", "votable/b2"));
        HttpResponse<byte[]> again = sync("SELECT ia FROM TAP_UPLOAD.back", "back,param:b",
                new Part("b", "b.vot", b2.body()));
        assertThat(rows(xml(again))).containsExactly(List.of("1 2 3"), List.of("4 5 6"));
    }

    @Test
    void anUploadedSourceListJoinsObscoreByPosition() throws Exception {
        HttpResponse<byte[]> positions = sync("SELECT TOP 3 obs_publisher_did, s_ra, s_dec FROM ivoa.obscore"
                + " WHERE s_ra IS NOT NULL ORDER BY obs_publisher_did", null);
        List<List<String>> known = rows(xml(positions));
        StringBuilder csv = new StringBuilder("name,ra,dec\n");
        for (List<String> row : known) csv.append(row.get(0)).append(',').append(row.get(1)).append(',').append(row.get(2)).append('\n');
        HttpResponse<byte[]> r = sync("SELECT s.name, o.obs_publisher_did FROM TAP_UPLOAD.sources AS s"
                + " JOIN ivoa.obscore AS o ON 1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', s.ra, s.dec, 1/3600.))"
                + " WHERE s.name = o.obs_publisher_did ORDER BY s.name", "sources,param:src", file("src", csv.toString()));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(rows(xml(r))).containsExactlyElementsOf(known.stream().map(k -> List.of(k.get(0), k.get(0))).toList());
        Map<String, String> types = new LinkedHashMap<>();
        HttpResponse<byte[]> all = sync("SELECT * FROM TAP_UPLOAD.sources", "sources,param:src", file("src", csv.toString()));
        for (Element f : elements(xml(all), "FIELD")) types.put(f.getAttribute("name"), f.getAttribute("datatype"));
        assertThat(types).containsExactly(Map.entry("name", "char"), Map.entry("ra", "double"), Map.entry("dec", "double"));
    }

    @Test
    void ourOwnBinary2OutputUploadsBack() throws Exception {
        HttpResponse<byte[]> b2 = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/sync?LANG=ADQL&RESPONSEFORMAT="
                + "votable/b2&QUERY=SELECT+TOP+40+obs_publisher_did,s_ra,s_dec,s_region,t_min,obs_creation_date+FROM"
                + "+ivoa.obscore+ORDER+BY+obs_publisher_did")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(b2.body(), StandardCharsets.UTF_8)).contains("BINARY2");
        HttpResponse<byte[]> r = sync("SELECT COUNT(*) AS n, COUNT(s_region) AS regions, MIN(obs_creation_date) AS earliest"
                + " FROM TAP_UPLOAD.b2", "b2,param:b2", new Part("b2", "b2.vot", b2.body()));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(rows(xml(r)).get(0).get(0)).isEqualTo("40");
        HttpResponse<byte[]> direct = sync("SELECT COUNT(s_region) AS regions, MIN(obs_creation_date) AS earliest FROM"
                + " (SELECT TOP 40 s_region, obs_creation_date FROM ivoa.obscore ORDER BY obs_publisher_did) AS t", null);
        assertThat(rows(xml(r)).get(0).subList(1, 3)).isEqualTo(rows(xml(direct)).get(0));
    }

    @Test
    void aTableIsFetchedFromAnHttpUrl() throws Exception {
        served.put("/list.vot", KINDS.getBytes(StandardCharsets.UTF_8));
        String url = "http://127.0.0.1:" + files.getAddress().getPort();
        HttpResponse<byte[]> r = sync("SELECT COUNT(*) AS n FROM TAP_UPLOAD.remote", "remote," + url + "/list.vot");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(rows(xml(r))).containsExactly(List.of("2"));
        HttpResponse<byte[]> missing = sync("SELECT * FROM TAP_UPLOAD.remote", "remote," + url + "/nothing.vot");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing)).contains("UPLOAD remote", "answered HTTP 404");
    }

    @Test
    void anAsyncJobKeepsItsUploadUntilItRunsAndDropsItWithTheJob() throws Exception {
        HttpResponse<byte[]> created = multipart("/tap/async", param("LANG", "ADQL"),
                param("QUERY", "SELECT COUNT(*) AS n FROM TAP_UPLOAD.kinds"), param("UPLOAD", "kinds,param:k"),
                file("k", KINDS));
        assertThat(created.statusCode()).isEqualTo(303);
        String job = created.headers().firstValue("Location").orElseThrow();
        String id = job.substring(job.lastIndexOf('/') + 1);
        assertThat(storedUploads(id)).isEqualTo(1);
        HttpResponse<byte[]> run = HTTP.send(HttpRequest.newBuilder(URI.create(job + "/phase"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("PHASE=RUN")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(run.statusCode()).isEqualTo(303);
        String phase = "";
        for (int i = 0; i < 100 && !phase.equals("COMPLETED") && !phase.equals("ERROR"); i++) {
            phase = new String(HTTP.send(HttpRequest.newBuilder(URI.create(job + "/phase?WAIT=5&PHASE=" + (phase.isEmpty()
                    ? "QUEUED" : phase))).build(), HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8).strip();
        }
        assertThat(phase).isEqualTo("COMPLETED");
        HttpResponse<byte[]> result = HTTP.send(HttpRequest.newBuilder(URI.create(job + "/results/result")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rows(xml(result))).containsExactly(List.of("2"));
        HTTP.send(HttpRequest.newBuilder(URI.create(job)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(storedUploads(id)).isZero();
    }

    private static long storedUploads(String jobId) throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM uws.job_upload WHERE job_id = '" + jobId + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void badUploadsAnswerWithWhatAndWhere() throws Exception {
        record Case(String upload, Part file, int status, String[] message) {}
        StringBuilder big = new StringBuilder("a\n");
        while (big.length() < 70_000) big.append("1234567890\n");
        StringBuilder many = new StringBuilder("a\n");
        for (int i = 0; i < 201; i++) many.append(i).append('\n');
        List<Case> cases = List.of(
                new Case("t,param:nothing", file("other", "a\n1\n"), 400, new String[] {"param:nothing", "no part 'nothing'", "other"}),
                new Case("1t,param:t", file("t", "a\n1\n"), 400, new String[] {"'1t' is not allowed"}),
                new Case("t,param:t;T,param:t", file("t", "a\n1\n"), 400, new String[] {"twice"}),
                new Case("t,ftp://example.org/x", null, 400, new String[] {"neither param:part_name nor an http(s) URL"}),
                new Case("t", null, 400, new String[] {"table_name,location"}),
                new Case("t,param:t", file("t", big.toString()), 413, new String[] {"limit of 60000 bytes"}),
                new Case("t,param:t", file("t", many.toString()), 413, new String[] {"at most 200 rows"}),
                new Case("t,param:t", file("t", "<VOTABLE><RESOURCE><TABLE><FIELD name=\"a\" datatype=\"int\"/>"),
                        400, new String[] {"UPLOAD t", "VOTable"}),
                new Case("t,param:t", file("t", "<?xml version=\"1.0\"?><!DOCTYPE VOTABLE [<!ENTITY x SYSTEM"
                        + " \"file:///etc/passwd\">]><VOTABLE/>"), 400, new String[] {"DOCTYPE"}),
                new Case("t,param:t", file("t", votable("<FIELD name=\"a\" datatype=\"int\"/>", "").replace(
                        "<TABLEDATA></TABLEDATA>", "<BINARY><STREAM href=\"file:///etc/passwd\"/></BINARY>")), 400,
                        new String[] {"STREAM href"}),
                new Case("t,param:t", file("t", votable("<FIELD name=\"p\" datatype=\"double\" arraysize=\"2\" xtype=\"point\"/>",
                        "<TR><TD>10 20</TD></TR><TR><TD>10 95</TD></TR>")), 400,
                        new String[] {"row 2", "column p", "declination 95"}),
                new Case("t,param:t", file("t", votable("<FIELD name=\"t\" datatype=\"char\" arraysize=\"*\" xtype=\"timestamp\"/>",
                        "<TR><TD>2020-01-01</TD></TR><TR><TD>yesterday-ish</TD></TR>")), 400,
                        new String[] {"UPLOAD t", "row 2", "column t", "yesterday-ish"}),
                new Case("t,param:t", file("t", votable("<FIELD name=\"a\" datatype=\"int\"/><FIELD name=\"A\" datatype=\"int\"/>",
                        "")), 400, new String[] {"two columns are named 'A'"}));
        for (Case c : cases) {
            HttpResponse<byte[]> r = c.file() == null ? sync("SELECT * FROM TAP_UPLOAD.t", c.upload())
                    : sync("SELECT * FROM TAP_UPLOAD.t", c.upload(), c.file());
            assertThat(r.statusCode()).as(c.upload() + " " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(c.status());
            assertThat(error(r)).as(c.upload()).contains(c.message());
        }
        HttpResponse<byte[]> notUploaded = sync("SELECT * FROM TAP_UPLOAD.other", "t,param:t", file("t", "a\n1\n"));
        assertThat(error(notUploaded)).contains("no table TAP_UPLOAD.other was uploaded");
        assertThat(uploadTablesLeft()).isZero();
    }

    @Test
    void capabilitiesDeclareTheUploadMethodsAndLimit() throws Exception {
        String caps = new String(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/capabilities")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        assertThat(caps).contains("ivo://ivoa.net/std/TAPRegExt#upload-inline", "ivo://ivoa.net/std/TAPRegExt#upload-http\"",
                "ivo://ivoa.net/std/TAPRegExt#upload-https", "<uploadLimit><default unit=\"byte\">60000</default>");
    }
}
