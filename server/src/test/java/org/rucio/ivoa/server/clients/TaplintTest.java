package org.rucio.ivoa.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.server.http.TestServices;

/**
 * STILTS taplint (installed by make setup) against the service with demo data, every stage: the suite
 * fails on any error or failure, except the one report docs/conformance.md explains (Debian's STILTS 3.4.7
 * predates ADQL 2.1's features-adql-conditional key).
 */
class TaplintTest {

    private static final Path STILTS = Path.of("/usr/bin/stilts");
    /** Reports explained in docs/conformance.md (as patterns: taplint numbers repeats); anything else fails. */
    private static final List<Pattern> EXPLAINED = List.of(Pattern.compile(
            "E-CAP-KEYX-\\d+ Unknown standard feature key \"ivo://ivoa.net/std/TAPRegExt#features-adql-conditional\".*"));
    private static TapServer server;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(STILTS), "stilts is not installed (make setup installs it)");
        server = TestServices.withDemoData("taplint", 3000, 1, 500, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void taplintFindsNothingUnexplained() throws Exception {
        Process p = new ProcessBuilder(STILTS.toString(), "taplint",
                "tapurl=http://127.0.0.1:" + server.port() + "/tap", "report=EWF", "maxrepeat=20",
                "stages=TMV TME TMS TMC CPV CAP AVV QGE QPO QAS UWS MDQ OBS UPL EXA")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("taplint finished").isTrue();
        System.out.println(out);
        Matcher totals = Pattern.compile("Totals: Errors: (\\d+); Warnings: (\\d+); Failures: (\\d+)").matcher(out);
        assertThat(totals.find()).as(out).isTrue();
        List<String> reports = out.lines().filter(l -> l.matches("^[EF]-[A-Z0-9]{3}-.*"))
                .filter(l -> EXPLAINED.stream().noneMatch(e -> e.matcher(l).matches())).toList();
        assertThat(reports).as("unexplained taplint errors and failures").isEmpty();
        assertThat(Integer.parseInt(totals.group(3))).as("failures").isZero();
        assertThat(Integer.parseInt(totals.group(1))).as("errors").isLessThanOrEqualTo(EXPLAINED.size());
        // warnings must each be explained in docs/conformance.md; today there are none
        assertThat(Integer.parseInt(totals.group(2))).as("warnings").isZero();
    }
}
