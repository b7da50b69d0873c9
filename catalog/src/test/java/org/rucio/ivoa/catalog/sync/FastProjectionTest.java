package org.rucio.ivoa.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.SyncSql;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * The trigger maps most DIDs with the fast projection and hands the rest to the full one. For every
 * document the fast projection does not set aside as 'unchecked', both must give the same state and missing
 * keys, and for a publishable DID the same values (an invalid DID goes through the full projection again,
 * and an incomplete one is not written to ivoa.obscore); the documents Rucio usually writes must not be set
 * aside, nor the odd values that are still plain.
 */
class FastProjectionTest {

    private static final String BASE = "\"obs_id\": \"SKA-MID-7\", \"obs_collection\": \"SKA-Mid/imaging\","
            + " \"obs_publisher_did\": \"ivo://skao.int/rucio?fast\", \"calib_level\": 2";

    /** JSON values at the edges of what the full projection reads as a number. */
    private static final List<String> NUMBERS = List.of("0", "-0", "1e2", "1E+2", "2.0", "0.5", "-1", "4", "5",
            "359.9999999999999999999", "360", "1e-310", "1e-300", "1e300", "1e301", "12345678901234567890",
            "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "60000.25",
            "\" 2 \"", "\"+2\"", "\"2.\"", "\".5\"", "\"1e2\"", "\"1E+02\"", "\"1e-310\"", "\"0x10\"", "\"1_000\"",
            "\"NaN\"", "\"nan\"", "\"inf\"", "\"-Infinity\"", "\"\\t3\\n\"", "\"3 4\"", "\"\"", "\" \"", "\"1e1000\"",
            "\"1e-1000\"", "\"1e0005\"", "\"-0\"", "\"-0.0e1\"", "\"-45.5\"", "\"90.0000000000000000001\"", "\"" + "1".repeat(100) + "\"", "\"" + "1".repeat(101) + "\"",
            "\"\u0663\"", "\"2.5e3 \"", "\"60000.5\"", "\"2024-01-01T00:00:00\"", "true", "null", "[1]", "{\"v\": 1}");

    private static final List<String> NUMBER_KEYS = List.of("calib_level", "access_estsize", "s_ra", "s_dec", "s_fov",
            "t_min", "t_max", "em_min", "s_xel1", "pol_xel", "em_res_power");

    private static final List<String> TEXTS = List.of("\"Ω Centauri\"", "12345", "1.50", "1e2", "\"\"", "\" \"",
            "\"" + "x".repeat(256) + "\"", "\"" + "x".repeat(257) + "\"", "true", "null", "{\"a\": 1}", "[\"a\"]",
            "\"IMAGE\"", "\"cube\"", "\" image \"", "\"Image\\t\"", "\"imagex\"", "\"/I/Q/U/V/\"", "\"XX,YY\"", "\" /I/ \"",
            "\"public\"", "\"Proprietary\"");

    private static final List<String> TEXT_KEYS = List.of("obs_id", "target_name", "dataproduct_type", "pol_states",
            "data_rights", "o_ucd");

    private static final List<String> TIMES = List.of("\"2024-01-01\"", "\"2024-01-01T10:00:00\"",
            "\"2024-01-01T10:00:00Z\"", "\"2024-01-01T10:00:00.123456Z\"", "\"2024-01-01T10:00:00.1234567\"",
            "\"2024-02-29\"", "\"2023-02-29\"", "\"2024-01-28T23:59:59\"", "\"2024-04-31\"", "\"0999-01-01\"",
            "\"1000-01-01\"", "\"2024-01-01 10:00\"", "\"2024-01-01T10:00\"", "\"2024-01-01T10:00:00+02:00\"",
            "\"2024-01-01Z\"", "\" 2024-01-01\"", "\"2024-01-01T24:00:00\"", "60000", "true");

    /** Whole documents as Rucio writes them: none may be set aside. */
    private static final List<String> USUAL = List.of(
            "{" + BASE + "}",
            "{" + BASE + ", \"s_ra\": 201.365, \"s_dec\": -43.019, \"s_fov\": 2.5, \"t_min\": 60000.1, \"t_max\": 60000.2,"
                    + " \"em_min\": 0.21, \"em_max\": 0.23, \"dataproduct_type\": \"cube\", \"pol_states\": \"/XX/YY/\","
                    + " \"obs_release_date\": \"2025-01-01T00:00:00\", \"access_estsize\": 1048576}",
            "{\"obs_id\": \"x\", \"obs_collection\": \"c\", \"obs_publisher_did\": \"ivo://x\", \"calib_level\": \"3\","
                    + " \"s_ra\": \"10.5\", \"s_dec\": \"-30\", \"t_min\": \"60000.5\", \"t_max\": \"60001\","
                    + " \"s_region\": \"POLYGON ICRS 10 -30 11 -30 11 -29\", \"target_name\": \"NGC 253\"}",
            "{" + BASE + ", \"s_region\": \"CIRCLE ICRS 10 -30 1\", \"em_res_power\": \"1e4\", \"t_exptime\": \" 3600 \"}",
            "{" + BASE + ", \"rucio_key\": true, \"events\": [1, 2], \"extra\": {\"a\": 1}}");

    @Test
    void theFastProjectionAgreesWithTheFullOneOnEveryDocumentItChecks() throws SQLException {
        List<String> documents = new ArrayList<>(USUAL);
        for (String key : NUMBER_KEYS) {
            NUMBERS.forEach(v -> documents.add("{" + BASE.replace("\"calib_level\": 2", "\"calib_level\": 1")
                    + ", \"" + key + "\": " + v + "}"));
        }
        for (String key : TEXT_KEYS) {
            TEXTS.forEach(v -> documents.add("{" + BASE.replace("\"obs_id\": \"SKA-MID-7\", ", "\"obs_id\": \"o\", ")
                    + ", \"" + key + "\": " + v + "}"));
        }
        for (String key : List.of("obs_release_date", "obs_creation_date")) {
            TIMES.forEach(v -> documents.add("{" + BASE + ", \"" + key + "\": " + v + "}"));
        }
        // several values at once, intervals in the wrong order, regions, documents that are not objects
        documents.add("{" + BASE + ", \"t_min\": \"60001\", \"t_max\": 60000}");
        documents.add("{" + BASE + ", \"em_min\": 0.3, \"em_max\": \"0.2\", \"s_region\": \"BOX ICRS 10 -30 2 1\"}");
        documents.add("{" + BASE + ", \"s_region\": \"CIRCLE ICRS 10 -30 0\", \"s_ra\": \"abc\"}");
        documents.add("{" + BASE + ", \"s_region\": 42, \"s_fov\": 1}");
        documents.add("{" + BASE + ", \"s_ra\": 10, \"s_dec\": -30, \"s_fov\": \"1\"}");
        documents.add("{\"obs_id\": null, \"calib_level\": null}");
        documents.add("[1, 2, 3]");
        documents.add("\"text\"");
        documents.add("null");

        String url = TestPostgres.migratedDatabase("fast_projection");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("SET search_path = public, pg_catalog");
            st.execute("CREATE TEMP TABLE docs (scope varchar, name varchar, vo varchar, data jsonb)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO docs VALUES ('s', ?, 'def', ?::jsonb)")) {
                for (int i = 0; i < documents.size(); i++) {
                    insert.setString(1, "doc" + i);
                    insert.setString(2, documents.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            SyncSql sql = new SyncSql(DidTable.DEFAULT, "public");
            String compare = "WITH f AS (" + sql.projection("docs") + "),\nq AS (" + sql.fastProjection("docs") + ")\n"
                    + "SELECT q.name, q.state, CASE WHEN f.state IS NULL THEN to_jsonb(f) - 'problems'"
                    + " ELSE jsonb_build_object('state', f.state, 'missing', f.missing) END::text,"
                    + " CASE WHEN q.state IS NULL THEN to_jsonb(q) - 'problems'"
                    + " ELSE jsonb_build_object('state', q.state, 'missing', q.missing) END::text"
                    + " FROM f JOIN q USING (scope, name) ORDER BY q.name";
            List<String> differences = new ArrayList<>();
            List<String> unchecked = new ArrayList<>();
            int compared = 0;
            try (ResultSet rs = st.executeQuery(compare)) {
                while (rs.next()) {
                    String document = documents.get(Integer.parseInt(rs.getString(1).substring(3)));
                    if ("unchecked".equals(rs.getString(2))) {
                        unchecked.add(document);
                    } else {
                        compared++;
                        if (!rs.getString(3).equals(rs.getString(4))) {
                            differences.add(document + "\n  full: " + rs.getString(3) + "\n  fast: " + rs.getString(4));
                        }
                    }
                }
            }
            assertThat(differences).isEmpty();
            assertThat(compared + unchecked.size()).isEqualTo(documents.size());
            // the values the fast projection must judge itself: every one in its plainest form
            assertThat(compared).isGreaterThan(documents.size() / 3);
            assertThat(unchecked).doesNotContainAnyElementsOf(USUAL)
                    .anyMatch(d -> d.contains("\"0x10\"")).anyMatch(d -> d.contains("\"NaN\""))
                    .anyMatch(d -> d.contains("\"" + "1".repeat(101) + "\""))
                    .anyMatch(d -> d.contains("\"t_min\": \"2024-01-01T00:00:00\""))
                    .anyMatch(d -> d.contains("\"s_ra\": 1e301"))
                    .anyMatch(d -> d.contains("\"s_dec\": \"-0\""));
            for (String plain : List.of("\"calib_level\": 1, \"calib_level\": 4}", "\"calib_level\": 1, \"calib_level\": \"+2\"}",
                    "\"s_ra\": 0}", "\"s_dec\": \"-45.5\"}", "\"t_min\": 60000.25}", "\"t_min\": \"60000.5\"}",
                    "\"access_estsize\": \"+2\"}", "\"s_xel1\": 2.0}", "\"s_xel1\": -1}", "\"em_res_power\": \"1e2\"}",
                    "\"target_name\": \"Ω Centauri\"}", "\"obs_id\": \"" + "x".repeat(257) + "\"}",
                    "\"dataproduct_type\": \"cube\"}", "\"pol_states\": \"XX,YY\"}", "\"data_rights\": \"public\"}",
                    "\"obs_release_date\": \"2024-01-28T23:59:59\"}")) {
                assertThat(unchecked).as("set aside: %s", plain).noneMatch(d -> d.endsWith(plain));
            }
        }
    }
}
