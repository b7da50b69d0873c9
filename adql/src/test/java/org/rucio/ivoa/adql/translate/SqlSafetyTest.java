package org.rucio.ivoa.adql.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rucio.ivoa.adql.ObsCoreFixture;

class SqlSafetyTest {
    private static final SqlSafety.Policy POLICY = SqlSafety.Policy.of(ObsCoreFixture.METADATA, Map.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT \"o\".\"obs_id\" AS \"obs_id\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "WITH \"r\" AS (SELECT 1 AS \"x\" FROM \"rucio\".\"dids\" AS \"d\") SELECT \"r\".\"x\" AS \"x\" FROM \"r\"",
            "SELECT 'a;b--c/*d' AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT E'a\\\\'';' AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\""})
    void acceptsWhatTheTranslatorWrites(String sql) {
        assertThat(SqlSafety.check(sql, POLICY).safe()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1 AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"; DROP TABLE \"ivoa\".\"obscore\"",
            "SELECT 1 AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\" -- hidden",
            "SELECT 1 /* x */ AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT pg_sleep(10) AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT \"pg_catalog\".\"pg_read_file\"('/etc/passwd') AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT 1 AS \"x\" FROM \"pg_catalog\".\"pg_authid\" AS \"a\"",
            "SELECT 1 AS \"x\" FROM \"information_schema\".\"tables\" AS \"t\"",
            "SELECT 1 AS \"x\" FROM \"secret\"",
            "SELECT 1 AS \"x\" FROM pg_user",
            "SELECT $$x$$ AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT '1'::int AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "DELETE FROM \"ivoa\".\"obscore\"",
            "SELECT dblink('host=evil', 'select 1') AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT 1 AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\" FOR UPDATE",
            "SELECT 'unterminated AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\"",
            "SELECT (1 AS \"x\" FROM \"ivoa\".\"obscore\" AS \"o\""})
    void rejectsStatementsTheTranslatorNeverWrites(String sql) {
        assertThat(SqlSafety.check(sql, POLICY).safe()).as(sql).isFalse();
    }
}
