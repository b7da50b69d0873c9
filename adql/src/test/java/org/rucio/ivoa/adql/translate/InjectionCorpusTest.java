package org.rucio.ivoa.adql.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.adql.ObsCoreFixture;

/**
 * Hostile ADQL: each case must be rejected with an AdqlException, or compile to SQL in which the
 * payload is inert (inside a literal or a quoted identifier) and which passes SqlSafety.
 */
class InjectionCorpusTest {
    private static final SqlSafety.Policy POLICY = SqlSafety.Policy.of(ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT obs_id FROM ivoa.obscore; DROP TABLE ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore;; SELECT 1",
            "SELECT obs_id FROM ivoa.obscore WHERE 1=1; DELETE FROM rucio.dids --",
            "SELECT obs_id FROM ivoa.obscore /* comment */",
            "WITH x AS (DELETE FROM rucio.dids RETURNING *) SELECT * FROM x",
            "WITH x AS (CREATE TABLE evil (a int)) SELECT * FROM x",
            "SELECT pg_sleep(10) FROM ivoa.obscore",
            "SELECT pg_read_file('/etc/passwd') FROM ivoa.obscore",
            "SELECT dblink('host=evil', 'SELECT 1') FROM ivoa.obscore",
            "SELECT * FROM pg_catalog.pg_authid",
            "SELECT * FROM pg_user",
            "SELECT table_name FROM information_schema.tables",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id IN (SELECT usename FROM pg_catalog.pg_user)",
            "SELECT \"pg_catalog\".\"pg_sleep\"(1) FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id = $$x$$",
            "SELECT obs_id::text FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id = E'\\x27'",
            "SELECT obs_id FROM ivoa.obscore UNION SELECT secret FROM ivoa.obscore",
            "SELECT secret FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore WHERE CAST(obs_id AS regclass) IS NULL",
            "SELECT lo_import('/etc/passwd') FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore FOR UPDATE",
            "COPY ivoa.obscore TO '/tmp/x'",
            "SET search_path = pg_catalog; SELECT 1",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'a' \\g",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id = 'unterminated",
            "SELECT POLYGON(1e999999999, 0, 1, 0, 1, 1) FROM ivoa.obscore",
            "SELECT REGION('CIRCLE ICRS 1e-99999999999 0 1') FROM ivoa.obscore",
            "SELECT BOX(0, 0, 1e400, 1) FROM ivoa.obscore",
            "SELECT IN_UNIT(s_ra, 'deg**99999') FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore ORDER BY 99999999999999999999999"})
    void rejectsHostileQueriesWithTheEngineError(String adql) {
        try {
            CompiledQuery q = AdqlCompiler.compile(adql, ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);
            // accepted: then only as an inert literal/identifier, never as SQL
            assertThat(SqlSafety.check(q.sql(), POLICY).safe()).isTrue();
            assertThat(q.sql()).doesNotContainIgnoringCase("pg_catalog\".").doesNotContainIgnoringCase(" drop ");
            throw new AssertionError("expected a rejection, but compiled to: " + q.sql());
        } catch (AdqlException expected) {
            assertThat(expected.line()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT obs_id FROM ivoa.obscore WHERE target_name = '''; DROP TABLE ivoa.obscore; --'",
            "SELECT obs_id FROM ivoa.obscore WHERE target_name = 'x\\''; SELECT pg_sleep(10); --'",
            "SELECT obs_id FROM ivoa.obscore WHERE target_name LIKE '%\\%' ",
            "SELECT obs_id AS \"a\"\" FROM pg_catalog.pg_user; --\" FROM ivoa.obscore",
            "SELECT obs_id AS \"pg_sleep(1)\" FROM ivoa.obscore",
            "SELECT '/* not a comment */ -- nor this' FROM ivoa.obscore",
            "SELECT obs_id FROM ivoa.obscore WHERE target_name = '$$; DROP TABLE x; $$'",
            "SELECT obs_id FROM ivoa.obscore WHERE obs_id = '' OR 1=1 --'",
            "SELECT obs_id FROM \"ivoa\".\"obscore\" AS \"x\"\"; DROP TABLE t; --\""})
    void neutralisesPayloadsInsideLiteralsAndDelimitedIdentifiers(String adql) {
        CompiledQuery q = AdqlCompiler.compile(adql, ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);
        assertThat(SqlSafety.check(q.sql(), POLICY).safe()).as(q.sql()).isTrue();
        assertThat(q.sql()).startsWith("SELECT ").contains(" FROM \"ivoa\".\"obscore\" AS \"");
        String bare = q.sql().replaceAll("\"(?:[^\"]|\"\")*\"", "\"\"").replaceAll("E?'(?:[^'\\\\]|''|\\\\.)*'", "''");
        assertThat(bare).as("SQL without its quoted parts").doesNotContainIgnoringCase("drop").doesNotContain(";")
                .doesNotContainIgnoringCase("pg_").doesNotContain("--");
        assertThat(bare.indexOf(" FROM ")).isEqualTo(bare.lastIndexOf(" FROM "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT POLYGON(1e-999999999, 0, 1, 0, 1, 1) FROM ivoa.obscore",
            "SELECT CAST('1e-999999999 0' AS POINT) FROM ivoa.obscore",
            "SELECT REGION('POLYGON 1e-300 0 1 0 1 1') FROM ivoa.obscore"})
    void boundsTheSqlWrittenForExtremeLiterals(String adql) {
        CompiledQuery q = AdqlCompiler.compile(adql, ObsCoreFixture.METADATA, Map.of());
        assertThat(q.sql()).hasSizeLessThan(1000);
    }

    @org.junit.jupiter.api.Test
    void keepsABackslashQuoteInsideTheLiteral() {
        CompiledQuery q = AdqlCompiler.compile("SELECT obs_id FROM ivoa.obscore WHERE target_name = 'x\\''; SELECT 1; --'",
                ObsCoreFixture.METADATA, Map.of());
        assertThat(q.sql()).endsWith("WHERE (\"obscore\".\"target_name\" = E'x\\\\''; SELECT 1; --')");
    }
}
