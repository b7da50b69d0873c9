package org.rucio.ivoa.catalog.pg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the PostgreSQL server binaries (initdb, pg_ctl). */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    static Path locate() {
        String configured = System.getenv("RUCIO_IVOA_PG_BINDIR");
        List<Path> candidates = configured != null && !configured.isBlank()
                ? List.of(Path.of(configured))
                : List.of(Path.of("/usr/lib/postgresql/15/bin"), Path.of("/usr/local/pgsql/bin"));
        for (Path dir : candidates) {
            if (Files.isExecutable(dir.resolve("pg_ctl")) && Files.isExecutable(dir.resolve("initdb"))) {
                return dir;
            }
        }
        throw new ManagedPostgresException("PostgreSQL 15 server binaries not found in " + candidates
                + "; install them with 'apt-get install postgresql-15 postgresql-15-pgsphere'"
                + " (make setup does it) or set RUCIO_IVOA_PG_BINDIR");
    }
}
