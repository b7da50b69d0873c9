package org.rucio.ivoa.catalog.adql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * Empty, degenerate and out-of-range shapes: each either has a defined answer or is refused. Where the
 * refusal comes from pgSphere at execution rather than from the ADQL compiler, the test says so in its
 * name; moving that check into the compiler would turn those into {@link AdqlException}s.
 */
class DegenerateShapeTest {

    private static AdqlDatabase db;

    @BeforeAll
    static void database() throws SQLException {
        db = new AdqlDatabase(TestPostgres.migratedDatabase("adql_degenerate"));
        db.update("""
                INSERT INTO rucio.dids (scope, name, vo, data) VALUES ('mwa', 'snapshot.fits', 'def',
                '{"obs_id": "MWA-1234567890", "obs_collection": "MWA/GLEAM", "obs_publisher_did": "ivo://x?mwa:snapshot",
                  "calib_level": 1, "s_ra": 10, "s_dec": -30, "s_fov": 1, "facility_name": "MWA"}')""");
        assertThat(db.execute("SELECT count(*) FROM ivoa.obscore").get(0).get(0)).isEqualTo(1L);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static double value(String expression) throws SQLException {
        return db.number("SELECT " + expression + " FROM ivoa.obscore");
    }

    @Test
    void zeroRadiusCircleHasNoAreaAndContainsExactlyItsCentre() throws SQLException {
        assertThat(value("AREA(CIRCLE('ICRS', 10, -30, 0))")).isZero();
        assertThat(db.column("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec),"
                + " CIRCLE('ICRS', 10, -30, 0))")).containsExactly("MWA-1234567890");
        assertThat(db.column("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec),"
                + " CIRCLE('ICRS', 10.001, -30, 0))")).isEmpty();
        assertThat(value("COORD1(CENTROID(CIRCLE('ICRS', 10, -30, 0)))")).isCloseTo(10, within(1e-9));
    }

    @Test
    void pointAndZeroDistanceHaveZeroMeasure() throws SQLException {
        assertThat(value("AREA(POINT('ICRS', 10, -30))")).isZero();
        assertThat(value("DISTANCE(POINT('ICRS', 10, -30), POINT('ICRS', 10, -30))")).isZero();
    }

    @Test
    void polygonWithTooFewCoordinatesIsRefusedByTheCompiler() {
        assertThatThrownBy(() -> db.compile("SELECT AREA(POLYGON('ICRS', 10, -30, 11, -30)) FROM ivoa.obscore"))
                .isInstanceOf(AdqlException.class).hasMessageContaining("POLYGON").hasMessageContaining("at least 6");
    }

    @Test
    void thinTriangleAlongAParallelIsAValidSliverNotAnError() throws SQLException {
        // three points on dec -30 are not on one great circle: a real, tiny spherical triangle
        assertThat(value("AREA(POLYGON('ICRS', 10, -30, 11, -30, 12, -30))")).isGreaterThan(0).isLessThan(0.01);
    }

    @Test
    void pointLikePolygonIsRefusedByTheCompilerWithItsPosition() {
        assertThatThrownBy(() -> db.compile("SELECT obs_id FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region,\n"
                + " POLYGON('ICRS', 10, -30, 10, -30, 10, -30))")).isInstanceOf(AdqlException.class)
                .hasMessageContaining("line 2").hasMessageContaining("POLYGON has 1 distinct vertices");
    }

    @Test
    void negativeOrOversizedRadiusIsRefusedByTheCompiler() {
        for (String radius : new String[] {"-1", "200"}) {
            assertThatThrownBy(() -> db.compile("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS',"
                    + " s_ra, s_dec), CIRCLE('ICRS', 10, -30, " + radius + "))")).as(radius)
                    .isInstanceOf(AdqlException.class).hasMessageContaining("CIRCLE radius " + radius
                            + " is outside [0, 90] degrees");
        }
    }

    @Test
    void pointBeyondThePoleIsRefusedByTheCompiler() {
        assertThatThrownBy(() -> db.compile("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', 10, 95),"
                + " s_region)")).isInstanceOf(AdqlException.class).hasMessageContaining("declination 95 is outside");
    }
}
