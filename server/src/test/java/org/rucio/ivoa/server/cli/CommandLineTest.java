package org.rucio.ivoa.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/** The operator's commands, run as the launcher runs them, against a real database. */
class CommandLineTest {

    private record Run(int status, String out, String err) {
    }

    private static synchronized Run run(String stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int status = Main.run(args);
            return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }

    @Test
    void migrateStatusCheckAndResyncOnAGivenDatabase() throws Exception {
        String url = TestPostgres.emptyDatabase("cli");
        assertThat(run("", "db", "migrate", "--db-url", url).out()).contains("applied");
        assertThat(run("", "demo-data", "--count", "300", "--db-url", url).out())
                .contains("wrote 300 DIDs (6 incomplete and 18 invalid on purpose)");
        Run status = run("", "db", "status", "--db-url", url);
        assertThat(status.out()).contains("DIDs in rucio.dids: 300", "incomplete (mandatory keys missing): 6",
                "invalid (unusable values): 18", "calib_level: expected an integer in [0, 4]");
        assertThat(run("", "db", "check", "--db-url", url).status()).isZero();
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("DELETE FROM ivoa.obscore WHERE obs_id IN (SELECT obs_id FROM ivoa.obscore LIMIT 3)");
        }
        Run check = run("", "db", "check", "--db-url", url);
        assertThat(check.status()).isEqualTo(1);
        assertThat(check.out()).contains("missing from ivoa.obscore", "DIDs differ; db resync repairs them");
        assertThat(run("", "db", "resync", "--db-url", url).out()).contains("resynced 300 DIDs");
        assertThat(run("", "db", "check", "--db-url", url).status()).isZero();
    }

    @Test
    void rejectsAUrlThatIsNotPostgres() {
        Run r = run("", "db", "status", "--db-url", "mysql://nope");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("--db-url must be a PostgreSQL JDBC URL");
    }

    @Test
    void translatesAdqlOrSaysWhereItIsWrong() {
        Run ok = run("SELECT TOP 3 obs_id FROM ivoa.obscore WHERE calib_level >= 2", "adql", "translate");
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("FROM \"ivoa\".\"obscore\"", "LIMIT 3");
        Run bad = run("SELECT obs_id\nFROM ivoa.obscore WHERE s_raa > 1", "adql", "translate");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("line 2, column", "s_raa", "did you mean s_ra?");
    }

    @Test
    void runsTheConformanceQueries() {
        Path dir = Path.of(System.getProperty("rucio.ivoa.root", ".."), "..", "shared", "conformance", "lyonetia", "ivoa");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.toFile().isDirectory(), "no ../shared/conformance here");
        Run r = run("", "adql", "conformance", dir.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).endsWith("152 passed, 0 failed" + System.lineSeparator());
    }
}
