package org.rucio.ivoa.server.cli;

import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.rucio.ivoa.catalog.demo.DemoData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo-data", mixinStandardHelpOptions = true,
        description = "Write realistic radio-astronomy DIDs through the SQL statements Rucio's metadata plugin"
                + " issues (some key by key, a few deliberately incomplete or invalid).")
final class DemoDataCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--count", defaultValue = "20000", description = "How many DIDs. Default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (same seed, same DIDs). Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() throws SQLException {
        long started = System.nanoTime();
        DemoData.Summary s = new DemoData(db.jdbcUrl(), db.dids(), seed).write(count, new Progress("demo-data", count));
        System.out.printf("wrote %,d DIDs (%d incomplete and %d invalid on purpose) in %.1f s%n", s.written(),
                s.incomplete(), s.invalid(), (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
