package org.rucio.ivoa.server.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.sync.SyncOperations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Operations on the metadata database: schema, sync status, rebuild, verification. */
@Command(name = "db", description = "Schema and sync operations on a Rucio metadata database.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Status.class, DbCommand.Resync.class, DbCommand.Check.class})
final class DbCommand {

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Create or upgrade the schema (adopting an existing Rucio table); then sync any DIDs not"
                    + " yet synced (e.g. those of an adopted table).")
    static final class Migrate implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Option(names = "--reader-role", defaultValue = Migrations.DEFAULT_READER_ROLE,
                description = "Role TAP queries run as (read access to ivoa and TAP_SCHEMA only). Default: ${DEFAULT-VALUE}")
        String readerRole;

        @Override
        public Integer call() throws SQLException {
            String url = db.jdbcUrl();
            MigrateResult result = Migrations.migrate(url, db.dids(), readerRole);
            System.out.println(result.migrationsExecuted == 0 ? "schema up to date"
                    : "applied " + result.migrationsExecuted + " migration(s); schema version "
                            // only repeatable migrations ran: the version stayed where it was
                            + (result.targetSchemaVersion != null ? result.targetSchemaVersion
                                    : result.initialSchemaVersion));
            SyncOperations ops = new SyncOperations(url, db.dids());
            long unsynced = ops.unsyncedCount();
            if (unsynced > 0) {
                System.out.println(unsynced + " DIDs in " + db.dids() + " are not synced yet; syncing them");
                long total = count(url, "SELECT count(*) FROM " + db.dids().qualified());
                ops.resync(10_000, new Progress("resync", total));
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "How many DIDs there are, how many are published, incomplete or invalid, and why.")
    static final class Status implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Option(names = "--reasons", defaultValue = "10", description = "How many of the most frequent reasons to list")
        int reasons;

        @Override
        public Integer call() throws SQLException {
            SyncOperations.Status s = new SyncOperations(db.jdbcUrl(), db.dids()).status(reasons);
            System.out.printf("DIDs in %s: %,d%n", db.dids(), s.dids());
            System.out.printf("published in ivoa.obscore: %,d%n", s.published());
            System.out.printf("incomplete (mandatory keys missing): %,d%n", s.incomplete());
            System.out.printf("invalid (unusable values): %,d%n", s.invalid());
            long unaccounted = s.dids() - s.published() - s.incomplete() - s.invalid();
            if (unaccounted != 0) {
                System.out.printf("not synced: %,d (run db resync)%n", unaccounted);
            }
            if (!s.topReasons().isEmpty()) {
                System.out.println("most frequent reasons:");
                for (SyncOperations.Reason r : s.topReasons()) {
                    System.out.printf("  %,8d  %-10s %s: expected %s%n", r.dids(), r.state(), r.key(), r.expected());
                }
                System.out.println("(list the DIDs with: SELECT scope, name, missing, problems FROM rucio_ivoa.did_status)");
            }
            return 0;
        }
    }

    @Command(name = "resync", mixinStandardHelpOptions = true,
            description = "Rebuild ivoa.obscore and the status table from the Rucio table, set-based in batches;"
                    + " safe while Rucio writes.")
    static final class Resync implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Option(names = "--batch-size", defaultValue = "10000", description = "DIDs per batch. Default: ${DEFAULT-VALUE}")
        int batchSize;

        @Override
        public Integer call() throws SQLException {
            String url = db.jdbcUrl();
            long total = count(url, "SELECT count(*) FROM " + db.dids().qualified());
            long started = System.nanoTime();
            long done = new SyncOperations(url, db.dids()).resync(batchSize, new Progress("resync", total));
            System.out.printf("resynced %,d DIDs in %.1f s%n", done, (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "List DIDs whose ObsCore row or status differs from what the mapping gives;"
                    + " exit status 1 when there is any.")
    static final class Check implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Option(names = "--limit", defaultValue = "1000", description = "List at most this many. Default: ${DEFAULT-VALUE}")
        int limit;

        @Override
        public Integer call() throws SQLException {
            List<SyncOperations.Difference> diffs = new SyncOperations(db.jdbcUrl(), db.dids()).check(limit);
            for (SyncOperations.Difference d : diffs) {
                System.out.println(d.scope() + ":" + d.name() + "\t" + d.difference());
            }
            System.out.println(diffs.isEmpty() ? "ivoa.obscore agrees with " + db.dids()
                    : diffs.size() + (diffs.size() == limit ? "+" : "") + " DIDs differ; db resync repairs them");
            return diffs.isEmpty() ? 0 : 1;
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
