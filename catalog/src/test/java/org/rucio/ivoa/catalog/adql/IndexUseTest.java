package org.rucio.ivoa.catalog.adql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * The SQL that spatial ADQL predicates translate to is answered through the GiST indexes of
 * ivoa.obscore. The table holds 6,000 synced rows and is ANALYZEd; the planner picks the indexes by
 * itself (enable_seqscan stays on). Each indexed answer is compared with the same SQL run with index
 * and bitmap scans disabled, so the index never changes the rows.
 */
class IndexUseTest {

    private static final Pattern INDEX_NAME = Pattern.compile("\"Index Name\": \"([^\"]+)\"");
    private static final String CONE = "CIRCLE('ICRS', 201.4, -43.0, 0.5)";

    private static AdqlDatabase db;

    @BeforeAll
    static void database() throws SQLException {
        String url = TestPostgres.migratedDatabase("adql_index_use");
        db = new AdqlDatabase(url);
        // 5,700 footprints spread over the sky (a golden-angle spiral) and 300 clustered around Centaurus A;
        // a third each: a polygon s_region, an explicit circle s_region, a circle derived from s_fov
        db.update("""
                INSERT INTO rucio.dids (scope, name, vo, data)
                SELECT 'survey', 'img' || i || '.fits', 'def',
                       jsonb_build_object('obs_id', 'SKA-LOW-' || i, 'obs_collection', 'SKA-Low/survey',
                           'obs_publisher_did', 'ivo://skao.int/rucio?survey:img' || i || '.fits', 'calib_level', 2,
                           'dataproduct_type', 'image', 'facility_name', 'SKA-Low',
                           's_ra', ra, 's_dec', dec, 's_fov', 0.2)
                       || CASE i % 3
                            WHEN 0 THEN jsonb_build_object('s_region', format('POLYGON ICRS %s %s %s %s %s %s %s %s',
                                ra - 0.1, dec - 0.1, ra + 0.1, dec - 0.1, ra + 0.1, dec + 0.1, ra - 0.1, dec + 0.1))
                            WHEN 1 THEN jsonb_build_object('s_region', format('CIRCLE ICRS %s %s 0.1', ra, dec))
                            ELSE '{}'::jsonb END
                FROM (SELECT i,
                             CASE WHEN i <= 300 THEN round((200.6 + (i * 0.6180339887) % 1.6)::numeric, 4)
                                  ELSE round((0.5 + (i * 137.50776) % 359)::numeric, 4) END AS ra,
                             CASE WHEN i <= 300 THEN round((-43.8 + (i * 0.7548776662) % 1.6)::numeric, 4)
                                  ELSE round(degrees(asin(0.99 * (2 * ((i * 0.6180339887) % 1) - 1)))::numeric, 4) END AS dec
                      FROM generate_series(1, 6000) AS i) AS g""");
        db.update("ANALYZE ivoa.obscore");
        assertThat(db.execute("SELECT count(*), count(s_region), count(s_region_circle) FROM ivoa.obscore").get(0))
                .as("every DID synced (else see rucio_ivoa.did_status)").containsExactly(6000L, 2000L, 4000L);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    /** The names of the indexes in the plan the database chooses for the compiled query. */
    private static List<String> indexesUsed(String adql) throws SQLException {
        String sql = db.compile(adql).sql();
        String plan = db.execute("EXPLAIN (FORMAT JSON) " + sql).get(0).get(0).toString();
        List<String> names = new ArrayList<>();
        Matcher m = INDEX_NAME.matcher(plan);
        while (m.find()) {
            names.add(m.group(1));
        }
        System.out.println("[IndexUseTest] " + adql.replaceAll("\\s+", " ") + "\n  SQL: " + sql + "\n  indexes: " + names);
        for (List<Object> line : db.execute("EXPLAIN " + sql)) {
            System.out.println("    " + line.get(0));
        }
        return names;
    }

    /** The rows of the compiled query, and the same rows found without any index. */
    private static List<List<Object>> answerWithAndWithoutIndexes(String adql) throws SQLException {
        String sql = db.compile(adql).sql();
        List<List<Object>> indexed = db.execute(sql);
        var c = db.connection();
        c.setAutoCommit(false);
        try {
            db.update("SET LOCAL enable_indexscan = off");
            db.update("SET LOCAL enable_bitmapscan = off");
            assertThat(db.execute(sql)).as("the same rows from a sequential scan").isEqualTo(indexed);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return indexed;
    }

    @Test
    void coneSearchUsesThePositionIndexWhicheverSideTheOneIsOn() throws SQLException {
        String[] queries = {
            "SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), " + CONE + ") ORDER BY obs_id",
            "SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), " + CONE + ") = 1 ORDER BY obs_id",
            "SELECT o.obs_id FROM ivoa.obscore AS o WHERE CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), " + CONE
                    + ") = 1 ORDER BY o.obs_id",
        };
        List<List<Object>> first = null;
        for (String q : queries) {
            assertThat(indexesUsed(q)).as(q).containsExactly("obscore_position");
            List<List<Object>> rows = answerWithAndWithoutIndexes(q);
            assertThat(rows).as("a few of the clustered rows, not the whole table").hasSizeBetween(5, 200);
            if (first == null) {
                first = rows;
            }
            assertThat(rows).isEqualTo(first);
        }
    }

    @Test
    void footprintOverlapUsesBothRegionIndexes() throws SQLException {
        String q = "SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, " + CONE + ") = 1 ORDER BY obs_id";
        assertThat(indexesUsed(q)).containsExactlyInAnyOrder("obscore_region", "obscore_region_circle");
        assertThat(answerWithAndWithoutIndexes(q)).hasSizeBetween(5, 300);
    }

    @Test
    void pointInFootprintUsesBothRegionIndexes() throws SQLException {
        String q = "SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT('ICRS', 10, -30), s_region) = 1 ORDER BY obs_id";
        assertThat(indexesUsed(q)).containsExactlyInAnyOrder("obscore_region", "obscore_region_circle");
        answerWithAndWithoutIndexes(q);
        String inCluster = "SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', 201.4, -43.0), s_region)"
                + " ORDER BY obs_id";
        assertThat(indexesUsed(inCluster)).containsExactlyInAnyOrder("obscore_region", "obscore_region_circle");
        assertThat(answerWithAndWithoutIndexes(inCluster)).isNotEmpty();
    }
}
