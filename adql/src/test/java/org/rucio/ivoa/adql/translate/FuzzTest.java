package org.rucio.ivoa.adql.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.AdqlCompiler;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.CompiledQuery;
import org.rucio.ivoa.adql.ObsCoreFixture;

/**
 * Bounded-time fuzzing: grammar-shaped random queries and random mutations of them. Only
 * AdqlException may escape the compiler, and every produced SQL must pass SqlSafety.
 */
class FuzzTest {
    private static final SqlSafety.Policy POLICY = SqlSafety.Policy.of(ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);
    private static final long BUDGET_MS = 3000;

    private static final String[] COLUMNS = {"s_ra", "s_dec", "s_fov", "em_min", "em_max", "calib_level", "obs_id", "target_name",
            "s_region", "t_min", "o.s_ra", "o.obs_id", "d.bytes", "d.scope", "\"size\"", "x", "obs_release_date"};
    private static final String[] LITERALS = {"1", "0", "-2", "3.5", "1e-3", "'LOFAR'", "'it''s'", "NULL", "'2024-01-01'", "'a\\b'"};
    private static final String[] FUNCS1 = {"ABS", "CEILING", "FLOOR", "SQRT", "LOG", "LOG10", "EXP", "LOWER", "UPPER", "AREA",
            "COORD1", "COORD2", "CENTROID", "COUNT", "AVG", "MIN", "MAX", "SUM", "DEGREES", "RADIANS", "SIN"};
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", ",", "(", ")", "'", "\"", ";", "--", "*", "=", "<", "||",
            "UNION", "JOIN", "ON", "AND", "OR", "NOT", "1", "s_ra", "ivoa.obscore", "POINT", "CIRCLE", "CONTAINS", "pg_sleep",
            "DROP", "TABLE", "/*", "$$", "::", "\\", "\u00e9", "TOP", "OFFSET", "ORDER BY", "GROUP BY", "AS", "x"};

    private final Random rnd = new Random(20261123L);

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private static final String[] NUM_COLUMNS = {"s_ra", "s_dec", "s_fov", "em_min", "calib_level", "t_min", "o.s_ra", "d.bytes"};
    private static final String[] NUM_LITERALS = {"1", "0", "-2", "3.5", "1e-3", "2.5E3", "NULL"};

    /** Numeric expressions only, so that most generated queries pass the checker and reach the translator. */
    private String number(int depth) {
        int k = depth > 3 ? rnd.nextInt(2) : rnd.nextInt(10);
        return switch (k) {
            case 0 -> pick(NUM_COLUMNS);
            case 1 -> pick(NUM_LITERALS);
            case 2, 3 -> "(" + number(depth + 1) + " " + pick(new String[] {"+", "-", "*", "/"}) + " " + number(depth + 1) + ")";
            case 4 -> pick(new String[] {"ABS", "CEILING", "FLOOR", "SQRT", "SIN", "DEGREES", "RADIANS"}) + "(" + number(depth + 1) + ")";
            case 5 -> pick(new String[] {"ROUND", "TRUNCATE"}) + "(" + number(depth + 1) + ", " + rnd.nextInt(4) + ")";
            case 6 -> "DISTANCE(POINT(" + number(depth + 1) + ", " + number(depth + 1) + "), POINT(10, -30))";
            case 7 -> "COORD1(CENTROID(CIRCLE(" + number(depth + 1) + ", -30, 1)))";
            case 8 -> "CASE WHEN " + cond(depth + 1) + " THEN " + number(depth + 1) + " ELSE 0 END";
            default -> "-" + number(depth + 1);
        };
    }

    private String value(int depth) {
        if (rnd.nextBoolean()) return number(depth);
        int k = depth > 3 ? rnd.nextInt(2) : rnd.nextInt(12);
        return switch (k) {
            case 0 -> pick(COLUMNS);
            case 1 -> pick(LITERALS);
            case 2, 3 -> "(" + value(depth + 1) + " " + pick(new String[] {"+", "-", "*", "/", "||"}) + " " + value(depth + 1) + ")";
            case 4 -> pick(FUNCS1) + "(" + value(depth + 1) + ")";
            case 5 -> "POINT('ICRS', " + value(depth + 1) + ", " + value(depth + 1) + ")";
            case 6 -> "CIRCLE(" + value(depth + 1) + ", " + value(depth + 1) + ", " + value(depth + 1) + ")";
            case 7 -> "DISTANCE(" + value(depth + 1) + ", " + value(depth + 1) + ", 10, -30)";
            case 8 -> "CONTAINS(POINT(s_ra, s_dec), CIRCLE(" + value(depth + 1) + ", -30, 1))";
            case 9 -> "CASE WHEN " + cond(depth + 1) + " THEN " + value(depth + 1) + " ELSE " + value(depth + 1) + " END";
            case 10 -> "-" + value(depth + 1);
            default -> "(SELECT MAX(bytes) FROM rucio.dids)";
        };
    }

    private String cond(int depth) {
        int k = depth > 3 ? 0 : rnd.nextInt(7);
        return switch (k) {
            case 0 -> number(depth + 1) + " " + pick(new String[] {"=", "<>", "<", ">=", "!="}) + " " + number(depth + 1);
            case 1 -> cond(depth + 1) + " AND " + cond(depth + 1);
            case 2 -> cond(depth + 1) + " OR " + cond(depth + 1);
            case 3 -> "NOT " + cond(depth + 1);
            case 4 -> value(depth + 1) + " BETWEEN " + value(depth + 1) + " AND " + value(depth + 1);
            case 5 -> pick(new String[] {"obs_id", "target_name", "o.obs_id", "d.scope"}) + " LIKE " + pick(LITERALS);
            default -> "1 = CONTAINS(POINT(" + value(depth + 1) + ", s_dec), CIRCLE(10, -30, 1))";
        };
    }

    private String query() {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (rnd.nextBoolean()) sb.append("TOP ").append(rnd.nextInt(100)).append(' ');
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(", ");
            if (rnd.nextInt(8) == 0) {
                sb.append('*');
            } else {
                sb.append(value(0));
                if (rnd.nextBoolean()) sb.append(" AS c").append(i);
            }
        }
        sb.append(rnd.nextInt(5) > 0 ? " FROM ivoa.obscore AS o JOIN rucio.dids AS d ON o.obs_id = d.obs_id" : " FROM ivoa.obscore");
        if (rnd.nextBoolean()) sb.append(" WHERE ").append(cond(0));
        if (rnd.nextInt(4) == 0) sb.append(" ORDER BY 1 DESC");
        if (rnd.nextInt(5) == 0) sb.append(" UNION SELECT obs_id FROM rucio.dids");
        return sb.toString();
    }

    private String mutate(String q) {
        List<String> parts = new ArrayList<>(List.of(q.split(" ")));
        int edits = 1 + rnd.nextInt(3);
        for (int i = 0; i < edits && !parts.isEmpty(); i++) {
            int at = rnd.nextInt(parts.size());
            switch (rnd.nextInt(3)) {
                case 0 -> parts.remove(at);
                case 1 -> parts.add(at, pick(TOKENS));
                default -> parts.set(at, pick(TOKENS));
            }
        }
        return String.join(" ", parts);
    }

    @Test
    void onlyEngineErrorsEscapeAndAllSqlIsSafe() {
        long end = System.currentTimeMillis() + BUDGET_MS;
        int compiled = 0;
        int rejected = 0;
        int total = 0;
        java.util.Map<String, Integer> reasons = new java.util.HashMap<>();
        while (System.currentTimeMillis() < end) {
            String adql = query();
            if (rnd.nextInt(3) == 0) adql = mutate(adql);
            total++;
            try {
                CompiledQuery q = AdqlCompiler.compile(adql, ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);
                SqlSafety.Verdict v = SqlSafety.check(q.sql(), POLICY);
                assertThat(v.safe()).as("%s%n-> %s%n%s", adql, q.sql(), v.reason()).isTrue();
                assertThat(q.columns()).isNotEmpty();
                compiled++;
            } catch (AdqlException e) {
                assertThat(e.getMessage()).as(adql).isNotBlank();
                reasons.merge(e.getMessage().replaceAll("^line \\d+, column \\d+: ", "").replaceAll("'[^']*'|\"[^\"]*\"", "?")
                        .replaceAll("\\(.*", ""), 1, Integer::sum);
                rejected++;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("non-engine failure for: " + adql, e);
            }
        }
        System.out.printf("fuzz: %d queries, %d compiled, %d rejected%n", total, compiled, rejected);
        reasons.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(r -> System.out.printf("  %6d  %s%n", r.getValue(), r.getKey()));
        assertThat(compiled).as("the generator must produce valid queries too").isGreaterThan(100);
        assertThat(rejected).as("and invalid ones").isGreaterThan(100);
    }
}
