package org.rucio.ivoa.catalog.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.catalog.schema.DidTable;
import org.rucio.ivoa.catalog.schema.ObsCoreColumn;
import org.rucio.ivoa.catalog.schema.ObsCoreColumns;
import org.rucio.ivoa.catalog.testing.RucioPlugin;
import org.rucio.ivoa.catalog.testing.TestPostgres;

/**
 * A corpus of bad and odd metadata documents, each written with Rucio's set_metadata_bulk. Every statement
 * must succeed, and every DID must be either published with the right value or listed with the offending
 * key as the reason.
 */
class MetadataCorpusTest {

    private static final String BASE = "\"obs_id\": \"SKA-MID-7\", \"obs_collection\": \"SKA-Mid/imaging\","
            + " \"obs_publisher_did\": \"ivo://skao.int/rucio?corpus\", \"calib_level\": 2";

    /** value: the JSON value written under key; published: the expected column::text, or null if invalid */
    private record Case(String key, String value, String published) {
        String json() {
            return key == null ? "{" + BASE + "}" : "{" + BASE + ", \"" + key + "\": " + value + "}";
        }
    }

    private static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        for (ObsCoreColumn c : ObsCoreColumns.all()) {
            String k = c.name();
            switch (c.kind()) {
                case DOUBLE, MJD -> {
                    for (String bad : List.of("\"abc\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e999\"", "\"\"",
                            "true", "{\"v\": 1}", "[1, 2]", "\"1,5\"")) {
                        cases.add(new Case(k, bad, null));
                    }
                    if (c.max() != null) {
                        cases.add(new Case(k, Double.toString(c.max() + 1), null));
                    }
                    if (c.min() != null) {
                        cases.add(new Case(k, Double.toString(c.min() - 1), null));
                    }
                    double ok = c.min() != null ? c.min() + 1.5 : 1.5;
                    cases.add(new Case(k, "\" " + ok + " \"", Double.toString(ok).replaceAll("\\.0$", "")));
                }
                case INTEGER, BIGINT -> {
                    for (String bad : List.of("\"2.5\"", "\"abc\"", "2.5", "1e30", "\"\"", "false", "[3]")) {
                        cases.add(new Case(k, bad, null));
                    }
                    cases.add(new Case(k, Long.toString(c.min().longValue() - 1), null));
                    if (c.max() != null) {
                        cases.add(new Case(k, Long.toString(c.max().longValue() + 1), null));
                    }
                    cases.add(new Case(k, "\"3\"", "3"));
                    cases.add(new Case(k, "3.0", "3"));
                }
                case TEXT -> {
                    cases.add(new Case(k, "\"" + "x".repeat(c.maxLength() + 1) + "\"", null));
                    cases.add(new Case(k, "{\"nested\": \"no\"}", null));
                    cases.add(new Case(k, "[\"a\"]", null));
                    cases.add(new Case(k, "true", null));
                    if (!c.mandatory()) {
                        cases.add(new Case(k, "\"Ω Centauri — 南天 'quoted' \\\"dq\\\"\"", "Ω Centauri — 南天 'quoted' \"dq\""));
                        cases.add(new Case(k, "\"\"", ""));
                    }
                    cases.add(new Case(k, "12345", "12345"));
                }
                case VOCABULARY -> {
                    cases.add(new Case(k, "\"picture\"", null));
                    cases.add(new Case(k, "5", null));
                    cases.add(new Case(k, "\"" + c.vocabulary().get(0).toUpperCase() + "\"", c.vocabulary().get(0)));
                }
                case TIMESTAMP -> {
                    for (String bad : List.of("\"2024-02-30\"", "\"2024-13-01\"", "\"yesterday\"", "\"2024-01-01T25:00:00\"",
                            "\"0000-01-01\"", "60000")) {
                        cases.add(new Case(k, bad, null));
                    }
                    cases.add(new Case(k, "\"2024-02-29\"", "2024-02-29 00:00:00"));
                    cases.add(new Case(k, "\"2023-02-29\"", null));
                    cases.add(new Case(k, "\"2024-04-31T00:00:00\"", null));
                    cases.add(new Case(k, "\"\\t2024-04-30T23:59:59.5Z \"", "2024-04-30 23:59:59.5"));
                    cases.add(new Case(k, "\"2024-01-31 12:00\"", "2024-01-31 12:00:00"));
                    cases.add(new Case(k, "\"2024-01-01T10:00:00+02:00\"", "2024-01-01 08:00:00"));
                }
                case POL_STATES -> {
                    cases.add(new Case(k, "\"/I/Z/\"", null));
                    cases.add(new Case(k, "\"\"", null));
                    cases.add(new Case(k, "\"XX YY\"", "/XX/YY/"));
                    cases.add(new Case(k, "\"/V/I/V/\"", "/I/V/"));
                    cases.add(new Case(k, "\"/I/Q/U/V/\"", "/I/Q/U/V/"));
                    cases.add(new Case(k, "\"i, q, u, v\"", "/I/Q/U/V/"));
                    cases.add(new Case(k, "\"/YY/XX/\"", "/XX/YY/"));
                    // the canonical values pol_states answers without sorting must be canonical indeed
                    cases.add(new Case(k, "\"/XX/YY/XY/YX/\"", "/XX/YY/XY/YX/"));
                    cases.add(new Case(k, "\"/XX/XY/YX/YY/\"", "/XX/YY/XY/YX/"));
                    cases.add(new Case(k, "\"/RR/LL/RL/LR/\"", "/RR/LL/RL/LR/"));
                }
                case REGION -> {
                    for (String bad : List.of("\"CIRCLE ICRS 10 -30 0\"", "\"CIRCLE ICRS 10 -95 1\"",
                            "\"CIRCLE GALACTIC 10 10 1\"", "\"POLYGON ICRS 10 -30 11 -30\"", "\"POLYGON ICRS 0 0 1 0 2 0\"",
                            "\"POLYGON ICRS 0 0 1 1 1 0 0 1\"", "\"ELLIPSE ICRS 10 10 1 0.5 0\"", "\"\"",
                            "\"BOX ICRS 10 -30 0 1\"", "\"CIRCLE ICRS 10 -30 NaN\"", "42", "\"<(10d,-30d)>\"",
                            "\"{(10d,-30d),(11d,-30d)}\"", "\"CIRCLE ICRS 10 -30\"", "\"POLYGON ICRS 0 0 1 0 1 1 x 1\"")) {
                        cases.add(new Case(k, bad, null));
                    }
                }
            }
        }
        // odd but valid footprints, checked through the derived position
        cases.add(new Case("s_region", "\"<(10d,-30d),1d>\"", "<region>"));
        cases.add(new Case("s_region", "\"<(0.1745329,-0.5235988),0.01>\"", "<region>"));
        cases.add(new Case("s_region", "\"{(10d,-30d),(11d,-30d),(11d,-29d)}\"", "<region>"));
        cases.add(new Case("s_region", "\"Circle ICRS TOPOCENTER 10 -30 1\"", "<region>"));
        cases.add(new Case("s_region", "\"BOX ICRS 10 -30 2 1\"", "<region>"));
        cases.add(new Case("s_region", "\"polygon 350 -10 10 -10 10 10 350 10\"", "<region>"));
        cases.add(new Case("s_region", "\"\\tCIRCLE\\tICRS  10.5e0 -3E1 .5 \"", "<region>"));
        cases.add(new Case("s_region", "\"POLYGON ICRS GEOCENTER 10 -30 11 -30 11 -29\"", "<region>"));
        cases.add(new Case("s_region", "\"POLYGON ICRS 10 -30 11 -30 11 -29e0 +10. -29\"", "<region>"));
        cases.add(new Case("s_region", "\"POLYGON ICRS 10 -30 11 -30 11 -29 1.2.3 -29\"", null));
        cases.add(new Case("s_region", "\"CIRCLE ICRS 10 -30 1e999\"", null));
        cases.add(new Case("s_ra", "\"" + "1".repeat(40) + "\"", null));
        // a document that is not an object, and JSON nulls: incomplete, not invalid
        cases.add(new Case("obs_id", "null", "<incomplete>"));
        cases.add(new Case(null, null, "<base>"));
        return cases;
    }

    @Test
    void everyRucioWriteSucceedsAndEveryDidIsPublishedOrExplained() throws SQLException {
        String url = TestPostgres.migratedDatabase("corpus");
        List<Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        SoftAssertions softly = new SoftAssertions();
        try (RucioPlugin rucio = new RucioPlugin(url, "rucio", "def"); Connection look = TestPostgres.connect(url)) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                // throws, and fails the test, if the sync ever made Rucio's statement fail
                rucio.setMetadataBulk("corpus", "did" + i, c.json());
            }
            rucio.setMetadataBulk("corpus", "array", "[1, 2, 3]");
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                String name = "did" + i;
                String what = c.key() + " = " + c.value();
                String state = single(look, "SELECT state FROM rucio_ivoa.did_status WHERE scope = 'corpus' AND name = ?", name);
                if (c.published() == null) {
                    softly.assertThat(state).as("%s is reported invalid", what).isEqualTo("invalid");
                    String keys = single(look, "SELECT string_agg(p ->> 'key', ',') FROM rucio_ivoa.did_status,"
                            + " jsonb_array_elements(problems) p WHERE scope = 'corpus' AND name = ?", name);
                    softly.assertThat(keys).as("%s names the key", what).isEqualTo(c.key());
                    softly.assertThat(single(look, "SELECT count(*)::text FROM ivoa.obscore WHERE rucio_did_name = ?", name))
                            .as("%s is not published", what).isEqualTo("0");
                } else if (c.published().equals("<incomplete>")) {
                    softly.assertThat(state).as("%s is incomplete", what).isEqualTo("incomplete");
                } else {
                    softly.assertThat(state).as("%s is published", what).isNull();
                    if (c.published().equals("<region>")) {
                        softly.assertThat(single(look, "SELECT (s_ra IS NOT NULL AND s_dec IS NOT NULL AND s_fov > 0"
                                + " AND (s_region IS NOT NULL OR s_region_circle IS NOT NULL))::text FROM ivoa.obscore"
                                + " WHERE rucio_did_name = ?", name)).as("%s gives a footprint and centre", what)
                                .isEqualTo("true");
                    } else if (!c.published().equals("<base>")) {
                        softly.assertThat(single(look, "SELECT " + c.key() + "::text FROM ivoa.obscore WHERE"
                                + " rucio_did_name = ?", name)).as("%s is published as", what).isEqualTo(c.published());
                    }
                }
            }
            softly.assertThat(single(look, "SELECT state FROM rucio_ivoa.did_status WHERE name = 'array'", null))
                    .isEqualTo("incomplete");
            softly.assertThat(new SyncOperations(url, DidTable.DEFAULT).check(10)).isEmpty();
        }
        softly.assertAll();
    }

    /**
     * The trigger plans bulk statements apart from one-DID ones. The corpus written in one statement, padded
     * past that threshold, must give exactly what one statement per DID gives, also when the same session
     * then goes on with one-DID statements.
     */
    @Test
    void aBulkStatementGivesWhatOneDidStatementsGive() throws SQLException {
        String url = TestPostgres.migratedDatabase("corpus_bulk");
        List<Case> cases = corpus();
        try (RucioPlugin rucio = new RucioPlugin(url, "rucio", "def"); Connection look = TestPostgres.connect(url)) {
            List<String> names = new ArrayList<>();
            List<String> documents = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                names.add("did" + i);
                documents.add(cases.get(i).json());
            }
            for (int i = 0; i < 1200; i++) {
                names.add("pad" + i);
                documents.add(new Case(null, null, "<base>").json());
            }
            try (PreparedStatement st = rucio.connection().prepareStatement("INSERT INTO dids (scope, name, vo, data)"
                    + " SELECT 'bulk', n, 'def', d::jsonb FROM unnest(?::text[], ?::text[]) AS u(n, d)")) {
                st.setArray(1, rucio.connection().createArrayOf("text", names.toArray()));
                st.setArray(2, rucio.connection().createArrayOf("text", documents.toArray()));
                assertThat(st.executeUpdate()).isEqualTo(cases.size() + 1200);
            }
            rucio.connection().commit();
            for (int i = 0; i < cases.size(); i++) {
                rucio.setMetadataBulk("single", "did" + i, cases.get(i).json());
            }
            String status = "SELECT coalesce(string_agg(name || ' ' || state || ' ' || missing::text || ' '"
                    + " || problems::text, E'\\n' ORDER BY name), '') FROM rucio_ivoa.did_status"
                    + " WHERE scope = ? AND name LIKE 'did%'";
            String published = "SELECT coalesce(string_agg((to_jsonb(o) - 'rucio_did_scope')::text, E'\\n'"
                    + " ORDER BY rucio_did_name), '') FROM ivoa.obscore o WHERE rucio_did_scope = ?"
                    + " AND rucio_did_name LIKE 'did%'";
            assertThat(single(look, status, "bulk")).isEqualTo(single(look, status, "single")).contains("invalid");
            assertThat(single(look, published, "bulk")).isEqualTo(single(look, published, "single")).isNotEmpty();
            assertThat(single(look, "SELECT count(*)::text FROM ivoa.obscore WHERE rucio_did_name LIKE 'pad%'", null))
                    .isEqualTo("1200");
            assertThat(new SyncOperations(url, DidTable.DEFAULT).check(10)).isEmpty();
        }
    }

    private static String single(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (arg != null) {
                st.setString(1, arg);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
