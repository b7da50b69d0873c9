package org.rucio.ivoa.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.adql.meta.ColumnMeta;

class AdqlCompilerTest {

    @Test
    void compilesAConeSearchToIndexedSqlAndTypedColumns() {
        CompiledQuery q = AdqlCompiler.compile("""
                SELECT TOP 100 obs_id, s_region, POINT(s_ra, s_dec) AS pos, DISTANCE(s_ra, s_dec, 202.48, 47.23) AS sep
                FROM ivoa.obscore
                WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 202.48, 47.23, 0.5))
                  AND obs_collection = 'LOFAR'""", ObsCoreFixture.METADATA, Map.of());
        assertThat(q.sql()).contains("WHERE ((spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\")) <@ scircle(")
                .endsWith("LIMIT 100");
        assertThat(q.columns()).extracting(OutputColumn::name).containsExactly("obs_id", "s_region", "pos", "sep");
        assertThat(q.columns()).extracting(OutputColumn::geometry).containsExactly(
                ColumnMeta.Geometry.NONE, ColumnMeta.Geometry.REGION, ColumnMeta.Geometry.POINT, ColumnMeta.Geometry.NONE);
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        AdqlException e = catchThrowableOfType(AdqlException.class,
                () -> AdqlCompiler.compile("SELECT obs_id\nFROM ivoa.obscore\nWHERE s_ra >", ObsCoreFixture.METADATA, Map.of()));
        assertThat(e.kind()).isEqualTo(AdqlException.Kind.SYNTAX);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("line 3, column 13: found end of query");
    }

    @Test
    void turnsStackExhaustionIntoAnEngineErrorOnSmallThreads() throws Exception {
        String longSum = "SELECT " + "(".repeat(900) + "s_ra" + ")".repeat(900) + " FROM ivoa.obscore";
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                AdqlCompiler.compile(longSum, ObsCoreFixture.METADATA, Map.of());
            } catch (Throwable e) {
                thrown[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(thrown[0]).isInstanceOf(AdqlException.class).hasMessageContaining("too complex");
    }

    @Test
    void compilesLongOrChainsOnAnOrdinaryStack() throws Exception {
        String manyIds = "SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'lofar:L0'"
                + java.util.stream.IntStream.range(1, 300).mapToObj(i -> " OR obs_id = 'lofar:L" + i + "'").reduce("", String::concat);
        String[] sql = new String[1];
        Thread t = new Thread(null, () -> sql[0] = AdqlCompiler.compile(manyIds, ObsCoreFixture.METADATA, Map.of()).sql(), "ordinary", 2048 * 1024);
        t.start();
        t.join();
        assertThat(sql[0]).contains("'lofar:L299'");
    }

    @Test
    void acceptsAdql20QueriesWithoutOptionalFeatures() {
        CompiledQuery q = AdqlCompiler.compile("SELECT TOP 5 a.obs_id, a.s_ra FROM ivoa.obscore a WHERE a.calib_level >= 2 ORDER BY a.s_ra",
                ObsCoreFixture.METADATA, null);
        assertThat(q.columns()).hasSize(2);
    }
}
