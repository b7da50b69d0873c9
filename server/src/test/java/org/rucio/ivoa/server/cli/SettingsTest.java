package org.rucio.ivoa.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Settings from flags, then RUCIO_IVOA_* variables, then the properties file, then the built-in defaults. */
class SettingsTest {

    private static ServeCommand parse(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.setDefaultValueProvider(Settings.load(args, env, cli.getCommandSpec()));
        cli.parseArgs(args);
        return serve;
    }

    @Test
    void aFlagBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefault() throws Exception {
        Path file = Files.createTempFile("rucio-ivoa", ".properties");
        Files.writeString(file, "# the service's settings\nport = 9001\nmaxrec=50\nbase-url=https://file.example.org\n"
                + "db-url=jdbc:postgresql://db:5432/rucio\ndb-password=from-file\n");
        Map<String, String> env = Map.of("RUCIO_IVOA_CONFIG", file.toString(), "RUCIO_IVOA_PORT", "9002",
                "RUCIO_IVOA_BASE_URL", "https://env.example.org", "RUCIO_IVOA_DB_USER", "tap");
        ServeCommand s = parse(env, "--port", "9003");
        assertThat(s.port).isEqualTo(9003);                          // flag
        assertThat(s.baseUrl).isEqualTo("https://env.example.org");  // environment over file
        assertThat(s.maxrec).isEqualTo(50);                          // file over default
        assertThat(s.maxrecLimit).isEqualTo(1_000_000);              // default
        assertThat(s.db.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/rucio?user=tap&password=from-file");
        assertThat(parse(env).port).isEqualTo(9002);
        assertThat(parse(Map.of("RUCIO_IVOA_CONFIG", file.toString())).port).isEqualTo(9001);
        assertThat(parse(Map.of(), "--config", file.toString()).port).isEqualTo(9001);
        assertThat(parse(Map.of()).port).isEqualTo(8080);
    }

    @Test
    void aPasswordWithSpecialCharactersSurvivesTheUrl() {
        ServeCommand s = parse(Map.of("RUCIO_IVOA_DB_URL", "jdbc:postgresql://db/rucio?ssl=true",
                "RUCIO_IVOA_DB_PASSWORD", "p&ss=w rd"));
        assertThat(s.db.jdbcUrl()).isEqualTo("jdbc:postgresql://db/rucio?ssl=true&password=p%26ss%3Dw+rd");
    }

    @Test
    void anUnknownKeyInTheFileStopsStartUpWithTheKnownKeys() throws Exception {
        Path file = Files.createTempFile("rucio-ivoa", ".properties");
        Files.writeString(file, "prot=8080\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(Map.of(), "serve", "--config", file.toString());
        } finally {
            System.setErr(old);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown setting 'prot' in " + file, "port", "db-url",
                "upload-max-bytes");
    }

    @Test
    void aBadValueFromTheEnvironmentIsNamed() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(Map.of("RUCIO_IVOA_PORT", "eighty"), "serve");
        } finally {
            System.setErr(old);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port", "eighty");
    }
}
