package org.rucio.ivoa.server.cli;

import java.nio.file.Path;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import picocli.CommandLine.Option;

/** Which database to work on: a given URL, or else the managed local cluster (started when needed). */
final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:RUCIO_IVOA_DB_URL}",
            description = "JDBC URL of the database with the Rucio metadata table (env RUCIO_IVOA_DB_URL);"
                    + " without it, the managed local cluster in --pg-dir is used, started if needed")
    String url;

    @Option(names = "--dids-table", paramLabel = "SCHEMA.TABLE",
            defaultValue = "${env:RUCIO_IVOA_DIDS_TABLE:-rucio.dids}",
            description = "The table Rucio's metadata plugin writes (its postgres_db_schema and postgres_table;"
                    + " Rucio's defaults give public.dids). Default: ${DEFAULT-VALUE}")
    String didsTable;

    @Option(names = "--pg-dir", paramLabel = "DIR", defaultValue = "var/pg",
            description = "Directory of the managed cluster, when no --db-url is given. Default: ${DEFAULT-VALUE}")
    Path pgDir;

    @Option(names = "--pg-port", paramLabel = "PORT", defaultValue = "15432",
            description = "Port of the managed cluster, when it has to be started. Default: ${DEFAULT-VALUE}")
    int pgPort;

    String jdbcUrl() {
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL such as"
                        + " jdbc:postgresql://host:5432/rucio?user=...&password=... (got '" + url + "')");
            }
            return url;
        }
        return ManagedPostgres.at(pgDir).start(pgPort, true);
    }

    DidTable dids() {
        return DidTable.parse(didsTable);
    }
}
