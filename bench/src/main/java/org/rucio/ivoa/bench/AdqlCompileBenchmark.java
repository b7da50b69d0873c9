package org.rucio.ivoa.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.catalog.schema.PublishedMetadata;

/**
 * Throughput of {@link AdqlCompiler#compile} (parse, check against the metadata, translate to
 * PostgreSQL + pgSphere, SqlSafety check of the SQL) for typical ObsCore queries, with the metadata a
 * fresh migration publishes. No database is involved.
 *
 * <pre>java -jar bench/target/benchmarks.jar AdqlCompileBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AdqlCompileBenchmark {

    static final String CONE = """
            SELECT TOP 100 obs_id, obs_publisher_did, access_url, s_ra, s_dec,
                   DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 201.365, -43.019)) AS dist
            FROM ivoa.obscore
            WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 201.365, -43.019, 0.5))
            ORDER BY dist""";

    static final String REGION = """
            SELECT obs_id, dataproduct_type, s_region, AREA(s_region) AS footprint_area
            FROM ivoa.obscore AS o
            WHERE INTERSECTS(o.s_region, POLYGON('ICRS', 200.4, -44.0, 202.4, -44.0, 202.4, -42.0, 200.4, -42.0)) = 1
              AND o.calib_level >= 2""";

    static final String TIME_FREQUENCY = """
            SELECT obs_id, t_min, t_max, em_min, em_max, facility_name
            FROM ivoa.obscore
            WHERE t_min <= 61041.75 AND t_max >= 61041.25
              AND em_min <= 0.23 AND em_max >= 0.21
              AND dataproduct_type IN ('cube', 'visibility') AND facility_name = 'SKA-Low'
            ORDER BY t_min""";

    static final String TAP_SCHEMA_JOIN = """
            SELECT t.table_name, c.column_name, c.datatype, c.unit, c.ucd
            FROM TAP_SCHEMA.tables AS t JOIN TAP_SCHEMA.columns AS c ON c.table_name = t.table_name
            WHERE t.schema_name = 'ivoa' ORDER BY t.table_name, c.column_index""";

    static final String CTE = """
            WITH low AS (
                SELECT obs_id, s_ra, s_dec, s_region, facility_name FROM ivoa.obscore
                WHERE facility_name = 'SKA-Low' AND calib_level >= 2)
            SELECT facility_name, COUNT(*) AS n FROM low
            WHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 10.0, -30.0, 3.0))
            GROUP BY facility_name""";

    private PublishedMetadata metadata;

    @Setup
    public void metadata() {
        metadata = PublishedMetadata.declared();
        // fail fast, before any measurement, if a query no longer compiles
        for (String q : new String[] {CONE, REGION, TIME_FREQUENCY, TAP_SCHEMA_JOIN, CTE}) {
            AdqlCompiler.compile(q, metadata, Map.of());
        }
    }

    @Benchmark
    public CompiledQuery coneSearch() {
        return AdqlCompiler.compile(CONE, metadata, Map.of());
    }

    @Benchmark
    public CompiledQuery regionIntersection() {
        return AdqlCompiler.compile(REGION, metadata, Map.of());
    }

    @Benchmark
    public CompiledQuery timeFrequencyRange() {
        return AdqlCompiler.compile(TIME_FREQUENCY, metadata, Map.of());
    }

    @Benchmark
    public CompiledQuery tapSchemaJoin() {
        return AdqlCompiler.compile(TAP_SCHEMA_JOIN, metadata, Map.of());
    }

    @Benchmark
    public CompiledQuery commonTableExpression() {
        return AdqlCompiler.compile(CTE, metadata, Map.of());
    }
}
