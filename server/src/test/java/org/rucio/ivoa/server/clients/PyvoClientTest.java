package org.rucio.ivoa.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.server.http.TapServer;
import org.rucio.ivoa.server.http.TestServices;

/**
 * The service as astronomers meet it: Debian's pyvo and astropy (installed by make setup) run
 * src/test/resources/clients/pyvo_client.py against it — sync, async, the job API, MAXREC overflow,
 * table metadata, and every output format parsed by astropy (VOTables with verify='exception').
 */
class PyvoClientTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static TapServer server;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(hasPyvo(), "Debian's python3-pyvo is not installed (make setup installs it)");
        server = TestServices.withDemoData("pyvo", 1000, 7, 500, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pyvoAndAstropyWorkUnchanged() throws Exception {
        Path script = Files.createTempFile("pyvo_client", ".py");
        try (InputStream in = PyvoClientTest.class.getResourceAsStream("/clients/pyvo_client.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString()).redirectErrorStream(true);
        pb.environment().put("TAP_URL", "http://127.0.0.1:" + server.port() + "/tap");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished in time").isTrue();
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("client checks passed");
    }

    private static boolean hasPyvo() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import pyvo, astropy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
