package org.rucio.ivoa.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;

/** Parameter handling and compilation, before any database is involved. */
class QueryRunnerParametersTest {
    private final QueryRunner runner = new QueryRunner(null, PublishedMetadata.declared(),
            new QueryRunner.Limits(100, 500, Duration.ofSeconds(10), 10), QueryRunner.READER_ROLE);

    private static final String Q = "SELECT TOP 5 obs_id, s_ra FROM ivoa.obscore WHERE obs_collection = 'SKA-Low'";

    @Test
    void acceptsEveryAdqlLanguageNameAndParameterNamesInAnyCase() throws TapException {
        for (String lang : new String[] {"ADQL", "adql", "ADQL-2.0", "ADQL-2.1"}) {
            TapQuery q = runner.prepare(TapParams.of("lang", lang, "Query", Q));
            assertThat(q.format()).isEqualTo(ResultFormat.VOTABLE_TD);
            assertThat(q.maxrec()).isEqualTo(100);
            assertThat(q.compiled().columns()).extracting(c -> c.name()).containsExactly("obs_id", "s_ra");
        }
    }

    @Test
    void maxrecIsClampedToTheHardLimit() throws TapException {
        assertThat(runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", Q, "maxrec", "100000")).maxrec()).isEqualTo(500);
        assertThat(runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", Q, "MAXREC", "0")).maxrec()).isZero();
        assertThatThrownBy(() -> runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", Q, "MAXREC", "many")))
                .isInstanceOf(TapException.class).hasMessageContaining("MAXREC");
    }

    @Test
    void formatsByMimeTypeOrShortName() throws TapException {
        assertThat(ResultFormat.parse("votable")).isEqualTo(ResultFormat.VOTABLE_TD);
        assertThat(ResultFormat.parse("votable/td")).isEqualTo(ResultFormat.VOTABLE_TD);
        assertThat(ResultFormat.parse("application/x-votable+xml")).isEqualTo(ResultFormat.VOTABLE_TD);
        assertThat(ResultFormat.parse("votable/b2")).isEqualTo(ResultFormat.VOTABLE_BINARY2);
        assertThat(ResultFormat.parse("application/x-votable+xml; serialization=BINARY2")).isEqualTo(ResultFormat.VOTABLE_BINARY2);
        assertThat(ResultFormat.parse("CSV")).isEqualTo(ResultFormat.CSV);
        assertThat(ResultFormat.parse("text/tab-separated-values")).isEqualTo(ResultFormat.TSV);
        assertThat(ResultFormat.parse("json")).isEqualTo(ResultFormat.JSON);
        assertThat(runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", Q, "FORMAT", "csv")).format()).isEqualTo(ResultFormat.CSV);
    }

    @Test
    void rejectsWhatItCannotDoWithA400AndAReason() {
        assertThatThrownBy(() -> runner.prepare(TapParams.of("QUERY", Q))).hasMessageContaining("LANG");
        assertThatThrownBy(() -> runner.prepare(TapParams.of("LANG", "PQL", "QUERY", Q))).hasMessageContaining("LANG=PQL");
        assertThatThrownBy(() -> runner.prepare(TapParams.of("LANG", "ADQL"))).hasMessageContaining("QUERY");
        assertThatThrownBy(() -> runner.prepare(TapParams.of("REQUEST", "getCapabilities", "LANG", "ADQL", "QUERY", Q)))
                .hasMessageContaining("doQuery");
        assertThatThrownBy(() -> runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", Q, "UPLOAD", "t,http://x")))
                .hasMessageContaining("UPLOAD");
        assertThatThrownBy(() -> runner.prepare(TapParams.of("LANG", "ADQL", "QUERY", "SELECT s_raa FROM ivoa.obscore")))
                .isInstanceOfSatisfying(TapException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("line 1, column 8").contains("s_ra");
                });
    }
}
