package org.rucio.ivoa.catalog.adql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * Negated spatial predicates on s_region, which the database keeps in two columns of which at most one is
 * set: a negation must not turn the NULL of the unused column into "unknown" and lose the row.
 */
class RegionNegationTest {

    private static AdqlDatabase db;

    @BeforeAll
    static void database() throws SQLException {
        db = new AdqlDatabase(TestPostgres.migratedDatabase("adql_region_negation"));
        db.update("""
                INSERT INTO rucio.dids (scope, name, vo, data) VALUES
                ('mwa', 'beam.fits', 'def', '{"obs_id": "beam", "obs_collection": "MWA/GLEAM", "obs_publisher_did": "ivo://x?beam",
                  "calib_level": 2, "s_ra": 10, "s_dec": -30, "s_fov": 1, "facility_name": "MWA"}'),
                ('mwa', 'mosaic.fits', 'def', '{"obs_id": "mosaic", "obs_collection": "MWA/GLEAM", "obs_publisher_did": "ivo://x?mosaic",
                  "calib_level": 3, "s_ra": 10, "s_dec": -30, "s_region": "POLYGON ICRS 9 -31 11 -31 11 -29 9 -29",
                  "facility_name": "MWA"}'),
                ('mwa', 'equator.fits', 'def', '{"obs_id": "equator", "obs_collection": "MWA/GLEAM", "obs_publisher_did": "ivo://x?equator",
                  "calib_level": 2, "s_ra": 0, "s_dec": 0, "s_region": "BOX ICRS 0 0 2 2", "facility_name": "MWA"}'),
                ('mwa', 'remote.fits', 'def', '{"obs_id": "remote", "obs_collection": "MWA/GLEAM", "obs_publisher_did": "ivo://x?remote",
                  "calib_level": 2, "s_ra": 180, "s_dec": 45, "s_region": "CIRCLE ICRS 180 45 0.5", "facility_name": "MWA"}'),
                ('mwa', 'nofootprint.fits', 'def', '{"obs_id": "nofootprint", "obs_collection": "MWA/GLEAM",
                  "obs_publisher_did": "ivo://x?nofootprint", "calib_level": 1, "facility_name": "MWA"}')""");
        assertThat(db.execute("SELECT count(*), count(s_region), count(s_region_circle) FROM ivoa.obscore").get(0))
                .containsExactly(5L, 2L, 2L);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static List<Object> obsIds(String where) throws SQLException {
        return db.column("SELECT obs_id FROM ivoa.obscore WHERE " + where + " ORDER BY obs_id");
    }

    private static final String AT_BEAM = "CONTAINS(POINT('ICRS', 10, -30), s_region)";

    @Test
    void pointInFootprintSelectsCircleAndPolygonRows() throws SQLException {
        assertThat(obsIds(AT_BEAM + " = 1")).containsExactly("beam", "mosaic");
    }

    @Test
    void equalsZeroSelectsTheFootprintsThatMissThePoint() throws SQLException {
        // a row without any footprint is neither inside nor outside
        assertThat(obsIds(AT_BEAM + " = 0")).containsExactly("equator", "remote");
        assertThat(obsIds("0 = " + AT_BEAM)).containsExactly("equator", "remote");
        assertThat(obsIds(AT_BEAM + " <> 1")).containsExactly("equator", "remote");
        assertThat(obsIds("INTERSECTS(s_region, CIRCLE('ICRS', 10, -30, 0.1)) = 0")).containsExactly("equator", "remote");
    }

    @Test
    void containsAsAValueIsZeroOrOneForEveryRow() throws SQLException {
        assertThat(db.rows("SELECT obs_id, " + AT_BEAM + " FROM ivoa.obscore ORDER BY obs_id"))
                .extracting(r -> r.get(0) + "=" + r.get(1))
                .containsExactly("beam=1", "equator=0", "mosaic=1", "nofootprint=0", "remote=0");
    }

    /**
     * {@code NOT (CONTAINS(point, s_region) = 1)}: under a NOT the translator uses the exact COALESCE form,
     * so the NULL of the unused column does not make every row "unknown" (it did once: the result was empty).
     */
    @Test
    void negatedEqualsOneOnSRegionKeepsRowsOutsideTheFootprint() throws SQLException {
        assertThat(db.compile("SELECT obs_id FROM ivoa.obscore WHERE NOT (" + AT_BEAM + " = 1)").sql())
                .contains("NOT COALESCE(");
        assertThat(obsIds("NOT (" + AT_BEAM + " = 1)")).containsExactlyInAnyOrder("equator", "remote");
        assertThat(obsIds("NOT (1 = INTERSECTS(s_region, CIRCLE('ICRS', 10, -30, 0.1)))"))
                .containsExactlyInAnyOrder("equator", "remote");
    }

    @Test
    void negatedConeSearchOnPositionColumnsIsCorrect() throws SQLException {
        // one database column pair, no NULL half: the plain NOT is right
        assertThat(obsIds("NOT (CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 10, -30, 1)) = 1)"))
                .containsExactly("equator", "remote");
    }
}
