package org.rucio.ivoa.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.server.http.TestServices;
import org.w3c.dom.Document;

/**
 * The web page at {@code /} as a person uses it: Debian's Chromium (headless, driven by Debian's chromedriver;
 * nothing is downloaded) against the service on a demo database. Examples, results, downloads, ADQL errors at
 * their position, the TAP_SCHEMA browser and async jobs; a screenshot with a result table goes to
 * target/web-page.png.
 */
class WebPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int DIDS = 400;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Selenium warns that it has no CDP binding for this Chromium; the test uses WebDriver only. Held: JUL keeps loggers weakly. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private static TapServer server;
    private static ChromeDriver driver;
    private static String base;
    private static String defaultMaxrec;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (make setup installs them)");
        CDP_LOG.setLevel(Level.SEVERE);
        // -Dwebpage.url=http://localhost:8080 checks a running service (scripts/check-demo.sh) instead
        String external = System.getProperty("webpage.url", "");
        if (external.isBlank()) {
            server = TestServices.withDemoData("webpage", DIDS, 5, 200, 1);
            base = "http://127.0.0.1:" + server.port();
        } else {
            base = external.replaceAll("/+$", "");
        }
        String caps = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tap/capabilities")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("<outputLimit><default unit=\"row\">(\\d+)</default>").matcher(caps);
        assertThat(m.find()).as("the default MAXREC in the capabilities").isTrue();
        defaultMaxrec = m.group(1);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1500",
                "--no-first-run", "--disable-extensions", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) driver.quit();
        if (server != null) server.close();
    }

    /** No script error, no refused resource (CSP), nothing failed to load but the 400s of rejected queries. */
    @AfterEach
    void noScriptErrors() {
        if (driver == null) return;
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("status of 400"))
                .collect(Collectors.toList());
        assertThat(severe).as("browser console").isEmpty();
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Opens a page of the service and waits until its script has started and the examples are listed. */
    private static void open(String path) {
        driver.get(base + path);
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("body.ready")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button.example")));
    }

    private static WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private static void type(String query) {
        WebElement editor = byId("query");
        editor.clear();
        editor.sendKeys(query);
        assertThat(editor.getDomProperty("value")).isEqualTo(query);
    }

    /** Runs what the editor holds with the Run button and waits for a result (or an error). */
    private static void runAndWaitForRows() {
        byId("run").click();
        waiting().until(d -> byId("result-summary").getDomAttribute("data-rows") != null
                || byId("query-error").isDisplayed());
        assertThat(byId("query-error").isDisplayed()).as(byId("query-error").getText()).isFalse();
    }

    private static int shownRows() {
        return Integer.parseInt(byId("result-summary").getDomAttribute("data-rows"));
    }

    private static List<String> headers() {
        return driver.findElements(By.cssSelector("#result-table thead th[data-column]")).stream()
                .map(th -> th.getDomAttribute("data-column")).toList();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The query parameters of a URL, decoded as a form (a plus is a space). */
    private static Map<String, String> parameters(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void pageDescribesTheServiceAndListsItsEndpoints() throws Exception {
        open("/");
        assertThat(driver.getTitle()).contains("rucio-ivoa");
        assertThat(byId("tap-url").getText()).isEqualTo(base + "/tap");
        List<String> links = driver.findElements(By.cssSelector("dl.endpoints a")).stream()
                .map(a -> a.getDomAttribute("href")).toList();
        assertThat(links).containsExactly(base + "/tap/sync", base + "/tap/async", base + "/tap/tables",
                base + "/tap/capabilities", base + "/tap/availability", base + "/tap/examples", "./metrics");
        waiting().until(d -> byId("limits").getText().contains("TAP_UPLOAD.name, up to 16 MB per query"));
        waiting().until(ExpectedConditions.textToBe(By.id("availability"), "available"));
        // MAXREC starts at the service's default from VOSI capabilities
        waiting().until(d -> defaultMaxrec.equals(byId("maxrec").getDomProperty("value")));
        assertThat(driver.findElements(By.cssSelector("button.example"))).hasSizeGreaterThanOrEqualTo(10);

        // narrow screens: one column, nothing wider than the window
        driver.manage().window().setSize(new Dimension(420, 900));
        try {
            open("/");
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Object wide = ((JavascriptExecutor) driver).executeScript(
                    "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                    + ".slice(0, 12).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow in px; too wide:\n" + wide).isLessThanOrEqualTo(0);
            assertThat(byId("editor-section").getLocation().getY()).as("editor before the examples")
                    .isLessThan(byId("examples-section").getLocation().getY());
            Files.write(Path.of(System.getProperty("basedir", "."), "target", "web-page-narrow.png"),
                    driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1500));
        }

        // the same page under /tap and /tap/: its scripts and styles are found relative to the page
        for (String path : List.of("/tap", "/tap/")) {
            open(path);
            assertThat(byId("tap-url").getText()).isEqualTo(base + "/tap");
            assertThat(byId("editor-backdrop").getCssValue("position")).as("style sheet loaded").isEqualTo("absolute");
        }
    }

    @Test
    void exampleRunsWithOneClickAndShowsItsFirstRows() {
        open("/");
        WebElement example = driver.findElement(By.cssSelector("button.example[data-example='rucio-dids']"));
        assertThat(example.getText()).isEqualTo("Rucio data identifiers of the ObsCore records");
        example.click();
        waiting().until(d -> byId("result-summary").getDomAttribute("data-rows") != null);
        assertThat(byId("query").getDomProperty("value"))
                .isEqualTo("select rucio_did_scope, rucio_did_name, obs_id, calib_level from ivoa.obscore");
        assertThat(byId("example-note").getText()).startsWith("Rucio data identifiers of the ObsCore records");
        assertThat(headers()).containsExactly("rucio_did_scope", "rucio_did_name", "obs_id", "calib_level");
        // every demo DID is one record: more than the page shows, so the page says it overflowed
        assertThat(shownRows()).isEqualTo(100);
        assertThat(driver.findElements(By.cssSelector("#result-table tbody tr"))).hasSize(100);
        assertThat(byId("result-summary").getDomAttribute("data-overflow")).isEqualTo("true");
        assertThat(byId("result-summary").getText()).contains("first 100 rows").contains("up to " + defaultMaxrec + " rows");
        String firstScope = driver.findElement(By.cssSelector("#result-table tbody tr td")).getText();
        assertThat(firstScope).isNotBlank();
    }

    @Test
    void resultTableWithGeometryNullsAndDownloadsInEveryFormat() throws Exception {
        open("/");
        String query = "SELECT TOP 12 obs_id, dataproduct_type, facility_name, s_ra, s_dec, s_region, target_name,\n"
                + "       POINT('ICRS', s_ra, s_dec) AS pos\nFROM ivoa.obscore\nORDER BY obs_id";
        type(query);
        WebElement maxrec = byId("maxrec");
        maxrec.clear();
        maxrec.sendKeys("7");
        runAndWaitForRows();
        // MAXREC=7 is below what the page shows: the result is cut at MAXREC and says so
        assertThat(shownRows()).isEqualTo(7);
        assertThat(byId("result-summary").getText()).contains("cut at MAXREC=7");
        assertThat(headers()).containsExactly("obs_id", "dataproduct_type", "facility_name", "s_ra", "s_dec",
                "s_region", "target_name", "pos");
        // units under the column names, from the result's own metadata
        assertThat(driver.findElement(By.cssSelector("#result-table th[data-column='s_ra'] .unit")).getText())
                .isEqualTo("deg");
        // footprints (STC-S text) and points (DALI arrays) read as geometry, absent values as NULL
        List<WebElement> regions = driver.findElements(By.cssSelector("#result-table tbody tr td:nth-of-type(6)"));
        assertThat(regions).hasSize(7).allMatch(td -> td.getText().matches("(POLYGON|CIRCLE) ICRS [-0-9. ]+")
                && "geometry".equals(td.getDomAttribute("class")) || td.getText().equals("NULL")
                && "null".equals(td.getDomAttribute("class")));
        assertThat(regions).anyMatch(td -> !td.getText().equals("NULL"));
        List<WebElement> rows = driver.findElements(By.cssSelector("#result-table tbody tr"));
        String ra = rows.get(0).findElement(By.cssSelector("td:nth-of-type(4)")).getText();
        String dec = rows.get(0).findElement(By.cssSelector("td:nth-of-type(5)")).getText();
        assertThat(rows.get(0).findElement(By.cssSelector("td:nth-of-type(8)")).getText())
                .isEqualTo("POINT (" + ra + ", " + dec + ")");
        List<String> targets = rows.stream().map(r -> r.findElement(By.cssSelector("td:nth-of-type(7)")).getText()).toList();
        assertThat(targets).allMatch(t -> !t.isBlank());

        WebElement wrap = byId("result-wrap");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        assertThat(wrap.isDisplayed()).isTrue();
        Path png = Path.of(System.getProperty("basedir", "."), "target", "web-page.png");
        Files.createDirectories(png.getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(png)).isGreaterThan(10_000);

        List<WebElement> downloads = driver.findElements(By.cssSelector("#downloads a.download"));
        assertThat(downloads.stream().map(a -> a.getDomAttribute("data-format")).toList())
                .containsExactly("votable", "votable/b2", "csv", "tsv", "json");
        for (WebElement a : downloads) {
            URI href = URI.create(a.getDomProperty("href"));
            assertThat(href.getPath()).isEqualTo("/tap/sync");
            assertThat(parameters(href)).containsExactlyInAnyOrderEntriesOf(Map.of("LANG", "ADQL", "MAXREC", "7",
                    "RESPONSEFORMAT", a.getDomAttribute("data-format"), "QUERY", query));
        }
        HttpResponse<String> csv = get(downloads.get(2).getDomProperty("href"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("obs_id,dataproduct_type,facility_name,s_ra,s_dec,s_region,target_name,pos");
        assertThat(lines).hasSize(1 + 7);
        String firstObsId = driver.findElement(By.cssSelector("#result-table tbody tr td")).getText();
        assertThat(lines.get(1)).startsWith(firstObsId + ",");

        HttpResponse<String> votable = get(downloads.get(0).getDomProperty("href"));
        assertThat(votable.statusCode()).isEqualTo(200);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(votable.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagNameNS("*", "FIELD").getLength()).isEqualTo(8);
        assertThat(doc.getElementsByTagNameNS("*", "TR").getLength()).isEqualTo(7);
    }

    @Test
    void adqlErrorsAreShownAtTheirPosition() throws Exception {
        open("/");
        type("SELECT FROM ivoa.obscore");
        byId("query").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("query-error")));
        assertThat(byId("query-error").getText()).contains("line 1, column 8");
        assertThat(byId("error-position").getText()).isEqualTo("Line 1, column 8");
        assertThat(byId("error-mark").getText()).isEqualTo("FROM");
        assertThat(byId("error-caret").getText()).isEqualTo(" ".repeat("1 | SELECT ".length()) + "^^^^");
        assertThat(byId("query").getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(byId("query").getDomProperty("selectionStart")).isEqualTo("7");
        assertThat(byId("query").getDomProperty("selectionEnd")).isEqualTo("11");
        assertThat(byId("result-summary").getDomAttribute("data-rows")).isNull();
        assertThat(driver.findElements(By.cssSelector("#downloads a"))).isEmpty();
        Files.write(Path.of(System.getProperty("basedir", "."), "target", "web-page-error.png"),
                driver.getScreenshotAs(OutputType.BYTES));

        // an unknown column on the third line, indented
        type("SELECT obs_id\nFROM ivoa.obscore\nWHERE  s_raa > 10");
        byId("run").click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-error"), "s_raa"));
        assertThat(byId("error-position").getText()).isEqualTo("Line 3, column 8");
        assertThat(byId("error-mark").getText()).isEqualTo("s_raa");
        assertThat(byId("error-caret").getText()).endsWith("^^^^^");

        // editing the query takes the mark away; a good query runs again
        byId("query").sendKeys(Keys.BACK_SPACE);
        assertThat(driver.findElements(By.id("error-mark"))).isEmpty();
        assertThat(byId("query-error").isDisplayed()).isFalse();
        type("SELECT obs_id FROM ivoa.obscore WHERE s_ra > 10");
        runAndWaitForRows();
        assertThat(shownRows()).isGreaterThan(0);
    }

    @Test
    void tapSchemaBrowserShowsTablesAndColumnsWithUnitsAndUcds() {
        open("/");
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("details[data-table='ivoa.obscore']")));
        List<String> tables = driver.findElements(By.cssSelector("#schema details.table")).stream()
                .map(d -> d.getDomAttribute("data-table")).toList();
        assertThat(tables.get(0)).isEqualTo("ivoa.obscore");
        assertThat(tables).contains("TAP_SCHEMA.columns", "TAP_SCHEMA.tables");
        WebElement obscore = driver.findElement(By.cssSelector("details[data-table='ivoa.obscore']"));
        obscore.findElement(By.tagName("summary")).click();
        WebElement sRa = obscore.findElement(By.cssSelector("li[data-column='s_ra']"));
        waiting().until(ExpectedConditions.visibilityOf(sRa));
        assertThat(sRa.findElement(By.className("unit")).getText()).isEqualTo("deg");
        assertThat(sRa.findElement(By.className("ucd")).getText()).isEqualTo("pos.eq.ra");
        assertThat(sRa.findElement(By.className("description")).getText()).isNotBlank();

        // the filter keeps matching columns only
        byId("schema-filter").sendKeys("em.wl;stat.min");
        waiting().until(ExpectedConditions.invisibilityOf(sRa));
        assertThat(obscore.findElement(By.cssSelector("li[data-column='em_min']")).isDisplayed()).isTrue();

        // a column name goes into the editor at the caret
        type("SELECT  FROM ivoa.obscore");
        ((JavascriptExecutor) driver).executeScript("document.getElementById('query').setSelectionRange(7, 7)");
        obscore.findElement(By.cssSelector("li[data-column='em_min'] button.column-name")).click();
        assertThat(byId("query").getDomProperty("value")).isEqualTo("SELECT em_min FROM ivoa.obscore");
    }

    @Test
    void asyncJobIsListedWithItsPhaseAndResult() throws Exception {
        open("/");
        type("SELECT TOP 5 obs_id, s_ra FROM ivoa.obscore ORDER BY obs_id");
        WebElement format = byId("async-format");
        format.findElement(By.cssSelector("option[value='csv']")).click();
        byId("submit-async").click();
        WebElement mine = waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs-body tr.mine")));
        assertThat(mine.findElement(By.className("phase")).getText())
                .isIn(Set.of("PENDING", "QUEUED", "EXECUTING", "COMPLETED"));
        String id = mine.getDomAttribute("data-job");
        assertThat(mine.findElement(By.className("job-id")).getText()).isEqualTo(id);
        assertThat(mine.findElement(By.cssSelector("td:nth-of-type(3)")).getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        // the page polls until the job is done
        By completed = By.cssSelector("#jobs-body tr[data-job='" + id + "'] .phase-completed");
        waiting().until(ExpectedConditions.presenceOfElementLocated(completed));
        assertThat(byId("jobs-status").getText()).isEqualTo("Job " + id + " is COMPLETED.");
        String result = driver.findElement(By.cssSelector("#jobs-body tr[data-job='" + id + "'] a.result")).getDomProperty("href");
        assertThat(result).isEqualTo(base + "/tap/async/" + id + "/results/result");
        HttpResponse<String> csv = get(result);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).hasSize(6).first().isEqualTo("obs_id,s_ra");

        // Delete removes it from the list
        driver.findElement(By.cssSelector("#jobs-body tr[data-job='" + id + "'] button")).click();
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#jobs-body tr[data-job='" + id + "']"), 0));
        assertThat(get(base + "/tap/async/" + id).statusCode()).isEqualTo(404);

        // a job whose query is wrong ends in ERROR; the page shows why, at the position in the query
        type("SELECT obs_id\nFROM ivoa.obscore\nWHERE dec > 0");
        byId("submit-async").click();
        WebElement failed = waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#jobs-body tr.mine .phase-error")));
        assertThat(failed.getText()).isEqualTo("ERROR");
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error-position")));
        assertThat(byId("error-position").getText()).isEqualTo("Line 3, column 7");
        assertThat(byId("error-mark").getText()).isEqualTo("dec");
        assertThat(byId("jobs-status").getText()).contains("failed", "unknown column dec");
        assertThat(driver.findElement(By.cssSelector("#jobs-body tr.mine a.job-error")).getDomProperty("href"))
                .endsWith("/error");
    }
}
