package org.rucio.ivoa.catalog.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** scripts/repair-pgsphere.sh on a copy of Debian's unrepaired pg_sphere--1.2.0.sql. */
class RepairPgSphereScriptTest {

    private static final Path INSTALLED = Path.of("/usr/share/postgresql/15/extension/pg_sphere--1.2.0.sql");

    @Test
    void removesExactlyTheFourConflictingClausesAndIsIdempotent() throws Exception {
        // make setup keeps Debian's original beside the repaired file; without it there is nothing to test
        Path original = INSTALLED.resolveSibling(INSTALLED.getFileName() + ".orig");
        Assumptions.assumeTrue(Files.exists(original), "no unrepaired pgSphere script on this machine");
        Path share = Files.createTempDirectory("pgsphere-share");
        Files.createDirectories(share.resolve("extension"));
        Path copy = share.resolve("extension").resolve(INSTALLED.getFileName());
        Files.copy(original, copy);

        String first = run(share);
        assertThat(first).contains("removed 4 COMMUTATOR/NEGATOR clauses");
        List<String> before = Files.readAllLines(original);
        List<String> after = Files.readAllLines(copy);
        assertThat(before.size() - after.size()).isEqualTo(4);
        assertThat(before).containsAll(after);
        assertThat(run(share)).contains("nothing to repair");
        assertThat(Files.readAllLines(copy)).isEqualTo(after);
    }

    private static String run(Path share) throws Exception {
        Path script = Path.of(System.getProperty("rucio.ivoa.root", "..")).resolve("scripts/repair-pgsphere.sh");
        Process p = new ProcessBuilder("bash", script.toString(), share.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
