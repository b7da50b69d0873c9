package org.rucio.ivoa.adql.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class LyonetiaConformanceTest {

    private static Path lyonetiaDir() {
        String root = System.getProperty("rucio.ivoa.root");
        assumeTrue(root != null, "system property rucio.ivoa.root is not set: lyonetia conformance test SKIPPED");
        Path dir = Path.of(root).resolve("../shared/conformance/lyonetia/ivoa").normalize();
        assumeTrue(Files.isDirectory(dir), "lyonetia conformance folder " + dir + " is absent: conformance test SKIPPED, not passed");
        return dir;
    }

    @Test
    void parsesAllLyonetiaQueriesAsTheyExpect() throws Exception {
        ConformanceRunner.ConformanceReport report = ConformanceRunner.run(lyonetiaDir());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        report.print(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);
        System.out.print(printed);

        assertThat(report.total()).as("queries found").isEqualTo(152);
        assertThat(report.failures()).as(printed).isEmpty();
        assertThat(printed).endsWith("152 passed, 0 failed" + System.lineSeparator());
    }

    @Test
    void reportsAFailureWhenAnInvalidQueryIsAccepted(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("t.xml"), """
                <?xml version="1.0"?>
                <queries>
                  <query uuid="u-1"><adql valid="false">SELECT obs_id FROM ivoa.obscore</adql></query>
                  <query uuid="u-2"><adql valid="true">SELECT obs_id FROM ivoa.obscore</adql></query>
                  <query uuid="u-3"><adql valid="true">SELECT rucio_healpix(obs_id) FROM ivoa.obscore</adql></query>
                </queries>
                """);
        ConformanceRunner.ConformanceReport report = ConformanceRunner.run(tmp);

        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.failures()).extracting(ConformanceRunner.Failure::uuid).containsExactly("u-1", "u-3");
        assertThat(report.failures().get(1).message()).contains("rucio_healpix");
    }

    @Test
    void honoursUserDefinedFunctionsDeclaredInTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("udf.xml"), """
                <?xml version="1.0"?>
                <queries>
                  <functions><function><form>rucio_scope_of(did VARCHAR) -> VARCHAR</form></function></functions>
                  <query uuid="u-1"><adql valid="true">SELECT rucio_scope_of(obs_publisher_did) FROM ivoa.obscore</adql></query>
                </queries>
                """);
        assertThat(ConformanceRunner.run(tmp).failed()).isZero();
    }
}
