package org.rucio.ivoa.catalog.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;

/**
 * A real PostgreSQL + pgSphere for tests: one throw-away cluster per test JVM (initdb into a temporary
 * directory, a free port, started with the same code as {@code rucio-ivoa pg start}), and a fresh database
 * per caller. Removed when the JVM exits.
 */
public final class TestPostgres {

    private static ManagedPostgres cluster;
    private static int port;
    private static final AtomicInteger databases = new AtomicInteger();

    private TestPostgres() {
    }

    public static synchronized ManagedPostgres cluster() {
        if (cluster == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "rucio-ivoa-test-pg-");
                cluster = ManagedPostgres.at(dir);
                port = ManagedPostgres.freePort();
                cluster.start(port, false);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    cluster.kill();
                    deleteRecursively(dir);
                }));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return cluster;
    }

    public static int port() {
        cluster();
        return port;
    }

    /** A new, empty database (pg_sphere not yet created); returns its JDBC URL with superuser rights. */
    public static String emptyDatabase(String purpose) {
        ManagedPostgres pg = cluster();
        String name = "t" + databases.incrementAndGet() + "_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_");
        if (name.length() > 60) {
            name = name.substring(0, 60);
        }
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(port, "postgres"));
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg.jdbcUrl(port, name);
    }

    /** A new database with the whole schema applied, for the default Rucio table rucio.dids. */
    public static String migratedDatabase(String purpose) {
        String url = emptyDatabase(purpose);
        Migrations.migrate(url, DidTable.DEFAULT, Migrations.DEFAULT_READER_ROLE);
        return url;
    }

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
