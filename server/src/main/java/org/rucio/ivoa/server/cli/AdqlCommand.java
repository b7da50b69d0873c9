package org.rucio.ivoa.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.adql.conformance.ConformanceRunner;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The ADQL engine for people and for checks. */
@Command(name = "adql", description = "Translate ADQL to PostgreSQL + pgSphere; run conformance queries.",
        subcommands = {AdqlCommand.Translate.class, AdqlCommand.Conformance.class})
final class AdqlCommand {

    @Command(name = "translate", mixinStandardHelpOptions = true,
            description = "Read an ADQL query on stdin; print the SQL and the typed output columns (exit 0) or the"
                    + " error with its position (exit 1).")
    static final class Translate implements Callable<Integer> {
        @Option(names = "--metadata-from", paramLabel = "DB_URL",
                description = "Resolve names against the TAP_SCHEMA of this database; default: the tables this"
                        + " build publishes (TAP_SCHEMA and ivoa.obscore)")
        String metadataFrom;

        @Option(names = "--columns", description = "Also print the output columns with their VOTable metadata")
        boolean columns;

        @Override
        public Integer call() throws IOException, SQLException {
            String adql = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            Metadata md = metadataFrom == null ? PublishedMetadata.declared() : PublishedMetadata.read(metadataFrom);
            try {
                CompiledQuery q = AdqlCompiler.compile(adql, md, Map.of());
                System.out.println(q.sql());
                if (columns) {
                    for (OutputColumn c : q.columns()) {
                        System.out.println("-- " + c);
                    }
                }
                return 0;
            } catch (AdqlException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "conformance", mixinStandardHelpOptions = true,
            description = "Parse every lyonetia-format XML file in DIR; print per-file counts, each failure, and"
                    + " 'N passed, M failed'; exit 0 only when all pass.")
    static final class Conformance implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "e.g. ../shared/conformance/lyonetia/ivoa")
        Path dir;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(dir)) {
                System.err.println("no such directory: " + dir);
                return 2;
            }
            ConformanceRunner.ConformanceReport report = ConformanceRunner.run(dir);
            report.print(System.out);
            return report.failed() == 0 && report.total() > 0 ? 0 : 1;
        }
    }
}
