package org.rucio.ivoa.adql.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ObsCoreFixture;

/** Generated SQL compared with the exact expected text. */
class TranslatorGoldenTest {
    private static final String FROM = " FROM \"ivoa\".\"obscore\" AS \"obscore\"";
    private static final String O_FROM = " FROM \"ivoa\".\"obscore\" AS \"o\"";
    private static final String POS = "spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\"))";
    private static final String O_POS = "spoint(radians(\"o\".\"s_ra\"), radians(\"o\".\"s_dec\"))";

    static String sql(String adql) {
        return AdqlCompiler.compile(adql, ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS).sql();
    }

    /** The SQL of the single select-list expression of {@code SELECT <expr> FROM ivoa.obscore}. */
    static String expr(String adqlExpr) {
        String s = sql("SELECT " + adqlExpr + " AS x FROM ivoa.obscore");
        assertThat(s).startsWith("SELECT ").endsWith(" AS \"x\"" + FROM);
        return s.substring("SELECT ".length(), s.length() - (" AS \"x\"" + FROM).length());
    }

    // ---------------------------------------------------------------- arithmetic and precedence

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            em_max - em_min - 1               | (("obscore"."em_max" - "obscore"."em_min") - 1)
            em_max - (em_min - 1)             | ("obscore"."em_max" - ("obscore"."em_min" - 1))
            (em_max - em_min) - 1             | (("obscore"."em_max" - "obscore"."em_min") - 1)
            t_min + t_exptime / 86400         | ("obscore"."t_min" + ("obscore"."t_exptime" / 86400))
            (t_min + t_exptime) / 86400       | (("obscore"."t_min" + "obscore"."t_exptime") / 86400)
            s_ra / 2 / 3                      | (("obscore"."s_ra" / 2) / 3)
            s_ra / (2 / 3)                    | ("obscore"."s_ra" / (2 / 3))
            1 + 2 - 6 / 2                     | ((1 + 2) - (6 / 2))
            -s_ra * 2                         | ((- "obscore"."s_ra") * 2)
            -(s_ra * 2)                       | (- ("obscore"."s_ra" * 2))
            s_ra - -2                         | ("obscore"."s_ra" - -2)
            - - s_dec                         | (- (- "obscore"."s_dec"))
            2 * (s_ra + 1) * 3                | ((2 * ("obscore"."s_ra" + 1)) * 3)
            em_min * 1e9 - 3.5E-2             | (("obscore"."em_min" * 1e9) - 3.5E-2)
            """)
    void keepsArithmeticAssociativityAndPrecedence(String adql, String expected) {
        assertThat(expr(adql)).isEqualTo(expected);
    }

    @Test
    void concatenatesLeftToRight() {
        assertThat(expr("obs_collection || ':' || obs_id"))
                .isEqualTo("((\"obscore\".\"obs_collection\" || ':') || \"obscore\".\"obs_id\")");
    }

    @Test
    void translatesTheVolltRegressionExactly() {
        // vollt#169: (FOO-1-2) must not become FOO-(1-2)
        assertThat(sql("SELECT (s_ra-1-2) AS foo FROM ivoa.obscore"))
                .isEqualTo("SELECT ((\"obscore\".\"s_ra\" - 1) - 2) AS \"foo\"" + FROM);
    }

    // ---------------------------------------------------------------- math functions

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ABS(s_ra)              | abs("obscore"."s_ra")
            CEILING(s_ra)          | ceil("obscore"."s_ra")
            DEGREES(s_ra)          | degrees("obscore"."s_ra")
            EXP(s_ra)              | exp("obscore"."s_ra")
            FLOOR(s_ra)            | floor("obscore"."s_ra")
            LOG(em_min)            | ln("obscore"."em_min")
            LOG10(em_min)          | log("obscore"."em_min")
            MOD(calib_level, 2)    | mod("obscore"."calib_level", 2)
            MOD(s_ra, 10)          | mod(CAST("obscore"."s_ra" AS numeric), 10)
            MOD(7.14, 4)           | mod(CAST(7.14 AS numeric), 4)
            PI()                   | pi()
            POWER(s_ra, 2)         | power("obscore"."s_ra", 2)
            RADIANS(s_ra)          | radians("obscore"."s_ra")
            RAND()                 | random()
            RAND(5)                | random()
            ROUND(s_ra)            | round(CAST("obscore"."s_ra" AS numeric))
            ROUND(calib_level)     | round("obscore"."calib_level")
            ROUND(s_ra, 2)         | round(CAST("obscore"."s_ra" AS numeric), CAST(2 AS integer))
            ROUND(calib_level, -1) | round("obscore"."calib_level", CAST(-1 AS integer))
            TRUNCATE(s_ra)         | trunc("obscore"."s_ra")
            TRUNCATE(s_ra, 3)      | trunc(CAST("obscore"."s_ra" AS numeric), CAST(3 AS integer))
            SQRT(s_fov)            | sqrt("obscore"."s_fov")
            ACOS(s_dec)            | acos("obscore"."s_dec")
            ASIN(s_dec)            | asin("obscore"."s_dec")
            ATAN(s_dec)            | atan("obscore"."s_dec")
            ATAN2(s_dec, s_ra)     | atan2("obscore"."s_dec", "obscore"."s_ra")
            COS(s_dec)             | cos("obscore"."s_dec")
            COT(s_dec)             | cot("obscore"."s_dec")
            SIN(s_dec)             | sin("obscore"."s_dec")
            TAN(s_dec)             | tan("obscore"."s_dec")
            LOWER(target_name)     | lower("obscore"."target_name")
            UPPER(target_name)     | upper("obscore"."target_name")
            """)
    void translatesMathAndStringFunctions(String adql, String expected) {
        assertThat(expr(adql)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            COUNT(*)                        | count(*)
            COUNT(DISTINCT obs_collection)  | count(DISTINCT "obscore"."obs_collection")
            AVG(s_fov)                      | avg("obscore"."s_fov")
            MIN(t_min)                      | min("obscore"."t_min")
            MAX(t_max)                      | max("obscore"."t_max")
            SUM(access_estsize)             | sum("obscore"."access_estsize")
            CAST(calib_level AS DOUBLE PRECISION) | CAST("obscore"."calib_level" AS double precision)
            CAST(s_ra AS INTEGER)           | CAST("obscore"."s_ra" AS integer)
            CAST(s_ra AS SMALLINT)          | CAST("obscore"."s_ra" AS smallint)
            CAST(s_ra AS BIGINT)            | CAST("obscore"."s_ra" AS bigint)
            CAST(s_ra AS REAL)              | CAST("obscore"."s_ra" AS real)
            CAST(obs_id AS CHAR(8))         | CAST("obscore"."obs_id" AS char(8))
            CAST(obs_id AS VARCHAR)         | CAST("obscore"."obs_id" AS varchar)
            CAST('2024-05-01T12:00:00' AS TIMESTAMP) | CAST('2024-05-01T12:00:00' AS timestamp)
            CAST('10 -30' AS POINT)         | spoint(radians(10), radians(-30))
            CAST('10 -30 0.5' AS CIRCLE)    | scircle(spoint(radians(10), radians(-30)), radians(0.5))
            CAST('10 -30 11 -30 11 -29' AS POLYGON) | CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)
            COALESCE(target_name, 'unknown') | coalesce("obscore"."target_name", 'unknown')
            NULLIF(s_fov, 0)                | nullif("obscore"."s_fov", 0)
            IN_UNIT(em_min, 'nm')           | ("obscore"."em_min" * 1000000000)
            IN_UNIT(s_fov, 'arcmin')        | ("obscore"."s_fov" * 60)
            rucio_did(obs_collection, obs_id) | concat(("obscore"."obs_collection"), ':', ("obscore"."obs_id"))
            """)
    void translatesAggregatesCastsAndConditionalFunctions(String adql, String expected) {
        assertThat(expr(adql)).isEqualTo(expected);
    }

    @Test
    void translatesSimpleAndSearchedCase() {
        assertThat(expr("CASE WHEN em_min > 0.01 THEN 'radio' WHEN em_min > 1e-6 THEN 'ir' ELSE 'other' END"))
                .isEqualTo("(CASE WHEN (\"obscore\".\"em_min\" > 0.01) THEN 'radio' WHEN (\"obscore\".\"em_min\" > 1e-6) THEN 'ir' ELSE 'other' END)");
        assertThat(expr("CASE calib_level WHEN 0 THEN 'raw' WHEN 2 THEN 'calibrated' END"))
                .isEqualTo("(CASE \"obscore\".\"calib_level\" WHEN 0 THEN 'raw' WHEN 2 THEN 'calibrated' END)");
    }

    // ---------------------------------------------------------------- geometry

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            POINT('ICRS', s_ra, s_dec)           | spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec"))
            POINT(s_ra, s_dec)                   | spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec"))
            POINT('GALACTIC', 10, -30)           | spoint(radians(10), radians(-30))
            CIRCLE('ICRS', 202.48, 47.23, 0.5)   | scircle(spoint(radians(202.48), radians(47.23)), radians(0.5))
            CIRCLE(POINT(s_ra, s_dec), s_fov / 2) | scircle(spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec")), radians(("obscore"."s_fov" / 2)))
            POLYGON('ICRS', 10, -30, 11, -30, 11, -29) | CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)
            POLYGON(POINT(10, -30), POINT(11, -30), POINT(11, -29)) | CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)
            BOX('ICRS', 0, 0, 2, 2)              | CAST('{(359d,-0.9998477261d),(1d,-0.9998477261d),(1d,0.9998477261d),(359d,0.9998477261d)}' AS spoly)
            REGION('CIRCLE ICRS 10 20 1')        | scircle(spoint(radians(10), radians(20)), radians(1))
            REGION('POLYGON 10 -30 11 -30 11 -29') | CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)
            REGION('POSITION ICRS 1 2')          | spoint(radians(1), radians(2))
            DISTANCE(POINT(s_ra, s_dec), POINT(10, -30)) | degrees(spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec")) <-> spoint(radians(10), radians(-30)))
            DISTANCE(s_ra, s_dec, 10, -30)       | degrees(spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec")) <-> spoint(radians(10), radians(-30)))
            AREA(s_region)                       | degrees(degrees(COALESCE(area("obscore"."s_region"), area("obscore"."s_region_circle"))))
            AREA(CIRCLE(10, 20, 1))              | degrees(degrees(area(scircle(spoint(radians(10), radians(20)), radians(1)))))
            AREA(POINT(10, 20))                  | 0.0
            CENTROID(CIRCLE(s_ra, s_dec, 1))     | center(scircle(spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec")), radians(1)))
            CENTROID(POINT(s_ra, s_dec))         | spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec"))
            COORD1(POINT(s_ra, s_dec))           | degrees(long(spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec"))))
            COORD2(CENTROID(CIRCLE(1, 2, 3)))    | degrees(lat(center(scircle(spoint(radians(1), radians(2)), radians(3)))))
            COORDSYS(POINT('ICRS', 1, 2))        | 'ICRS'
            CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, -30, 1)) | (CASE WHEN (spoint(radians("obscore"."s_ra"), radians("obscore"."s_dec")) <@ scircle(spoint(radians(10), radians(-30)), radians(1))) THEN 1 ELSE 0 END)
            INTERSECTS(s_region, CIRCLE(10, -30, 1)) | (CASE WHEN COALESCE(("obscore"."s_region" && scircle(spoint(radians(10), radians(-30)), radians(1))), ("obscore"."s_region_circle" && scircle(spoint(radians(10), radians(-30)), radians(1)))) THEN 1 ELSE 0 END)
            """)
    void translatesGeometryInDegrees(String adql, String expected) {
        assertThat(expr(adql)).isEqualTo(expected);
    }

    @Test
    void pointOnSRaSDecMatchesTheGistIndexExpressionExactly() {
        assertThat(expr("POINT('ICRS', s_ra, s_dec)")).isEqualTo("spoint(radians(\"obscore\".\"s_ra\"), radians(\"obscore\".\"s_dec\"))");
        assertThat(sql("SELECT o.obs_id FROM ivoa.obscore o WHERE 1 = CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(10, -30, 1))"))
                .contains("spoint(radians(\"o\".\"s_ra\"), radians(\"o\".\"s_dec\"))");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', 10, -30, 1))
            CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', 10, -30, 1)) = 1
            0 <> CONTAINS(POINT(o.s_ra, o.s_dec), CIRCLE(10, -30, 1))
            INTERSECTS(POINT(o.s_ra, o.s_dec), CIRCLE(10, -30, 1)) = 1
            1 = INTERSECTS(CIRCLE(10, -30, 1), POINT(o.s_ra, o.s_dec))
            """)
    void turnsConeSearchesIntoBareIndexablePredicates(String condition) {
        assertThat(sql("SELECT o.obs_id FROM ivoa.obscore AS o WHERE " + condition)).isEqualTo(
                "SELECT \"o\".\"obs_id\" AS \"obs_id\"" + O_FROM + " WHERE (" + O_POS + " <@ scircle(spoint(radians(10), radians(-30)), radians(1)))");
    }

    @Test
    void negatesTheBarePredicateForZero() {
        assertThat(sql("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, -30, 1)) = 0")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE (NOT (" + POS + " <@ scircle(spoint(radians(10), radians(-30)), radians(1))))");
    }

    private static final String SQUARE = "CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)";
    private static final String PT = "spoint(radians(202.48), radians(47.23))";

    @Test
    void usesRegionOverlapOperatorOnBothHalvesOfSRegion() {
        // s_region is kept as an spoly (s_region) or an scircle (s_region_circle), each with its GiST index
        assertThat(sql("SELECT o.obs_id FROM ivoa.obscore o WHERE INTERSECTS(o.s_region, POLYGON(10, -30, 11, -30, 11, -29)) = 1")).isEqualTo(
                "SELECT \"o\".\"obs_id\" AS \"obs_id\"" + O_FROM + " WHERE ((\"o\".\"s_region\" && " + SQUARE + ") OR (\"o\".\"s_region_circle\" && " + SQUARE + "))");
        assertThat(sql("SELECT obs_id FROM ivoa.obscore WHERE 1 = CONTAINS(POINT(202.48, 47.23), s_region)")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE ((" + PT + " <@ \"obscore\".\"s_region\") OR (" + PT + " <@ \"obscore\".\"s_region_circle\"))");
    }

    @Test
    void negatesTwoColumnRegionsExactly() {
        assertThat(sql("SELECT obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(202.48, 47.23), s_region) = 0")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE (NOT COALESCE((" + PT + " <@ \"obscore\".\"s_region\"), (" + PT + " <@ \"obscore\".\"s_region_circle\")))");
    }

    @Test
    void selectsATwoColumnRegionAsOneTextValue() {
        assertThat(sql("SELECT s_region FROM ivoa.obscore")).isEqualTo(
                "SELECT COALESCE(CAST(\"obscore\".\"s_region\" AS text), CAST(\"obscore\".\"s_region_circle\" AS text)) AS \"s_region\"" + FROM);
    }

    @Test
    void passesATwoColumnRegionThroughSubqueriesAsTwoColumns() {
        assertThat(sql("SELECT q.s_region FROM (SELECT obs_id, s_region FROM ivoa.obscore) AS q WHERE 1 = INTERSECTS(q.s_region, CIRCLE(10, -30, 1))")).isEqualTo(
                "SELECT COALESCE(CAST(\"q\".\"s_region\" AS text), CAST(\"q\".\"s_region_circle\" AS text)) AS \"s_region\" FROM "
                        + "(SELECT \"obscore\".\"obs_id\" AS \"obs_id\", \"obscore\".\"s_region\" AS \"s_region\", \"obscore\".\"s_region_circle\" AS \"s_region_circle\"" + FROM + ") AS \"q\" "
                        + "WHERE ((\"q\".\"s_region\" && scircle(spoint(radians(10), radians(-30)), radians(1))) OR (\"q\".\"s_region_circle\" && scircle(spoint(radians(10), radians(-30)), radians(1))))");
    }

    @Test
    void treatsIntersectsWithAPointAsContains() {
        assertThat(sql("SELECT obs_id FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region, POINT(202.48, 47.23))")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE ((" + PT + " <@ \"obscore\".\"s_region\") OR (" + PT + " <@ \"obscore\".\"s_region_circle\"))");
    }

    @Test
    void usesOneColumnRegionsAndPointColumnsDirectly() {
        String fields = " FROM \"lofar\".\"fields\" AS \"fields\"";
        assertThat(AdqlCompiler.compile("SELECT field_id, footprint FROM lofar.fields WHERE 1 = INTERSECTS(footprint, CIRCLE(10, -30, 1)) AND 1 = CONTAINS(pos, footprint)",
                ObsCoreFixture.WITH_FIELDS, null).sql()).isEqualTo(
                "SELECT \"fields\".\"field_id\" AS \"field_id\", \"fields\".\"footprint\" AS \"footprint\"" + fields
                        + " WHERE ((\"fields\".\"footprint\" && scircle(spoint(radians(10), radians(-30)), radians(1))) AND (\"fields\".\"pos\" <@ \"fields\".\"footprint\"))");
    }

    @Test
    void buildsComputedPolygonsWithTheSpolyAggregate() {
        assertThat(expr("POLYGON(POINT(s_ra, s_dec), POINT(1, 2), POINT(3, 4))")).isEqualTo(
                "(SELECT spoly(\"adql_v\".\"adql_p\" ORDER BY \"adql_v\".\"adql_n\") FROM (VALUES (1, " + POS
                        + "), (2, spoint(radians(1), radians(2))), (3, spoint(radians(3), radians(4)))) AS \"adql_v\" (\"adql_n\", \"adql_p\"))");
    }

    @Test
    void crossmatchesUploadedTablesWithDistance() {
        assertThat(sql("SELECT t.name, o.obs_id FROM TAP_UPLOAD.targets AS t JOIN ivoa.obscore AS o "
                + "ON DISTANCE(POINT(t.ra, t.dec), POINT(o.s_ra, o.s_dec)) < 0.1")).isEqualTo(
                "SELECT \"t\".\"name\" AS \"name\", \"o\".\"obs_id\" AS \"obs_id\" FROM \"tap_upload\".\"job_42_targets\" AS \"t\" INNER JOIN \"ivoa\".\"obscore\" AS \"o\" "
                        + "ON (degrees(spoint(radians(\"t\".\"ra\"), radians(\"t\".\"dec\")) <-> " + O_POS + ") < 0.1)");
    }

    @Test
    void centroidOfARegionSpansBothFootprintColumns() {
        assertThat(sql("SELECT CENTROID(s_region) FROM ivoa.obscore")).contains(
                "COALESCE(adql_centroid(\"obscore\".\"s_region\"), center(\"obscore\".\"s_region_circle\"))");
        assertThat(sql("SELECT CENTROID(POLYGON(10, -30, 11, -30, 11, -29)) FROM ivoa.obscore"))
                .contains("adql_centroid(CAST('{");
    }

    // ---------------------------------------------------------------- clauses

    @Test
    void translatesTopOffsetAndOrderBy() {
        assertThat(sql("SELECT TOP 10 obs_id, s_ra FROM ivoa.obscore ORDER BY s_ra DESC, 1 OFFSET 20")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\", \"obscore\".\"s_ra\" AS \"s_ra\"" + FROM
                        + " ORDER BY \"s_ra\" DESC, 1 ASC LIMIT 10 OFFSET 20");
    }

    @Test
    void ordersByOutputAlias() {
        assertThat(sql("SELECT obs_id, em_max - em_min AS width FROM ivoa.obscore ORDER BY width")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\", (\"obscore\".\"em_max\" - \"obscore\".\"em_min\") AS \"width\"" + FROM
                        + " ORDER BY \"width\" ASC");
    }

    @Test
    void translatesDistinctGroupByAndHaving() {
        assertThat(sql("SELECT DISTINCT facility_name, COUNT(*) AS n FROM ivoa.obscore GROUP BY facility_name HAVING COUNT(*) > 10")).isEqualTo(
                "SELECT DISTINCT \"obscore\".\"facility_name\" AS \"facility_name\", count(*) AS \"n\"" + FROM
                        + " GROUP BY \"obscore\".\"facility_name\" HAVING (count(*) > 10)");
    }

    @Test
    void translatesPredicates() {
        assertThat(sql("""
                SELECT obs_id FROM ivoa.obscore WHERE target_name LIKE 'M%' OR obs_collection NOT ILIKE 'lofar%'
                  AND calib_level NOT IN (0, 1) AND t_min IS NOT NULL AND s_fov BETWEEN 0.1 AND 2 AND NOT em_min < 0""")).isEqualTo(
                "SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE ((\"obscore\".\"target_name\" LIKE 'M%' ESCAPE '') OR "
                        + "(((((\"obscore\".\"obs_collection\" NOT ILIKE 'lofar%' ESCAPE '') AND (\"obscore\".\"calib_level\" NOT IN (0, 1))) "
                        + "AND (\"obscore\".\"t_min\" IS NOT NULL)) AND (\"obscore\".\"s_fov\" BETWEEN 0.1 AND 2)) AND (NOT (\"obscore\".\"em_min\" < 0))))");
    }

    @Test
    void translatesSubqueriesInWhereAndFrom() {
        assertThat(sql("SELECT q.n FROM (SELECT COUNT(*) AS n FROM rucio.dids) AS q WHERE q.n > (SELECT COUNT(*) FROM ivoa.obscore)")).isEqualTo(
                "SELECT \"q\".\"n\" AS \"n\" FROM (SELECT count(*) AS \"n\" FROM \"rucio\".\"dids\" AS \"dids\") AS \"q\" "
                        + "WHERE (\"q\".\"n\" > (SELECT count(*) AS \"count\"" + FROM + "))");
        assertThat(sql("SELECT obs_id FROM ivoa.obscore AS o WHERE EXISTS (SELECT 1 FROM rucio.dids AS d WHERE d.obs_id = o.obs_id) "
                + "AND o.obs_id IN (SELECT obs_id FROM rucio.dids WHERE did_type = 'DATASET')")).isEqualTo(
                "SELECT \"o\".\"obs_id\" AS \"obs_id\"" + O_FROM + " WHERE ((EXISTS (SELECT 1 AS \"expr\" FROM \"rucio\".\"dids\" AS \"d\" "
                        + "WHERE (\"d\".\"obs_id\" = \"o\".\"obs_id\"))) AND (\"o\".\"obs_id\" IN (SELECT \"dids\".\"obs_id\" AS \"obs_id\" "
                        + "FROM \"rucio\".\"dids\" AS \"dids\" WHERE (\"dids\".\"did_type\" = 'DATASET'))))");
    }

    @Test
    void parsesAParenthesisedSubqueryInsideArithmetic() {
        assertThat(expr("((SELECT COUNT(*) FROM rucio.dids) + 1)"))
                .isEqualTo("((SELECT count(*) AS \"count\" FROM \"rucio\".\"dids\" AS \"dids\") + 1)");
    }

    @Test
    void translatesEveryJoinKind() {
        String base = "SELECT o.obs_id FROM ivoa.obscore AS o ";
        String out = "SELECT \"o\".\"obs_id\" AS \"obs_id\"" + O_FROM + " ";
        assertThat(sql(base + "LEFT JOIN rucio.dids AS d ON o.obs_id = d.obs_id"))
                .isEqualTo(out + "LEFT OUTER JOIN \"rucio\".\"dids\" AS \"d\" ON (\"o\".\"obs_id\" = \"d\".\"obs_id\")");
        assertThat(sql(base + "RIGHT OUTER JOIN rucio.dids AS d USING (obs_id)"))
                .isEqualTo(out + "RIGHT OUTER JOIN \"rucio\".\"dids\" AS \"d\" USING (\"obs_id\")");
        assertThat(sql(base + "FULL JOIN rucio.dids AS d USING (obs_id)"))
                .isEqualTo(out + "FULL OUTER JOIN \"rucio\".\"dids\" AS \"d\" USING (\"obs_id\")");
        assertThat(sql(base + "NATURAL JOIN rucio.dids AS d"))
                .isEqualTo(out + "INNER JOIN \"rucio\".\"dids\" AS \"d\" USING (\"obs_id\")");
        assertThat(sql(base + "CROSS JOIN rucio.dids AS d")).isEqualTo(out + "CROSS JOIN \"rucio\".\"dids\" AS \"d\"");
        assertThat(sql("SELECT o.obs_id FROM ivoa.obscore AS o, rucio.dids AS d"))
                .isEqualTo(out + "CROSS JOIN \"rucio\".\"dids\" AS \"d\"");
    }

    @Test
    void selectsAMergedUsingColumnUnqualified() {
        assertThat(sql("SELECT obs_id FROM ivoa.obscore FULL JOIN rucio.dids USING (obs_id)")).isEqualTo(
                "SELECT \"obs_id\" AS \"obs_id\"" + FROM + " FULL OUTER JOIN \"rucio\".\"dids\" AS \"dids\" USING (\"obs_id\")");
    }

    @Test
    void translatesSetOperationsWithParenthesisedOperands() {
        assertThat(sql("SELECT obs_id FROM ivoa.obscore UNION ALL SELECT obs_id FROM rucio.dids EXCEPT SELECT name FROM rucio.dids ORDER BY 1")).isEqualTo(
                "((SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + ") UNION ALL (SELECT \"dids\".\"obs_id\" AS \"obs_id\" FROM \"rucio\".\"dids\" AS \"dids\")) "
                        + "EXCEPT (SELECT \"dids_2\".\"name\" AS \"name\" FROM \"rucio\".\"dids\" AS \"dids_2\") ORDER BY 1 ASC");
        assertThat(sql("(SELECT TOP 3 obs_id FROM ivoa.obscore ORDER BY obs_id) INTERSECT (SELECT obs_id FROM rucio.dids)")).isEqualTo(
                "(SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " ORDER BY \"obs_id\" ASC LIMIT 3) INTERSECT "
                        + "(SELECT \"dids\".\"obs_id\" AS \"obs_id\" FROM \"rucio\".\"dids\" AS \"dids\")");
    }

    @Test
    void translatesCommonTableExpressions() {
        assertThat(sql("WITH radio AS (SELECT obs_id FROM ivoa.obscore WHERE em_min > 0.01) SELECT r.obs_id FROM radio AS r")).isEqualTo(
                "WITH \"radio\" AS (SELECT \"obscore\".\"obs_id\" AS \"obs_id\"" + FROM + " WHERE (\"obscore\".\"em_min\" > 0.01)) "
                        + "SELECT \"r\".\"obs_id\" AS \"obs_id\" FROM \"radio\" AS \"r\"");
    }

    @Test
    void quotesIdentifiersAndEscapesLiterals() {
        assertThat(sql("SELECT \"size\" AS \"Odd \"\"Name\" FROM TAP_SCHEMA.columns WHERE column_name = 'it''s' OR unit = 'a\\b'")).isEqualTo(
                "SELECT \"columns\".\"size\" AS \"Odd \"\"Name\" FROM \"tap_schema\".\"columns\" AS \"columns\" "
                        + "WHERE ((\"columns\".\"column_name\" = 'it''s') OR (\"columns\".\"unit\" = E'a\\\\b'))");
    }
}
