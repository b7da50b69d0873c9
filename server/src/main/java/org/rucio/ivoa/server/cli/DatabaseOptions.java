package org.rucio.ivoa.server.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rucio.ivoa.catalog.pg.ManagedPostgres;
import org.rucio.ivoa.catalog.schema.DidTable;
import picocli.CommandLine.Option;

/** Which database to work on: a given URL, or else the managed local cluster (started when needed). */
final class DatabaseOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of settings (key = option name without dashes, e.g. port=8080);"
                    + " flags and RUCIO_IVOA_* environment variables override it (env RUCIO_IVOA_CONFIG)")
    Path config;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "JDBC URL of the database with the Rucio metadata table, e.g."
                    + " jdbc:postgresql://db:5432/rucio (env RUCIO_IVOA_DB_URL);"
                    + " without it, the managed local cluster in --pg-dir is used, started if needed")
    String url;

    @Option(names = "--db-user", paramLabel = "NAME", description = "Database user, when not in the URL (env RUCIO_IVOA_DB_USER)")
    String user;

    @Option(names = "--db-password", paramLabel = "SECRET",
            description = "Database password, when not in the URL; prefer the environment (RUCIO_IVOA_DB_PASSWORD) or"
                    + " the settings file to a flag, which other users can see in the process list")
    String password;

    @Option(names = "--dids-table", paramLabel = "SCHEMA.TABLE",
            defaultValue = "rucio.dids",
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
                        + " jdbc:postgresql://host:5432/rucio (got '" + url + "')");
            }
            String u = url;
            if (user != null && !user.isBlank()) u = withParameter(u, "user", user);
            if (password != null && !password.isEmpty()) u = withParameter(u, "password", password);
            return u;
        }
        return ManagedPostgres.at(pgDir).start(pgPort, true);
    }

    /** pgjdbc decodes URL parameters, so any password survives being encoded into the URL. */
    private static String withParameter(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    DidTable dids() {
        return DidTable.parse(didsTable);
    }
}
