package org.rucio.ivoa.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.uws.AsyncJobs;

/**
 * Every notebook under notebooks/ (the astronomer's tour, the operator's walk-through) executed top to
 * bottom with Debian's nbclient against the service on a fresh demo database, as a reader would run it in
 * Jupyter: TAP_URL names the service, RUCIO_DB_DSN the database (libpq URI). A notebook fails the test on
 * any cell error (the runner prints the cell and its traceback), when it is stored with outputs, or when
 * it takes a minute or more.
 */
class NotebooksTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration NOTEBOOK_LIMIT = Duration.ofSeconds(60);
    private static TapServer server;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(python("import nbclient, nbformat, ipykernel"),
                "Debian's python3-nbclient and python3-ipykernel are not installed (make setup installs them)");
        jdbcUrl = TestPostgres.migratedDatabase("notebooks");
        new DemoData(jdbcUrl, DidTable.DEFAULT, 11).write(1000, n -> { });
        server = TapServer.start(new TapServer.Config(jdbcUrl, "127.0.0.1", 0, null,
                new QueryRunner.Limits(1000, 100_000, Duration.ofSeconds(60), 500), Migrations.DEFAULT_READER_ROLE,
                4, new AsyncJobs.Settings(Files.createTempDirectory("notebooks-results"), 2,
                        Duration.ofDays(1), Duration.ofMinutes(1))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutErrors() throws IOException {
        Path dir = repositoryRoot().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> files = Files.walk(dir)) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb"))
                    .filter(p -> !p.toString().contains(".ipynb_checkpoints"))
                    .sorted().toList();
        }
        assertThat(notebooks).as("notebooks under " + dir).isNotEmpty();
        Path runner = Files.createTempFile("run_notebook", ".py");
        try (InputStream in = NotebooksTest.class.getResourceAsStream("/clients/run_notebook.py")) {
            Files.write(runner, in.readAllBytes());
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(dir.relativize(nb).toString(), () -> execute(runner, nb)));
    }

    private static void execute(Path runner, Path notebook) throws Exception {
        Path scratch = Files.createTempDirectory("notebook-run");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), runner.toString(), notebook.toString(),
                Long.toString(NOTEBOOK_LIMIT.toSeconds())).redirectErrorStream(true);
        pb.environment().put("TAP_URL", "http://127.0.0.1:" + server.port() + "/tap");
        // jdbc:postgresql://host:port/db?user=...&password=... is, after the prefix, a libpq URI
        pb.environment().put("RUCIO_DB_DSN", jdbcUrl.substring("jdbc:".length()));
        // the kernel's own files away from $HOME; matplotlib's inline backend, whatever the caller's setting
        pb.environment().put("JUPYTER_RUNTIME_DIR", scratch.resolve("runtime").toString());
        pb.environment().put("IPYTHONDIR", scratch.resolve("ipython").toString());
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        pb.environment().remove("MPLBACKEND");
        long started = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(2 * NOTEBOOK_LIMIT.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!finished) {
            p.destroyForcibly();
        }
        System.out.println(out);
        assertThat(finished).as("the runner finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(took).as(notebook.getFileName() + " took " + took.toMillis() + " ms").isLessThan(NOTEBOOK_LIMIT);
    }

    /** Surefire runs in the module's directory (server/); the notebooks live at the repository's top. */
    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("notebooks")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no notebooks/ directory above " + here);
    }

    private static boolean python(String code) {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
