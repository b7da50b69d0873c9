package org.rucio.ivoa.server.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rucio.ivoa.catalog.bench.SyncBenchmark;
import org.rucio.ivoa.server.bench.TapBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks (the sync in a throw-away cluster, TAP in the managed one); results belong in docs/benchmarks.md. */
@Command(name = "bench", description = "Benchmarks (not part of make test).", subcommands = {BenchCommand.Sync.class, BenchCommand.Tap.class})
final class BenchCommand {

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "What the ObsCore sync costs Rucio's writes: bulk INSERT ... SELECT and per-DID upserts,"
                    + " with and without the sync triggers, medians of alternated runs.")
    static final class Sync implements Callable<Integer> {
        @Option(names = "--dids", defaultValue = "1000000", description = "DIDs in the bulk insert. Default: ${DEFAULT-VALUE}")
        int dids;

        @Option(names = "--upserts", defaultValue = "40000", description = "Per-DID upserts per run. Default: ${DEFAULT-VALUE}")
        int upserts;

        @Option(names = "--connections", defaultValue = "4", description = "Connections for the upserts. Default: ${DEFAULT-VALUE}")
        int connections;

        @Option(names = "--repeats", defaultValue = "3", description = "Runs of each. Default: ${DEFAULT-VALUE}")
        int repeats;

        @Override
        public Integer call() throws Exception {
            new SyncBenchmark(new SyncBenchmark.Settings(dids, upserts, connections, repeats), System.out).run();
            return 0;
        }
    }

    @Command(name = "tap", mixinStandardHelpOptions = true,
            description = "What the TAP service costs over psql on N ObsCore rows: export of SELECT * and of 6 columns in"
                    + " every format against psql \\copy, the service's peak heap, and cone-search latency, one client"
                    + " and several at once, against the same SQL in psql. Uses the database bench_tap of the managed"
                    + " cluster, loaded once.")
    static final class Tap implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "1000000", description = "ObsCore rows. Default: ${DEFAULT-VALUE}")
        int rows;

        @Option(names = "--repeats", defaultValue = "3", description = "Runs of each export. Default: ${DEFAULT-VALUE}")
        int repeats;

        @Option(names = "--cones", defaultValue = "1000", description = "Cone searches. Default: ${DEFAULT-VALUE}")
        int cones;

        @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients for the cones. Default: ${DEFAULT-VALUE}")
        int clients;

        @Option(names = "--heap", defaultValue = "256m", description = "-Xmx of the service's JVM. Default: ${DEFAULT-VALUE}")
        String heap;

        @Option(names = "--pg-dir", defaultValue = "var/pg", description = "The managed cluster. Default: ${DEFAULT-VALUE}")
        Path pgDir;

        @Option(names = "--pg-port", defaultValue = "15432", description = "Its port, if it must be started. Default: ${DEFAULT-VALUE}")
        int pgPort;

        @Override
        public Integer call() throws Exception {
            new TapBenchmark(new TapBenchmark.Settings(rows, repeats, cones, clients, heap, pgDir, pgPort), System.out).run();
            return 0;
        }
    }
}
