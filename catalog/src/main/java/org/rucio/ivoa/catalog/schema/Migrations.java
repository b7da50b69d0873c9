package org.rucio.ivoa.catalog.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema: versioned SQL migrations under db/migration (rucio.dids, ivoa.obscore, TAP_SCHEMA,
 * the reader role) and repeatable generated ones (sync helpers, sync triggers, TAP_SCHEMA rows), which
 * re-run whenever what they generate changes. Flyway's history lives in the rucio_ivoa schema.
 */
public final class Migrations {

    public static final String DEFAULT_READER_ROLE = "rucio_ivoa_reader";

    private Migrations() {
    }

    public static MigrateResult migrate(String jdbcUrl, DidTable dids, String readerRole) {
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, null, null)
                .schemas("rucio_ivoa")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholders(Map.of("dids_schema", dids.schema(), "dids_table", dids.table(),
                        "reader_role", readerRole))
                .javaMigrations(
                        // the checksum is computed before pg_sphere exists on a fresh database, so it is
                        // taken from the text generated for the usual extension schema
                        new Generated("2 sync triggers", c -> new SyncSql(dids, extensionSchema(c)).triggers(),
                                new SyncSql(dids, "public").triggers()),
                        new Generated("3 tap schema rows", c -> TapSchemaSql.rows(), TapSchemaSql.rows()))
                .loggers("slf4j")
                .load();
        try {
            return flyway.migrate();
        } catch (FlywayException e) {
            throw new IllegalStateException(explain(e), e);
        }
    }

    /** Turns the failures operators meet into what to do about them. */
    static String explain(FlywayException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("is already the commutator")) {
            return "CREATE EXTENSION pg_sphere failed with pgSphere's known install bug (upstream issue #85):"
                    + " run scripts/repair-pgsphere.sh as root on the database host (make setup does it), then"
                    + " migrate again";
        }
        if (message.contains("extension \"pg_sphere\" is not available")
                || message.contains("could not open extension control file")) {
            return "pgSphere is not installed on the database server: apt-get install postgresql-15-pgsphere"
                    + " (make setup does it)";
        }
        if (message.contains("permission denied to create extension")) {
            return "pg_sphere must be created by a superuser: ask your DBA to run CREATE EXTENSION pg_sphere"
                    + " in this database, then migrate again";
        }
        return "migration failed: " + message;
    }

    private static String extensionSchema(Connection c) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT extnamespace::regnamespace::text FROM pg_extension"
                        + " WHERE extname = 'pg_sphere'")) {
            if (!rs.next()) {
                throw new IllegalStateException("pg_sphere is not installed in this database");
            }
            return rs.getString(1).replace("\"", "");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A repeatable migration whose SQL is generated; it re-runs when the generated text changes. */
    private static final class Generated implements JavaMigration {
        private final String description;
        private final Function<Connection, String> sql;
        private final int checksum;

        Generated(String description, Function<Connection, String> sql, String checksumText) {
            this.description = description;
            this.sql = sql;
            this.checksum = checksumText.hashCode();
        }

        @Override
        public MigrationVersion getVersion() {
            return null;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Integer getChecksum() {
            return checksum;
        }

        @Override
        public boolean canExecuteInTransaction() {
            return true;
        }

        @Override
        public void migrate(Context context) throws Exception {
            try (Statement st = context.getConnection().createStatement()) {
                st.execute(sql.apply(context.getConnection()));
            }
        }
    }
}
