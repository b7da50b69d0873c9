package org.rucio.ivoa.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.testing.RucioPlugin;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/** The sync from rucio.dids to ivoa.obscore, driven by the statements Rucio's plugin issues. */
class SyncTest {

    private static final String COMPLETE = """
            {"obs_id": "SKA-LOW-2026-0042", "obs_collection": "SKA-Low/imaging",
             "obs_publisher_did": "ivo://skao.int/rucio?%s", "calib_level": 2,
             "dataproduct_type": "image", "s_ra": 201.365, "s_dec": -43.019, "s_fov": 5.5,
             "t_min": 61041.25, "t_max": 61041.75, "em_min": 1.5, "em_max": 3.0,
             "facility_name": "SKA-Low", "instrument_name": "LFAA", "target_name": "Centaurus A"}""";

    private static String url;
    private static RucioPlugin rucio;
    /** for looking at the result, with the default search_path */
    private static Connection inspector;

    @BeforeAll
    static void database() throws SQLException {
        url = TestPostgres.migratedDatabase("sync");
        rucio = new RucioPlugin(url, "rucio", "def");
        inspector = TestPostgres.connect(url);
    }

    @AfterAll
    static void close() throws SQLException {
        rucio.close();
        inspector.close();
    }

    private static String complete(String scope, String name) {
        return COMPLETE.formatted(scope + ":" + name);
    }

    @Test
    void pluginSchemaVerificationPasses() throws SQLException {
        // _verify_table_schema: the columns it requires and the unique (scope, name) constraint
        List<String> columns = new ArrayList<>();
        try (Statement st = rucio.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name, data_type, is_nullable FROM"
                        + " INFORMATION_SCHEMA.COLUMNS where table_name = 'dids'")) {
            while (rs.next()) {
                columns.add(rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3));
            }
        }
        assertThat(columns).contains("vo,character varying,NO", "scope,character varying,NO",
                "name,character varying,NO", "data,jsonb,YES");
        List<String> constraints = new ArrayList<>();
        try (Statement st = rucio.connection().createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT con.contype AS constraint_type,
                               (SELECT array_agg(att.attname) FROM pg_attribute att
                                  INNER JOIN unnest(con.conkey) unnest(conkey) ON unnest.conkey = att.attnum
                                  WHERE att.attrelid = con.conrelid) AS columns
                        FROM pg_constraint con INNER JOIN pg_class rel ON rel.oid = con.conrelid
                        INNER JOIN pg_namespace nsp ON nsp.oid = rel.relnamespace WHERE rel.relname = 'dids'""")) {
            while (rs.next()) {
                constraints.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        rucio.connection().commit();
        assertThat(constraints).contains("u:{scope,name}");
    }

    @Test
    void didAppearsWhenItsMandatoryKeysAreCompleteKeyByKey() throws SQLException {
        String scope = "keybykey";
        rucio.setMetadata(scope, "cube.fits", "obs_id", "SKA-MID-0001");
        assertThat(status(scope, "cube.fits")).containsEntry("state", "incomplete");
        assertThat(status(scope, "cube.fits").get("missing").toString())
                .contains("calib_level", "obs_collection", "obs_publisher_did");
        rucio.setMetadata(scope, "cube.fits", "obs_collection", "SKA-Mid/spectral");
        rucio.setMetadata(scope, "cube.fits", "calib_level", "2");
        assertThat(obscore(scope, "cube.fits")).isEmpty();
        rucio.setMetadata(scope, "cube.fits", "obs_publisher_did", "ivo://skao.int/rucio?keybykey:cube.fits");
        assertThat(obscore(scope, "cube.fits")).hasValueSatisfying(row -> {
            assertThat(row).containsEntry("obs_id", "SKA-MID-0001").containsEntry("calib_level", 2);
        });
        assertThat(status(scope, "cube.fits")).isEmpty();
        rucio.setMetadata(scope, "cube.fits", "dataproduct_type", "Cube");
        assertThat(obscore(scope, "cube.fits").orElseThrow()).containsEntry("dataproduct_type", "cube");
        assertThat(rucio.getMetadata(scope, "cube.fits")).hasValueSatisfying(json ->
                assertThat(json).contains("\"dataproduct_type\": \"Cube\""));
    }

    @Test
    void removingAMandatoryKeyWithdrawsTheDid() throws SQLException {
        String scope = "removekey";
        rucio.setMetadataBulk(scope, "vis.ms", complete(scope, "vis.ms"));
        assertThat(obscore(scope, "vis.ms")).isPresent();
        rucio.deleteMetadata(scope, "vis.ms", "obs_id");
        assertThat(obscore(scope, "vis.ms")).isEmpty();
        assertThat(status(scope, "vis.ms")).containsEntry("state", "incomplete");
        assertThat(status(scope, "vis.ms").get("missing").toString()).isEqualTo("{obs_id}");
        rucio.deleteMetadata(scope, "vis.ms", "target_name");
        rucio.setMetadata(scope, "vis.ms", "obs_id", "again");
        assertThat(obscore(scope, "vis.ms").orElseThrow()).containsEntry("obs_id", "again")
                .containsEntry("target_name", null);
    }

    @Test
    void badValueNeverFailsRucioAndIsReportedWithItsReason() throws SQLException {
        String scope = "badvalue";
        rucio.setMetadataBulk(scope, "img.fits", complete(scope, "img.fits"));
        rucio.setMetadata(scope, "img.fits", "calib_level", "abc");
        assertThat(obscore(scope, "img.fits")).as("no stale row").isEmpty();
        Map<String, Object> st = status(scope, "img.fits");
        assertThat(st).containsEntry("state", "invalid");
        assertThat(st.get("problems").toString()).contains("\"key\": \"calib_level\"", "\"value\": \"abc\"",
                "an integer in [0, 4]");
        rucio.setMetadata(scope, "img.fits", "calib_level", "7");
        assertThat(status(scope, "img.fits").get("problems").toString()).contains("\"value\": \"7\"");
        rucio.setMetadata(scope, "img.fits", "calib_level", "3");
        assertThat(obscore(scope, "img.fits").orElseThrow()).containsEntry("calib_level", 3);
        assertThat(status(scope, "img.fits")).isEmpty();
    }

    @Test
    void oneBadRowDoesNotAbortABulkInsert() throws SQLException {
        try (Statement st = rucio.connection().createStatement()) {
            st.executeUpdate("""
                    INSERT INTO dids (scope, name, vo, data)
                    SELECT 'bulk', 'f' || i, 'def', jsonb_build_object('obs_id', 'o' || i, 'obs_collection', 'MWA',
                        'obs_publisher_did', 'ivo://x?' || i,
                        'calib_level', CASE WHEN i = 50 THEN to_jsonb('abc'::text) ELSE to_jsonb(i % 5) END)
                    FROM generate_series(1, 100) i""");
        }
        rucio.connection().commit();
        assertThat(count("SELECT count(*) FROM ivoa.obscore WHERE rucio_did_scope = 'bulk'")).isEqualTo(99);
        assertThat(status("bulk", "f50")).containsEntry("state", "invalid");
    }

    @Test
    void deleteAndRenameOfASyncedDidSucceedAndObsCoreFollows() throws SQLException {
        String scope = "lifecycle";
        rucio.setMetadataBulk(scope, "a.fits", complete(scope, "a.fits"));
        rucio.setMetadataBulk(scope, "b.fits", "{\"obs_id\": \"only\"}");
        try (Statement st = rucio.connection().createStatement()) {
            st.executeUpdate("UPDATE dids SET name = 'a-renamed.fits' WHERE scope = 'lifecycle' AND name = 'a.fits'");
            st.executeUpdate("UPDATE dids SET name = 'b-renamed.fits' WHERE scope = 'lifecycle' AND name = 'b.fits'");
        }
        rucio.connection().commit();
        assertThat(obscore(scope, "a.fits")).isEmpty();
        assertThat(obscore(scope, "a-renamed.fits")).isPresent();
        assertThat(status(scope, "b.fits")).isEmpty();
        assertThat(status(scope, "b-renamed.fits")).containsEntry("state", "incomplete");
        try (Statement st = rucio.connection().createStatement()) {
            assertThat(st.executeUpdate("DELETE FROM dids WHERE scope = 'lifecycle'")).isEqualTo(2);
        }
        rucio.connection().commit();
        assertThat(obscore(scope, "a-renamed.fits")).isEmpty();
        assertThat(status(scope, "b-renamed.fits")).isEmpty();
    }

    @Test
    void valuesArriveAsStringsNumbersAndIsoTimes() throws SQLException {
        String scope = "types";
        rucio.setMetadataBulk(scope, "t.fits", """
                {"obs_id": 12345, "obs_collection": "ASKAP/EMU", "obs_publisher_did": "ivo://x?t",
                 "calib_level": "2", "s_ra": " 10.5 ", "s_dec": "-45", "t_min": "2026-01-01T06:00:00Z",
                 "t_max": "2026-01-01T12:00:00+06:00", "em_min": "0.2", "em_max": 2.1e-1,
                 "access_estsize": "1048576", "pol_states": "XX,YY", "obs_release_date": "2027-03-01",
                 "data_rights": "PUBLIC", "s_region": "POLYGON ICRS 10 -45.5 11 -45.5 11 -44.5 10 -44.5"}""");
        Map<String, Object> row = obscore(scope, "t.fits").orElseThrow();
        assertThat(row).containsEntry("obs_id", "12345").containsEntry("calib_level", 2)
                .containsEntry("access_estsize", 1048576L).containsEntry("pol_states", "/XX/YY/")
                .containsEntry("data_rights", "public");
        assertThat((Double) row.get("s_ra")).isEqualTo(10.5);
        assertThat((Double) row.get("t_min")).isCloseTo(61041.25, within(1e-9));
        assertThat((Double) row.get("t_max")).isCloseTo(61041.25, within(1e-9));
        assertThat(row.get("obs_release_date").toString()).startsWith("2027-03-01 00:00:00");
        assertThat(row.get("s_region")).isNotNull();
    }

    @Test
    void footprintIsDerivedFromPositionAndPositionFromFootprint() throws SQLException {
        rucio.setMetadataBulk("derive", "circle.fits", complete("derive", "circle.fits"));
        Map<String, Object> fromFov = obscore("derive", "circle.fits").orElseThrow();
        assertThat(fromFov.get("s_region")).as("a circle is kept as a circle").isNull();
        assertThat(scalar("SELECT degrees(radius(s_region_circle)) FROM ivoa.obscore"
                + " WHERE rucio_did_name = 'circle.fits'")).as("radius = s_fov / 2").isEqualTo(2.75);
        assertThat((Boolean) scalar("SELECT s_region_circle @> spoint(radians(201.365), radians(-45.7)) FROM"
                + " ivoa.obscore WHERE rucio_did_name = 'circle.fits'")).isTrue();

        rucio.setMetadataBulk("derive", "poly.fits", """
                {"obs_id": "p", "obs_collection": "c", "obs_publisher_did": "ivo://x?p", "calib_level": 1,
                 "s_region": "POLYGON ICRS 359 -1 1 -1 1 1 359 1"}""");
        Map<String, Object> fromRegion = obscore("derive", "poly.fits").orElseThrow();
        assertThat((Double) fromRegion.get("s_ra")).as("centre across RA 0").isCloseTo(0.0, within(1e-6));
        assertThat((Double) fromRegion.get("s_dec")).isCloseTo(0.0, within(1e-6));
        assertThat((Double) fromRegion.get("s_fov")).isCloseTo(2 * Math.sqrt(2), within(1e-3));
        assertThat((Boolean) scalar("SELECT s_region @> spoint(radians(0.5), radians(0.5)) FROM ivoa.obscore"
                + " WHERE rucio_did_name = 'poly.fits'")).isTrue();
    }

    @Test
    void truncateEmptiesObsCoreAndStatus() throws SQLException {
        String url = TestPostgres.migratedDatabase("truncate");
        try (RucioPlugin own = new RucioPlugin(url, "rucio", "def")) {
            own.setMetadataBulk("t", "a", complete("t", "a"));
            own.setMetadataBulk("t", "b", "{\"obs_id\": \"x\"}");
            try (Statement st = own.connection().createStatement()) {
                st.execute("TRUNCATE dids");
            }
            own.connection().commit();
            try (Statement st = own.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM ivoa.obscore),"
                            + " (SELECT count(*) FROM rucio_ivoa.did_status)")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }

    @Test
    void concurrentUpdatesOfOneDidLeaveAConsistentRow() throws Exception {
        String scope = "concurrent";
        rucio.setMetadataBulk(scope, "hot.fits", complete(scope, "hot.fits"));
        int writers = 2;
        int rounds = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                try (RucioPlugin own = new RucioPlugin(url, "rucio", "def")) {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        own.setMetadataBulk(scope, "hot.fits", "{\"target_name\": \"w" + writer + "-" + i
                                + "\", \"calib_level\": " + (i % 5) + "}");
                        if (i % 10 == 0) {
                            own.deleteMetadata(scope, "hot.fits", "em_min");
                            own.setMetadata(scope, "hot.fits", "em_min", "1.5");
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(new SyncOperations(url, DidTable.DEFAULT).check(100))
                .as("every row equals the mapping of the final metadata").isEmpty();
        Map<String, Object> row = obscore(scope, "hot.fits").orElseThrow();
        String data = rucio.getMetadata(scope, "hot.fits").orElseThrow();
        assertThat(data).contains("\"target_name\": \"" + row.get("target_name") + "\"");
    }

    @Test
    void anInternalSyncFailureNeverFailsRucioAndIsReported() throws SQLException {
        String url = TestPostgres.migratedDatabase("failure");
        try (RucioPlugin own = new RucioPlugin(url, "rucio", "def"); Connection look = TestPostgres.connect(url);
                Statement st = look.createStatement()) {
            own.setMetadataBulk("f", "before", complete("f", "before"));
            // a fault the mapping cannot foresee: ivoa.obscore refuses a value
            st.execute("ALTER TABLE ivoa.obscore ADD CONSTRAINT simulated_fault CHECK (obs_id <> 'boom')");
            own.setMetadataBulk("f", "before", "{\"obs_id\": \"boom\"}");
            own.setMetadataBulk("f", "new", complete("f", "new").replace("SKA-LOW-2026-0042", "boom"));
            try (ResultSet rs = st.executeQuery("SELECT name, state, problems::text FROM rucio_ivoa.did_status"
                    + " WHERE scope = 'f' ORDER BY name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before");
                assertThat(rs.getString(2)).isEqualTo("invalid");
                assertThat(rs.getString(3)).contains("internal sync failure", "simulated_fault", "db resync");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("new");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ivoa.obscore WHERE rucio_did_scope = 'f'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no stale row is left").isZero();
            }
            assertThat(own.getMetadata("f", "new")).as("Rucio's write is kept").isPresent();
            st.execute("ALTER TABLE ivoa.obscore DROP CONSTRAINT simulated_fault");
            new SyncOperations(url, DidTable.DEFAULT).resync(100, n -> { });
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ivoa.obscore WHERE rucio_did_scope = 'f'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("resync publishes them once the fault is gone").isEqualTo(2);
            }
        }
    }

    @Test
    void listDidsFiltersOfThePluginWork() throws SQLException {
        String scope = "listing";
        rucio.setMetadataBulk(scope, "x1", "{\"obs_collection\": \"SKA-Low\", \"calib_level\": 2}");
        rucio.setMetadataBulk(scope, "x2", "{\"obs_collection\": \"SKA-Mid\", \"calib_level\": 3}");
        rucio.setMetadataBulk(scope, "x3", "{\"obs_collection\": \"MWA\", \"calib_level\": 1}");
        List<String> names = rucio.listDids("\"data\"->>'obs_collection' LIKE ? AND (\"data\"->>'calib_level')::float"
                + " >= ? AND \"scope\" = ? AND \"vo\" = ? OR \"data\"->>'obs_collection' = ? AND \"scope\" = ?"
                + " AND \"vo\" = ? LIMIT 100", "SKA%", 3, scope, "def", "MWA", scope, "def");
        assertThat(names).containsExactlyInAnyOrder("x2", "x3");
    }

    @Test
    void resyncRepairsAndCheckReportsDrift() throws SQLException {
        String url = TestPostgres.migratedDatabase("resync");
        try (RucioPlugin own = new RucioPlugin(url, "rucio", "def")) {
            for (int i = 0; i < 25; i++) {
                own.setMetadataBulk("drift", "f" + i, complete("drift", "f" + i));
            }
            own.setMetadataBulk("drift", "bad", "{\"calib_level\": \"x\"}");
            SyncOperations ops = new SyncOperations(url, DidTable.DEFAULT);
            assertThat(ops.check(100)).isEmpty();
            try (Statement st = own.connection().createStatement()) {
                // drift as an operator could cause it: triggers off, rows edited behind the sync's back
                st.execute("ALTER TABLE dids DISABLE TRIGGER USER");
                st.execute("UPDATE dids SET data = data || '{\"target_name\": \"changed\"}' WHERE name = 'f1'");
                st.execute("DELETE FROM dids WHERE name = 'f2'");
                st.execute("INSERT INTO dids (scope, name, vo, data) VALUES ('drift', 'new', 'def', '"
                        + complete("drift", "new") + "')");
                st.execute("DELETE FROM rucio_ivoa.did_status");
                st.execute("ALTER TABLE dids ENABLE TRIGGER USER");
            }
            own.connection().commit();
            List<SyncOperations.Difference> drift = ops.check(100);
            assertThat(drift).extracting(SyncOperations.Difference::name)
                    .containsExactlyInAnyOrder("f1", "f2", "new", "bad");
            assertThat(drift).filteredOn(d -> d.name().equals("f1")).singleElement()
                    .extracting(SyncOperations.Difference::difference).isEqualTo("columns differ: target_name");
            List<Long> progress = new ArrayList<>();
            assertThat(ops.resync(10, progress::add)).isEqualTo(26);
            assertThat(progress).containsExactly(10L, 20L, 26L);
            assertThat(ops.check(100)).isEmpty();
            SyncOperations.Status status = ops.status(5);
            assertThat(status.dids()).isEqualTo(26);
            assertThat(status.published()).isEqualTo(25);
            assertThat(status.invalid()).isEqualTo(1);
            assertThat(status.topReasons()).extracting(SyncOperations.Reason::key).contains("calib_level");
        }
    }

    private static Optional<Map<String, Object>> obscore(String scope, String name) throws SQLException {
        return row("SELECT * FROM ivoa.obscore WHERE rucio_did_scope = ? AND rucio_did_name = ?", scope, name);
    }

    private static Map<String, Object> status(String scope, String name) throws SQLException {
        return row("SELECT state, missing, problems FROM rucio_ivoa.did_status WHERE scope = ? AND name = ?",
                scope, name).orElse(Map.of());
    }

    static Optional<Map<String, Object>> row(String sql, Object... args) throws SQLException {
        try (PreparedStatement st = inspector.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                Optional<Map<String, Object>> result = Optional.empty();
                if (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(md.getColumnName(i), v == null ? null
                                : v instanceof Number || v instanceof Boolean ? v : v.toString());
                    }
                    result = Optional.of(row);
                }
                return result;
            }
        }
    }

    private static Object scalar(String sql) throws SQLException {
        try (Statement st = inspector.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static long count(String sql) throws SQLException {
        return ((Number) scalar(sql)).longValue();
    }
}
