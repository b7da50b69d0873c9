package org.rucio.ivoa.server.http;

import java.nio.file.Files;
import java.time.Duration;
import org.rucio.ivoa.catalog.demo.DemoData;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.Migrations;
import org.rucio.ivoa.catalog.testing.TestPostgres;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.uws.AsyncJobs;

/** The service as the client-level tests run it: a fresh database with demo DIDs, a free port. */
public final class TestServices {

    private TestServices() {
    }

    /** The service on 127.0.0.1 over a new migrated database holding {@code dids} demo DIDs. */
    public static TapServer withDemoData(String purpose, int dids, long seed, int fetchSize, int asyncWorkers)
            throws Exception {
        String url = TestPostgres.migratedDatabase(purpose);
        new DemoData(url, DidTable.DEFAULT, seed).write(dids, n -> { });
        return TapServer.start(new TapServer.Config(url, "127.0.0.1", 0, null,
                new QueryRunner.Limits(1000, 100_000, Duration.ofSeconds(60), fetchSize), Migrations.DEFAULT_READER_ROLE,
                4, new AsyncJobs.Settings(Files.createTempDirectory(purpose + "-results"), asyncWorkers,
                        Duration.ofDays(1), Duration.ofMinutes(1))));
    }
}
