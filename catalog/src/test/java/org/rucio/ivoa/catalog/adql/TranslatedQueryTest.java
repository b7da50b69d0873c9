package org.rucio.ivoa.catalog.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * ADQL compiled with the metadata the schema publishes, executed on a real PostgreSQL + pgSphere holding
 * known ObsCore rows (written as Rucio metadata and synced by the triggers), checking the answers.
 */
class TranslatedQueryTest {

    private static AdqlDatabase db;

    @BeforeAll
    static void database() throws SQLException {
        String url = TestPostgres.migratedDatabase("adql_translated");
        try (var writer = TestPostgres.connect(url)) {
            // near the north celestial pole: two inside a 0.5 deg cap, one at dec 89 outside it
            did(writer, "polar-a", "MeerKAT", 45, 89.9, null);
            did(writer, "polar-b", "MeerKAT", 225, 89.9, null);
            did(writer, "polar-c", "MeerKAT", 0, 89.0, null);
            // either side of RA 0/360 on the equator, and one on the other side of the sky
            did(writer, "wrap-w", "ASKAP", 359.9, 0, null);
            did(writer, "wrap-e", "ASKAP", 0.1, 0, null);
            did(writer, "wrap-far", "ASKAP", 180, 0, null);
            // Centaurus A: a polygon footprint and an explicit circle footprint that overlap
            did(writer, "cena-poly", "SKA-Low", 201.4, -43.0, "POLYGON ICRS 200.4 -44 202.4 -44 202.4 -42 200.4 -42");
            did(writer, "cena-circle", "SKA-Low", 202.0, -43.5, "CIRCLE ICRS 202.0 -43.5 0.5");
            // no s_region: a circle of diameter s_fov (2 deg) is derived around s_ra/s_dec
            did(writer, "field-derived", "SKA-Low", 10, -30, null);
            did(writer, "far-poly", "SKA-Low", 100, 20, "POLYGON ICRS 99.9 19.9 100.1 19.9 100.1 20.1 99.9 20.1");
            try (Statement st = writer.createStatement()) {
                st.execute("ANALYZE ivoa.obscore");
            }
        }
        db = new AdqlDatabase(url);
        assertThat(db.execute("SELECT count(*) FROM ivoa.obscore").get(0).get(0))
                .as("every DID synced (else see rucio_ivoa.did_status)").isEqualTo(10L);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static void did(java.sql.Connection c, String obsId, String facility, double ra, double dec,
            String region) throws SQLException {
        String regionKey = region == null ? "" : ", \"s_region\": \"" + region + "\"";
        String json = """
                {"obs_id": "%s", "obs_collection": "%s/imaging", "obs_publisher_did": "ivo://skao.int/rucio?adql:%s",
                 "calib_level": 2, "dataproduct_type": "image", "s_ra": %s, "s_dec": %s, "s_fov": 2,
                 "t_min": 61041.25, "t_max": 61041.75, "em_min": 0.21, "em_max": 0.23,
                 "facility_name": "%s", "target_name": "%s"%s}""".formatted(obsId, facility, obsId, ra, dec,
                facility, obsId, regionKey);
        try (var ps = c.prepareStatement("INSERT INTO rucio.dids (scope, name, vo, data) VALUES ('adql', ?, 'def', ?::jsonb)")) {
            ps.setString(1, obsId + ".fits");
            ps.setString(2, json);
            ps.executeUpdate();
        }
    }

    /** One value computed on one known row, so literal-only expressions return exactly once. */
    private static double onOneRow(String expression) throws SQLException {
        return db.number("SELECT " + expression + " FROM ivoa.obscore WHERE obs_id = 'cena-poly'");
    }

    private static List<Object> obsIds(String where) throws SQLException {
        return db.column("SELECT obs_id FROM ivoa.obscore WHERE " + where + " ORDER BY obs_id");
    }

    @Test
    void distanceBetweenKnownPointsIsInDegrees() throws SQLException {
        assertThat(onOneRow("DISTANCE(POINT('ICRS', 0, 0), POINT('ICRS', 90, 0))")).isCloseTo(90.0, within(1e-9));
        assertThat(onOneRow("DISTANCE(POINT('ICRS', 10, -30), POINT('ICRS', 10, -29))")).isCloseTo(1.0, within(1e-9));
        assertThat(onOneRow("DISTANCE(POINT('ICRS', 359.5, 0), POINT('ICRS', 0.5, 0))"))
                .as("across RA 0/360 the short way").isCloseTo(1.0, within(1e-9));
        assertThat(onOneRow("DISTANCE(POINT('ICRS', 0, 90), POINT('ICRS', 123, 89))")).isCloseTo(1.0, within(1e-9));
        assertThat(onOneRow("DISTANCE(POINT('ICRS', 0, 0), POINT('ICRS', 180, 0))")).isCloseTo(180.0, within(1e-9));
    }

    @Test
    void distanceBetweenColumnsCrossesRaZero() throws SQLException {
        List<List<Object>> rows = db.rows("""
                SELECT a.obs_id, b.obs_id, DISTANCE(POINT('ICRS', a.s_ra, a.s_dec), POINT('ICRS', b.s_ra, b.s_dec)) AS sep
                FROM ivoa.obscore AS a JOIN ivoa.obscore AS b ON a.obs_id < b.obs_id
                WHERE a.obs_id LIKE 'wrap-%' AND b.obs_id LIKE 'wrap-%' ORDER BY sep""");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).subList(0, 2)).containsExactly("wrap-e", "wrap-w");
        assertThat(((Number) rows.get(0).get(2)).doubleValue()).isCloseTo(0.2, within(1e-9));
        assertThat(((Number) rows.get(2).get(2)).doubleValue()).isCloseTo(180.0 - 0.1, within(1e-9));
    }

    @Test
    void circleAtThePoleContainsPointsAtEveryRightAscension() throws SQLException {
        assertThat(obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 0, 90, 0.5))"))
                .containsExactly("polar-a", "polar-b");
        assertThat(obsIds("CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 300, 89.95, 0.2)) = 1"))
                .as("points at RA 45 and 225, 0.2 deg apart across the pole, are within 0.2 deg of (300, 89.95)")
                .containsExactly("polar-a", "polar-b");
        assertThat(obsIds("CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 0, 90, 1.5)) = 1"))
                .containsExactly("polar-a", "polar-b", "polar-c");
    }

    @Test
    void circleAtRaZeroContainsPointsOnBothSidesOfTheWrap() throws SQLException {
        assertThat(obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 0, 0, 0.2))"))
                .containsExactly("wrap-e", "wrap-w");
        assertThat(obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 359.95, 0, 0.1))"))
                .containsExactly("wrap-w");
        assertThat(obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 360.05, 0, 0.1))"))
                .as("RA 360.05 is RA 0.05").containsExactly("wrap-e");
    }

    @Test
    void polygonContainsTheSamePointsWhateverItsVertexOrder() throws SQLException {
        String counterClockwise = "POLYGON('ICRS', 359.5, -0.5, 0.5, -0.5, 0.5, 0.5, 359.5, 0.5)";
        String clockwise = "POLYGON('ICRS', 359.5, 0.5, 0.5, 0.5, 0.5, -0.5, 359.5, -0.5)";
        List<Object> ccw = obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), " + counterClockwise + ")");
        List<Object> cw = obsIds("1 = CONTAINS(POINT('ICRS', s_ra, s_dec), " + clockwise + ")");
        assertThat(ccw).containsExactly("wrap-e", "wrap-w");
        assertThat(cw).isEqualTo(ccw);
        // and a footprint written the other way round in Rucio still matches the same points
        assertThat(onOneRow("AREA(" + clockwise + ")")).isCloseTo(onOneRow("AREA(" + counterClockwise + ")"),
                within(1e-9));
    }

    @Test
    void areaIsInSquareDegrees() throws SQLException {
        double r = Math.toRadians(1.0);
        double cap = 2 * Math.PI * (1 - Math.cos(r)) * Math.pow(180 / Math.PI, 2);
        double circle = onOneRow("AREA(CIRCLE('ICRS', 10, -30, 1))");
        assertThat(circle).isCloseTo(cap, within(1e-6)).isLessThan(Math.PI).isGreaterThan(Math.PI * 0.9999);
        // a 1 x 1 deg polygon centred on dec 60: about w * h * cos(dec)
        double box = onOneRow("AREA(POLYGON('ICRS', 9.5, 59.5, 10.5, 59.5, 10.5, 60.5, 9.5, 60.5))");
        assertThat(box).isCloseTo(0.5, within(0.01));
        // the stored footprints: AREA coalesces the polygon and circle columns
        assertThat(db.number("SELECT AREA(s_region) FROM ivoa.obscore WHERE obs_id = 'cena-poly'"))
                .isCloseTo(2 * 2 * Math.cos(Math.toRadians(43)), within(0.02));
        assertThat(db.number("SELECT AREA(s_region) FROM ivoa.obscore WHERE obs_id = 'cena-circle'"))
                .isCloseTo(2 * Math.PI * (1 - Math.cos(Math.toRadians(0.5))) * Math.pow(180 / Math.PI, 2),
                        within(1e-6));
        assertThat(db.number("SELECT AREA(s_region) FROM ivoa.obscore WHERE obs_id = 'field-derived'"))
                .as("derived circle of diameter s_fov = 2").isCloseTo(cap, within(1e-6));
    }

    @Test
    void coordinatesOfPointsAndCentroidOfACircle() throws SQLException {
        assertThat(onOneRow("COORD1(POINT('ICRS', 359.5, -10))")).isCloseTo(359.5, within(1e-9));
        assertThat(onOneRow("COORD2(POINT('ICRS', 359.5, -10))")).isCloseTo(-10, within(1e-9));
        assertThat(onOneRow("COORD1(CENTROID(CIRCLE('ICRS', 201.365, -43.019, 2.75)))")).isCloseTo(201.365, within(1e-9));
        assertThat(onOneRow("COORD2(CENTROID(CIRCLE('ICRS', 201.365, -43.019, 2.75)))")).isCloseTo(-43.019, within(1e-9));
        assertThat(db.number("SELECT COORD1(POINT('ICRS', s_ra, s_dec)) FROM ivoa.obscore WHERE obs_id = 'wrap-w'"))
                .isCloseTo(359.9, within(1e-9));
    }

    @Test
    void centroidOfPolygonsAndRegions() throws SQLException {
        // a symmetric quadrilateral around (0, 0), across RA 0/360
        assertThat(onOneRow("COORD1(CENTROID(POLYGON('ICRS', 359, -1, 1, -1, 1, 1, 359, 1)))")).isCloseTo(0, within(1e-9));
        assertThat(onOneRow("COORD2(CENTROID(POLYGON('ICRS', 359, -1, 1, -1, 1, 1, 359, 1)))")).isCloseTo(0, within(1e-9));
        // a small triangle: close to the mean of its vertices
        assertThat(onOneRow("COORD1(CENTROID(POLYGON('ICRS', 10, -30, 11, -30, 10.5, -29)))")).isCloseTo(10.5, within(1e-3));
        assertThat(onOneRow("COORD2(CENTROID(POLYGON('ICRS', 10, -30, 11, -30, 10.5, -29)))"))
                .isCloseTo(-29.667, within(2e-3));
        // s_region: a polygon row (centred on 201.4, -43.0) and a circle row (202.0, -43.5)
        List<List<Object>> rows = db.rows("SELECT obs_id, COORD1(CENTROID(s_region)), COORD2(CENTROID(s_region))"
                + " FROM ivoa.obscore WHERE obs_id IN ('cena-poly', 'cena-circle') ORDER BY obs_id");
        assertThat(rows).hasSize(2);
        assertThat(((Number) rows.get(0).get(1)).doubleValue()).as("circle ra").isCloseTo(202.0, within(1e-9));
        assertThat(((Number) rows.get(0).get(2)).doubleValue()).as("circle dec").isCloseTo(-43.5, within(1e-9));
        assertThat(((Number) rows.get(1).get(1)).doubleValue()).as("polygon ra").isCloseTo(201.4, within(1e-6));
        assertThat(((Number) rows.get(1).get(2)).doubleValue()).as("polygon dec").isCloseTo(-43.0, within(0.02));
    }

    @Test
    void intersectsMatchesPolygonAndCircleFootprints() throws SQLException {
        assertThat(obsIds("INTERSECTS(s_region, CIRCLE('ICRS', 202.0, -43.5, 0.2)) = 1"))
                .containsExactly("cena-circle", "cena-poly");
        assertThat(obsIds("1 = INTERSECTS(CIRCLE('ICRS', 203.0, -42.0, 0.3), s_region)"))
                .as("beyond the polygon's corner, inside no footprint").isEmpty();
        assertThat(obsIds("INTERSECTS(s_region, CIRCLE('ICRS', 10.0, -31.1, 0.2)) = 1"))
                .as("the derived circle, radius 1 deg, reaches dec -31").containsExactly("field-derived");
        assertThat(obsIds("INTERSECTS(s_region, CIRCLE('ICRS', 201.4, -43.0, 0.1)) = 0 AND facility_name = 'SKA-Low'"))
                .containsExactly("cena-circle", "far-poly", "field-derived");
    }

    @Test
    void containsPointInFootprint() throws SQLException {
        assertThat(obsIds("CONTAINS(POINT('ICRS', 202.1, -43.6), s_region) = 1")).containsExactly("cena-circle", "cena-poly");
        assertThat(obsIds("CONTAINS(POINT('ICRS', 200.6, -42.2), s_region) = 1")).containsExactly("cena-poly");
        assertThat(obsIds("1 = CONTAINS(POINT('ICRS', 10, -30), s_region)")).containsExactly("field-derived");
    }

    @Test
    void selectedFootprintsComeBackAsPgSphereTextInDegrees() throws SQLException {
        Object circle = db.value("SELECT s_region FROM ivoa.obscore WHERE obs_id = 'cena-circle'");
        assertThat(org.rucio.ivoa.adql.translate.PgSphereText.toStcs(circle.toString()))
                .startsWith("CIRCLE").contains("202", "-43.5", "0.5");
        Object poly = db.value("SELECT s_region FROM ivoa.obscore WHERE obs_id = 'far-poly'");
        assertThat(org.rucio.ivoa.adql.translate.PgSphereText.toStcs(poly.toString()))
                .startsWith("POLYGON").contains("99.9", "100.1", "20.1");
    }

    @Test
    void topOrderByAndOffsetPage() throws SQLException {
        assertThat(db.column("SELECT TOP 3 obs_id FROM ivoa.obscore ORDER BY obs_id OFFSET 2"))
                .containsExactly("far-poly", "field-derived", "polar-a");
        assertThat(db.column("SELECT TOP 2 obs_id FROM ivoa.obscore ORDER BY s_dec DESC, obs_id"))
                .containsExactly("polar-a", "polar-b");
    }

    @Test
    void countPerFacility() throws SQLException {
        List<List<Object>> rows = db.rows("""
                SELECT facility_name, COUNT(*) AS n FROM ivoa.obscore GROUP BY facility_name ORDER BY n DESC, facility_name""");
        assertThat(rows).extracting(r -> r.get(0) + "=" + r.get(1))
                .containsExactly("SKA-Low=4", "ASKAP=3", "MeerKAT=3");
    }

    @Test
    void commonTableExpressionPassesTheFootprintOn() throws SQLException {
        assertThat(db.column("""
                WITH ska AS (SELECT obs_id, s_region FROM ivoa.obscore WHERE facility_name = 'SKA-Low')
                SELECT obs_id FROM ska WHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', 202.0, -43.5, 0.2))
                ORDER BY obs_id""")).containsExactly("cena-circle", "cena-poly");
    }

    @Test
    void unionOfTwoFacilities() throws SQLException {
        assertThat(db.column("""
                SELECT obs_id FROM ivoa.obscore WHERE facility_name = 'ASKAP' AND s_ra < 1
                UNION SELECT obs_id FROM ivoa.obscore WHERE facility_name = 'MeerKAT' AND s_dec > 89.5
                ORDER BY 1""")).containsExactly("polar-a", "polar-b", "wrap-e");
    }

    @Test
    void tapSchemaDescribesTheObsCoreTable() throws SQLException {
        assertThat(db.column("SELECT table_name FROM TAP_SCHEMA.tables"))
                .contains("ivoa.obscore", "TAP_SCHEMA.tables", "TAP_SCHEMA.columns");
        List<List<Object>> columns = db.rows(
                "SELECT column_name, datatype FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore' ORDER BY column_name");
        assertThat(columns).extracting(r -> r.get(0) + ":" + r.get(1))
                .contains("obs_id:char", "s_ra:double", "calib_level:int", "s_region:char")
                .as("the second footprint column stays hidden behind s_region; the DID is published")
                .contains("rucio_did_scope:char", "rucio_did_name:char")
                .doesNotContain("s_region_circle:char");
    }

    @Test
    void tapSchemaSizeColumnIsQueryable() throws SQLException {
        List<List<Object>> rows = db.rows(
                "SELECT column_name, \"size\" FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore' AND column_name = 'obs_id'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).isEqualTo("obs_id");
    }

    @Test
    void readerRoleRunsTranslatedQueriesInAReadOnlyTransaction() throws SQLException {
        var c = db.connection();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
            st.execute("SET LOCAL ROLE rucio_ivoa_reader");
            assertThat(db.execute("SELECT current_user").get(0).get(0)).isEqualTo("rucio_ivoa_reader");
            assertThat(db.rows("SELECT obs_id, s_region, DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 202, -43.5)) "
                    + "FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 201.7, -43.25, 1))"
                    + " ORDER BY obs_id")).extracting(r -> r.get(0)).containsExactly("cena-circle", "cena-poly");
            assertThat(db.column("SELECT table_name FROM TAP_SCHEMA.tables WHERE table_name = 'ivoa.obscore'"))
                    .containsExactly("ivoa.obscore");
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        assertThat(db.execute("SELECT current_user").get(0).get(0)).isNotEqualTo("rucio_ivoa_reader");
    }
}
