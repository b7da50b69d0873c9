package org.rucio.ivoa.catalog.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

class ManagedPostgresTest {

    @Test
    void startIsIdempotentAndStopStops() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rucio-ivoa-pg-test-");
        // the server account must be able to enter it
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ManagedPostgres pg = ManagedPostgres.at(dir.resolve("cluster"));
        int port = ManagedPostgres.freePort();
        try {
            String url = pg.start(port, false);
            assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:" + port + "/rucio?user=rucio_ivoa&password=");
            assertThat(pg.start(port + 1, false)).as("already running: same cluster, same URL").isEqualTo(url);
            try (Connection c = DriverManager.getConnection(url)) {
                assertThat(c.getMetaData().getDatabaseMajorVersion()).isEqualTo(15);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url.replaceAll("password=[0-9a-f]+", "password=wrong")))
                    .hasMessageContaining("password authentication failed");
            pg.stop();
            assertThat(pg.runningPort()).isEmpty();
            assertThat(pg.start(port, false)).as("restarts with its data").isEqualTo(url);
        } finally {
            pg.kill();
        }
    }

    @Test
    void saysWhichPortIsTaken() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "rucio-ivoa-pg-test-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ManagedPostgres pg = ManagedPostgres.at(dir.resolve("cluster"));
            assertThatThrownBy(() -> pg.start(taken.getLocalPort(), false))
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
    }
}
