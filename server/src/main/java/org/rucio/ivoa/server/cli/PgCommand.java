package org.rucio.ivoa.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The managed local PostgreSQL cluster. */
@Command(name = "pg", description = "Run rucio-ivoa's own PostgreSQL 15 + pgSphere cluster.",
        subcommands = {PgCommand.Start.class, PgCommand.Stop.class, PgCommand.Url.class})
final class PgCommand {

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Create (initdb) the cluster if needed and start it; prints its JDBC URL last.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "var/pg", description = "Cluster directory. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Option(names = "--port", defaultValue = "15432", description = "Port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
        int port;

        @Override
        public Integer call() {
            ManagedPostgres pg = ManagedPostgres.at(dir);
            boolean wasRunning = pg.runningPort().isPresent();
            String url = pg.start(port, true);
            System.out.println((wasRunning ? "already running: " : "started: ") + pg.directory()
                    + " (log " + pg.logFile() + ")");
            System.out.println(url);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "var/pg", description = "Cluster directory. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Override
        public Integer call() {
            ManagedPostgres pg = ManagedPostgres.at(dir);
            boolean wasRunning = pg.runningPort().isPresent();
            pg.stop();
            System.out.println(wasRunning ? "stopped: " + pg.directory() : "not running: " + pg.directory());
            return 0;
        }
    }

    @Command(name = "url", mixinStandardHelpOptions = true, description = "Print the JDBC URL of the running cluster.")
    static final class Url implements Callable<Integer> {
        @Option(names = "--dir", defaultValue = "var/pg", description = "Cluster directory. Default: ${DEFAULT-VALUE}")
        Path dir;

        @Override
        public Integer call() {
            ManagedPostgres pg = ManagedPostgres.at(dir);
            var port = pg.runningPort();
            if (port.isEmpty()) {
                System.err.println("not running: " + pg.directory() + " (start it with: rucio-ivoa pg start)");
                return 1;
            }
            System.out.println(pg.jdbcUrl(port.get(), ManagedPostgres.DATABASE));
            return 0;
        }
    }
}
