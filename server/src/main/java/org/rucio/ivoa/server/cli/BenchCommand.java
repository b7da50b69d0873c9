package org.rucio.ivoa.server.cli;

import java.util.concurrent.Callable;
import org.rucio.ivoa.catalog.bench.SyncBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks, each in a throw-away cluster of its own; results belong in docs/benchmarks.md. */
@Command(name = "bench", description = "Benchmarks (not part of make test).", subcommands = BenchCommand.Sync.class)
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
}
