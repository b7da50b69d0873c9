package org.rucio.ivoa.catalog.schema;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Generates, from {@link ObsCoreColumns}, the set-based SQL that maps Rucio metadata rows to ObsCore rows:
 * the projection, the statement-level triggers that keep ivoa.obscore in step with the Rucio table, the
 * batch used by resync, and the comparison used by check. One mapping, used everywhere.
 *
 * <p>The projection reads a source of rows (scope, name, vo, data) and yields, per DID, every ObsCore
 * value (NULL where absent or unusable), the mandatory keys that are missing, the unusable values
 * ({"key", "value", "expected"}), and a state: NULL when publishable, else 'incomplete' or 'invalid'.
 * It is layered with LATERAL ... OFFSET 0 sub-selects so that each JSON value is parsed once per row.
 */
public final class SyncSql {

    /**
     * STC-S "CIRCLE [ICRS|FK5|J2000] ra dec radius". Tested with a plain match (~*), which needs no sub-match
     * positions, and then split into its numbers: about 3 us, where regexp_match with capturing groups and
     * bounded repeats took 27 us per circle. With the text at most 100 characters long every number fits a
     * float8, so the casts that follow cannot fail.
     */
    private static final String NUMBER = "[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[-+]?[0-9]{1,2})?";
    private static final String CIRCLE_PREFIX = "^\\s*circle\\s+((icrs|fk5|j2000)\\s+)?";
    private static final String CIRCLE = CIRCLE_PREFIX + NUMBER + "\\s+" + NUMBER + "\\s+" + NUMBER + "\\s*$";
    private static final int CIRCLE_MAX_LENGTH = 100;

    /** Where ivoa.obscore keeps a footprint that is a circle; s_region holds the polygons. */
    public static final String CIRCLE_COLUMN = "s_region_circle";

    /** The columns of ivoa.obscore the sync writes, besides the DID key. */
    public static List<String> physicalColumns() {
        List<String> names = new java.util.ArrayList<>(ObsCoreColumns.all().stream().map(ObsCoreColumn::name).toList());
        names.add(CIRCLE_COLUMN);
        return names;
    }

    /** Settings every generated function runs with: pgSphere lives in {@code extensionSchema}. */
    private final String searchPath;
    private final DidTable dids;

    public SyncSql(DidTable dids, String extensionSchema) {
        this.dids = dids;
        this.searchPath = "pg_catalog, " + quote(extensionSchema);
    }

    /**
     * The full projection of the rows of {@code source} (a table, transition table or CTE name): every value
     * parsed from its JSON type and text, so that any document, however odd, is mapped and every unusable
     * value explained in {@code problems}.
     */
    public String projection(String source) {
        List<ObsCoreColumn> cols = ObsCoreColumns.all();
        StringBuilder sql = new StringBuilder(select(source));
        // one pass over the JSON document: every ObsCore key as a jsonb value (SQL NULL when absent or null)
        sql.append("CROSS JOIN LATERAL jsonb_to_record(CASE WHEN jsonb_typeof(n.data) = 'object' THEN n.data"
                + " ELSE '{}'::jsonb END)\n    AS r(")
                .append(cols.stream().map(c -> c.name() + " jsonb").collect(Collectors.joining(", ")))
                .append(")\n");
        // a: JSON type and text of each value
        sql.append("CROSS JOIN LATERAL (SELECT ")
                .append(join(cols, c -> "jsonb_typeof(r." + c.name() + ") AS " + c.name() + "_t, r." + c.name()
                        + " #>> '{}' AS " + c.name() + "_s"))
                .append(",\n    ").append(circleMatch("r.s_region")).append(" OFFSET 0) AS a\n");
        // b: parsed, before range checks
        sql.append("CROSS JOIN LATERAL (SELECT ").append(join(cols, SyncSql::parsed)).append(" OFFSET 0) AS b\n");
        sql.append(checkedAndFinal());
        // d: what is missing or unusable
        sql.append("CROSS JOIN LATERAL (SELECT CASE WHEN cardinality(x.problems) > 0 THEN 'invalid'"
                + " WHEN cardinality(x.missing) > 0 THEN 'incomplete' END AS state, x.missing,"
                + " to_jsonb(x.problems) AS problems FROM (SELECT\n    array_remove(ARRAY[")
                .append(ObsCoreColumns.mandatory().stream()
                        .map(c -> "CASE WHEN a." + c.name() + "_t IS NULL THEN '" + c.name() + "' END")
                        .collect(Collectors.joining(", ")))
                .append("]::text[], NULL) AS missing,\n    array_remove(ARRAY[")
                .append(cols.stream().map(SyncSql::problem).collect(Collectors.joining(",\n        ")))
                .append(",\n        ").append(String.join(",\n        ", crossChecks()))
                .append("]::jsonb[], NULL) AS problems) AS x) AS d");
        return sql.toString();
    }

    /**
     * The fast projection: the same rows, state and missing keys as {@link #projection} for every document
     * it accepts, at a fraction of the cost (a one-DID statement set up 165 us of expressions for the full
     * one, 87 us for a fast one that still checked each column in SQL, 65 us now). One jsonpath test,
     * {@link #trustedPath}, proves that every ObsCore key present holds a value the column takes as it is:
     * the JSON type, the range, the vocabulary word, the number's form. jsonb_to_record can then type the
     * values straight into their columns, with nothing left to check per column but text lengths,
     * polarizations, the footprint and the order of intervals. A jsonpath costs nothing to set up; SQL
     * expressions are set up anew in every statement. A document the test does not prove gets the state
     * 'unchecked' (and is typed as '{}', so that nothing can raise); so does one whose values are valid
     * but not in their plainest form ("Image", "2024-01-01T00:00:00+02:00", "1e999"). Its {@code problems}
     * are always empty: the trigger hands invalid and unchecked DIDs to the full projection, which says why.
     */
    public String fastProjection(String source) {
        List<ObsCoreColumn> cols = ObsCoreColumns.all();
        String doc = "CASE WHEN jsonb_typeof(n.data) = 'object' THEN n.data ELSE '{}'::jsonb END";
        String region = "nullif((" + doc + ") -> 's_region', 'null')";
        List<String> invalid = new java.util.ArrayList<>();
        invalid.add("(f.s_region).problem IS NOT NULL");
        ORDERED.forEach(o -> invalid.add("c." + o[0] + " > c." + o[1]));
        invalid.add("(r.pol_states IS NOT NULL AND c.pol_states IS NULL)");
        // text lengths: one greatest() per limit, rather than an expression per column
        cols.stream().filter(c -> c.kind() == ObsCoreColumn.Kind.TEXT)
                .collect(Collectors.groupingBy(ObsCoreColumn::maxLength, java.util.TreeMap::new, Collectors.toList()))
                .forEach((limit, group) -> invalid.add("greatest(" + group.stream().map(c -> "length(r." + c.name() + ")")
                        .collect(Collectors.joining(", ")) + ") > " + limit));
        // few layers, each with few columns: in a statement of one DID, every column of every layer costs
        // about as much to set up as an expression
        StringBuilder sql = new StringBuilder("SELECT n.scope, n.name, n.vo,\n    CASE WHEN NOT k.trusted THEN 'unchecked'")
                .append(" WHEN ").append(String.join("\n        OR ", invalid))
                .append(" THEN 'invalid'\n        WHEN ")
                .append(ObsCoreColumns.mandatory().stream().map(c -> "r." + c.name() + " IS NULL")
                        .collect(Collectors.joining(" OR ")))
                .append(" THEN 'incomplete' END AS state,\n    array_remove(ARRAY[")
                .append(ObsCoreColumns.mandatory().stream()
                        .map(c -> "CASE WHEN r." + c.name() + " IS NULL THEN '" + c.name() + "' END")
                        .collect(Collectors.joining(", ")))
                .append("]::text[], NULL) AS missing, '[]'::jsonb AS problems,\n    ")
                .append(join(cols, c -> finalValue(c, "(f.s_region)", derivedCircle("(f.s_region)", "k.s_region_t"),
                        name -> "r." + name + " IS NULL")))
                .append("\nFROM ").append(source).append(" AS n\n");
        // k: the document, whether the test proves it, and the region's type and text
        sql.append("CROSS JOIN LATERAL (SELECT ").append(doc).append(" AS doc, jsonb_path_exists(").append(doc)
                .append(", ").append(literal(trustedPath())).append(") AS trusted,\n    jsonb_typeof(")
                .append(region).append(") AS s_region_t, ").append(region).append(" #>> '{}' AS s_region_s,\n    ")
                .append(circleMatch(region)).append(" OFFSET 0) AS k\n");
        // f: the footprint, as in the full projection
        sql.append("CROSS JOIN LATERAL (SELECT ").append(parsedExpression(ObsCoreColumns.named("s_region").orElseThrow(), "k")).append(" AS s_region OFFSET 0) AS f\n");
        // r: the values in their column types (integers as numeric: "2.0" is a valid calib_level, and a
        // number's text is what jsonb_to_record hands to the type's input function)
        sql.append("CROSS JOIN LATERAL jsonb_to_record(CASE WHEN k.trusted THEN k.doc ELSE '{}'::jsonb END)\n    AS r(")
                .append(cols.stream().map(c -> c.name() + " " + switch (c.kind()) {
                    case INTEGER, BIGINT -> "numeric";
                    case DOUBLE, MJD -> "float8";
                    case REGION -> "jsonb";
                    case TIMESTAMP -> "timestamp";
                    case TEXT, VOCABULARY, POL_STATES -> "text";
                }).collect(Collectors.joining(", ")))
                .append(")\n");
        // c: the column values
        sql.append("CROSS JOIN LATERAL (SELECT ").append(join(cols, c -> switch (c.kind()) {
            case INTEGER -> "r." + c.name() + "::integer";
            case BIGINT -> "r." + c.name() + "::bigint";
            case POL_STATES -> "rucio_ivoa.pol_states(r." + c.name() + ")";
            case REGION -> "NULL::spoly";
            case TEXT, VOCABULARY, DOUBLE, MJD, TIMESTAMP -> "r." + c.name();
        } + " AS " + c.name())).append(" OFFSET 0) AS c");
        return sql.toString();
    }

    /**
     * A date or UTC date-time that rucio_ivoa.iso_timestamp would accept, written so that a cast reads it
     * the same way in any DateStyle: years 1000 to 9999, days up to the 28th (later ones depend on the
     * month), no offset other than Z, at most microseconds.
     */
    private static final String PLAIN_TIME = "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"
            + "(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\\\.[0-9]{1,6})?)?Z?)?$";

    /**
     * A number as a JSON string that the full projection reads (rucio_ivoa.to_numeric: at most 100
     * characters, decimal digits, an exponent of at most 3 digits) and that float8in reads as the same
     * value: no whitespace but spaces, few enough digits to stay under 100 characters.
     */
    private static final String NUMBER_STRING = "^ {0,5}[+-]?([0-9]{1,40}\\\\.?[0-9]{0,40}|\\\\.[0-9]{1,40})([eE][+-]?[0-9]{1,3})? {0,5}$";

    /** An integer as a JSON string, short enough that its double is exact. */
    private static final String INTEGER_STRING = "^ {0,5}[+-]?[0-9]{1,15} {0,5}$";

    /**
     * The jsonpath that is true when every ObsCore key of a document is absent, null, or holds a value that
     * the fast projection may take as it is and that the full projection takes to the same value: for
     * numbers a JSON number in range, or a numeric string whose double is in range by a margin that covers
     * its rounding; for text a string; for a vocabulary one of its words as stored; for times a plain UTC
     * date-time. The region takes anything (the footprint is parsed alike in both). Written as one
     * conjunction, so that a test that cannot be evaluated (.double() of "1e999") makes the whole false.
     * Array values are caught by .type(), which lax mode does not unwrap.
     */
    static String trustedPath() {
        List<String> tests = new java.util.ArrayList<>();
        for (ObsCoreColumn c : ObsCoreColumns.all()) {
            String k = "@." + c.name();
            String valid = switch (c.kind()) {
                case TEXT -> k + ".type() == \"string\"" + (c.mandatory() ? " && " + k + " like_regex \"[^ ]\"" : "");
                case VOCABULARY -> k + ".type() == \"string\" && (" + c.vocabulary().stream()
                        .map(w -> k + " == \"" + w + "\"").collect(Collectors.joining(" || ")) + ")";
                case POL_STATES -> k + ".type() == \"string\"";
                case TIMESTAMP -> k + ".type() == \"string\" && " + k + " like_regex \"" + PLAIN_TIME + "\"";
                case INTEGER, BIGINT -> {
                    boolean integer = c.kind() == ObsCoreColumn.Kind.INTEGER;
                    String lowBound = c.min() != null ? pathNumber(c.min()) : integer ? "-2147483648" : "-9223372036854775808";
                    String highBound = c.max() != null ? pathNumber(c.max()) : integer ? "2147483647" : "9223372036854775807";
                    // an integer-valued bound: the same test on a number (exact) and on a short integer string
                    // (whose double is exact)
                    Function<String, String> inRange = v -> v + " >= " + lowBound + " && " + v + " <= " + highBound;
                    yield "(" + k + ".type() == \"number\" && " + k + " == " + k + ".floor() && " + inRange.apply(k)
                            + ")\n        || (" + k + ".type() == \"string\" && " + k + " like_regex \"" + INTEGER_STRING
                            + "\" && " + inRange.apply(k + ".double()") + ")";
                }
                case DOUBLE, MJD -> {
                    String d = k + ".double()";
                    yield "(" + k + ".type() == \"number\"" + numberRange(c, k, 0, "1e300", "1e-300") + ")\n        || (" + k
                            + ".type() == \"string\" && " + k + " like_regex \"" + NUMBER_STRING + "\""
                            // float8in reads "-0" as -0, the full projection as 0
                            + " && !(" + k + " like_regex \"^ *-\" && " + d + " == 0)"
                            + numberRange(c, d, 1e-15, "1e299", "1e-299") + ")";
                }
                case REGION -> null;
            };
            if (valid != null) {
                // the keys Rucio's documents usually hold are tested for their value first, the others for
                // their absence: a jsonpath operation costs about 0.1 us, and there are 59 keys
                String absent = "!exists(" + k + ") || " + k + ".type() == \"null\"";
                tests.add(c.principal() ? "(" + valid + "\n        || " + absent + ")" : "(" + absent + "\n        || " + valid + ")");
            }
        }
        return "$ ? (" + String.join("\n    && ", tests) + ")";
    }

    /**
     * The column's range, and the magnitudes a double holds ({@code huge} and {@code tiny}: no overflow, no
     * underflow to zero), as a jsonpath test of {@code value}, each one comparison where it can be (a
     * jsonpath operation costs about 0.1 us). With a {@code margin}, each bound of the column is moved
     * inwards by that fraction of itself, so that a double within it proves the exact value within the bound.
     */
    private static String numberRange(ObsCoreColumn c, String value, double margin, String huge, String tiny) {
        // above zero, a value at least tiny is also no underflow
        boolean aboveZero = c.min() != null && c.min() == 0 && !c.minInclusive();
        String low;
        if (c.min() == null || c.min() < -1e299) {
            low = " >= -" + huge;
        } else if (aboveZero) {
            low = " >= " + tiny;
        } else {
            low = (c.minInclusive() ? " >= " : " > ") + pathNumber(c.min() + Math.abs(c.min()) * margin);
        }
        String high = c.max() == null ? " <= " + huge
                : (c.maxInclusive() ? " <= " : " < ") + pathNumber(c.max() - Math.abs(c.max()) * margin);
        String r = " && " + value + low + " && " + value + high;
        if (!aboveZero) {
            boolean negative = c.min() == null || c.min() < 0;
            r += " && (" + value + " == 0 || " + value + " >= " + tiny + (negative ? " || " + value + " <= -" + tiny : "") + ")";
        }
        return r;
    }

    /** A number as jsonpath writes it: decimal, no exponent, no trailing ".0". */
    private static String pathNumber(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String select(String source) {
        return "SELECT n.scope, n.name, n.vo, d.state, d.missing, d.problems,\n       "
                + physicalColumns().stream().map(c -> "v." + c).collect(Collectors.joining(", "))
                + "\nFROM " + source + " AS n\n";
    }

    /** The usual "CIRCLE ICRS ra dec r" split into its numbers, from r.s_region (jsonb). */
    private static String circleMatch(String region) {
        String text = "(" + region + " #>> '{}')";
        return "CASE WHEN jsonb_typeof(" + region + ") = 'string' AND length(" + text + ") <= " + CIRCLE_MAX_LENGTH
                + " AND " + text + " ~* '" + CIRCLE + "' THEN regexp_split_to_array(btrim(regexp_replace("
                + text + ", '" + CIRCLE_PREFIX + "', '', 'i'), E' \\t\\n\\r\\f\\v'), '\\s+') END AS s_region_m";
    }

    /**
     * Layers c (typed and checked, NULL when unusable), g (the footprint) and v (the final values), over b
     * (parsed values) and a (each key's JSON type, NULL when absent, and the region's text).
     */
    private static String checkedAndFinal() {
        List<ObsCoreColumn> cols = ObsCoreColumns.all();
        StringBuilder sql = new StringBuilder();
        sql.append("CROSS JOIN LATERAL (SELECT ").append(join(cols, SyncSql::checked)).append(" OFFSET 0) AS c\n");
        // g: the footprint from s_region (parsed in b, only for DIDs that have one), or else the circle of
        // diameter s_fov around (s_ra, s_dec)
        sql.append("CROSS JOIN LATERAL (SELECT (b.s_region).poly, ").append(derivedCircle("(b.s_region)", "a.s_region_t"))
                .append(" AS circle, (b.s_region).center_ra, (b.s_region).center_dec, (b.s_region).diameter,"
                        + " (b.s_region).problem OFFSET 0) AS g\n");
        // v: final values, with positions derived from the region where absent
        sql.append("CROSS JOIN LATERAL (SELECT ").append(join(cols, c -> finalValue(c, "g", "g.circle", name -> "a." + name + "_t IS NULL")))
                .append(" OFFSET 0) AS v\n");
        return sql.toString();
    }

    /** Intervals whose start may not follow their end. */
    private static final List<String[]> ORDERED = List.of(new String[] {"t_min", "t_max"},
            new String[] {"em_min", "em_max"}, new String[] {"s_resolution_min", "s_resolution_max"},
            new String[] {"em_res_power_min", "em_res_power_max"});

    private static String parsed(ObsCoreColumn c) {
        return parsedExpression(c, "a") + " AS " + c.name();
    }

    /** The parsed value of column {@code c} from its JSON type and text (and, for s_region, circle match) in {@code a}. */
    private static String parsedExpression(ObsCoreColumn c, String a) {
        String t = a + "." + c.name() + "_t";
        String s = a + "." + c.name() + "_s";
        String m = a + ".s_region_m";
        return switch (c.kind()) {
            case TEXT -> "CASE WHEN " + t + " IN ('string', 'number') THEN " + s + " END";
            case VOCABULARY -> "CASE WHEN " + t + " = 'string' THEN lower(btrim(" + s + ")) END";
            case POL_STATES -> "CASE WHEN " + t + " = 'string' THEN rucio_ivoa.pol_states(" + s + ") END";
            case INTEGER, BIGINT, DOUBLE -> "rucio_ivoa.to_numeric(" + t + ", " + s + ")";
            case MJD -> "rucio_ivoa.to_mjd(" + t + ", " + s + ")";
            case TIMESTAMP -> "CASE WHEN " + t + " = 'string' THEN rucio_ivoa.iso_timestamp(" + s + ") END";
            // a well-formed STC-S circle is built here, in SQL (~5 us); anything else goes through the
            // PL/pgSQL parser, which also explains what is wrong (~50 us)
            case REGION -> "CASE WHEN " + t + " IS NULL THEN NULL"
                    + " WHEN " + m + " IS NOT NULL AND " + m + "[2]::float8 BETWEEN -90 AND 90"
                    + " AND " + m + "[3]::float8 > 0 AND " + m + "[3]::float8 < 90"
                    + " THEN ROW(NULL::spoly, scircle(spoint(radians(" + m + "[1]::float8),"
                    + " radians(" + m + "[2]::float8)), radians(" + m + "[3]::float8)),"
                    + " " + m + "[1]::float8 - 360 * floor(" + m + "[1]::float8 / 360), " + m + "[2]::float8,"
                    + " 2 * " + m + "[3]::float8, NULL::text)::rucio_ivoa.footprint"
                    + " ELSE rucio_ivoa.footprint(" + t + ", " + s + ") END";
        };
    }

    /** The value of column {@code c}, typed and checked, from its parsed value in layer b (NULL when unusable). */
    private static String checked(ObsCoreColumn c) {
        String b = "b." + c.name();
        String expr = switch (c.kind()) {
            case TEXT -> "CASE WHEN length(" + b + ") <= " + c.maxLength()
                    + (c.mandatory() ? " AND btrim(" + b + ") <> ''" : "") + " THEN " + b + " END";
            case VOCABULARY -> "CASE WHEN " + b + " IN (" + c.vocabulary().stream().map(w -> "'" + w + "'")
                    .collect(Collectors.joining(", ")) + ") THEN " + b + " END";
            case POL_STATES -> "CASE WHEN length(" + b + ") <= " + c.maxLength() + " THEN " + b + " END";
            case INTEGER -> "CASE WHEN " + b + " = trunc(" + b + ") AND " + b + " BETWEEN -2147483648 AND 2147483647"
                    + range(c, b) + " THEN " + b + "::integer END";
            case BIGINT -> "CASE WHEN " + b + " = trunc(" + b + ") AND " + b
                    + " BETWEEN -9223372036854775808 AND 9223372036854775807" + range(c, b) + " THEN " + b
                    + "::bigint END";
            case DOUBLE, MJD -> "CASE WHEN TRUE" + range(c, b) + " THEN rucio_ivoa.to_float8(" + b + ") END";
            case TIMESTAMP -> b;
            case REGION -> "NULL::spoly";
        };
        return expr + " AS " + c.name();
    }

    private static String range(ObsCoreColumn c, String value) {
        String r = "";
        if (c.min() != null) {
            r += " AND " + value + (c.minInclusive() ? " >= " : " > ") + literal(c.min());
        }
        if (c.max() != null) {
            r += " AND " + value + (c.maxInclusive() ? " <= " : " < ") + literal(c.max());
        }
        return r;
    }

    /**
     * The final value of column {@code c} from layer c: the region's polygon and circle from {@code footprint}
     * (a rucio_ivoa.footprint) and {@code circle}, and s_ra, s_dec, s_fov from the region when their key is
     * {@code absent}.
     */
    private static String finalValue(ObsCoreColumn c, String footprint, String circle, Function<String, String> absent) {
        return switch (c.name()) {
            case "s_region" -> footprint + ".poly AS s_region, " + circle + " AS " + CIRCLE_COLUMN;
            case "s_ra" -> "coalesce(c.s_ra, CASE WHEN " + absent.apply("s_ra") + " THEN " + footprint + ".center_ra END) AS s_ra";
            case "s_dec" -> "coalesce(c.s_dec, CASE WHEN " + absent.apply("s_dec") + " THEN " + footprint
                    + ".center_dec END) AS s_dec";
            case "s_fov" -> "coalesce(c.s_fov, CASE WHEN " + absent.apply("s_fov") + " THEN " + footprint
                    + ".diameter END) AS s_fov";
            default -> "c." + c.name();
        };
    }

    /** The region's circle, or else, when the DID has no s_region, the circle of diameter s_fov around (s_ra, s_dec). */
    private static String derivedCircle(String footprint, String regionType) {
        return "coalesce(" + footprint + ".circle, CASE WHEN " + regionType + " IS NULL AND c.s_ra IS NOT NULL"
                + " AND c.s_dec IS NOT NULL AND c.s_fov IS NOT NULL THEN scircle(spoint(radians(c.s_ra),"
                + " radians(c.s_dec)), radians(c.s_fov / 2)) END)";
    }

    private static String problem(ObsCoreColumn c) {
        if (c.kind() == ObsCoreColumn.Kind.REGION) {
            return "CASE WHEN g.problem IS NOT NULL THEN jsonb_build_object('key', 's_region', 'value', r.s_region,"
                    + " 'expected', g.problem) END";
        }
        return "CASE WHEN a." + c.name() + "_t IS NOT NULL AND c." + c.name() + " IS NULL THEN jsonb_build_object("
                + "'key', '" + c.name() + "', 'value', r." + c.name() + ", 'expected', " + literal(c.expected())
                + ") END";
    }

    /** Checks between columns: an interval's start may not follow its end. */
    private static List<String> crossChecks() {
        return ORDERED.stream().map(pair -> order(pair[0], pair[1])).toList();
    }

    private static String order(String low, String high) {
        return "CASE WHEN c." + low + " > c." + high + " THEN jsonb_build_object('key', '" + low + "', 'value', r."
                + low + ", 'expected', '" + low + " <= " + high + " (' || c." + high + " || ')') END";
    }

    private static String join(List<ObsCoreColumn> cols, Function<ObsCoreColumn, String> f) {
        return cols.stream().map(f).collect(Collectors.joining(",\n    "));
    }

    /**
     * The PL/pgSQL statements that apply the rows of {@code source}, a statement's few rows, to ivoa.obscore
     * and the status table: publishable DIDs are upserted, the others removed from ObsCore and listed with
     * their reasons. The fast projection does the work; the DIDs it finds invalid or cannot check (listed as
     * invalid for the moment, so that they can be found) then go through the full projection, which also
     * says why. Needs a variable {@code redo bigint}.
     */
    public String applyFew(String source) {
        String again = "(SELECT k.* FROM " + source + " k JOIN rucio_ivoa.did_status s ON s.scope = k.scope"
                + " AND s.name = k.name WHERE s.state = 'invalid')";
        return applyStatement(fastProjection(source), true) + ";\n"
                + "    IF redo > 0 THEN\n" + applyStatement(projection(again), false) + ";\n    END IF";
    }

    /**
     * The statement that applies many rows (a bulk statement, a resync batch) with the full projection: per
     * row it is cheaper than the fast one (41 against 53 us per DID over 50,000 DIDs, each row also turned
     * into text), whose jsonpath test alone takes 21 us; the fast projection wins where setting up the
     * statement is the cost.
     */
    public String applyMany(String source) {
        return applyStatement(projection(source), false);
    }

    /** One statement applying the rows of {@code projection}; when {@code fast}, it counts those to redo. */
    private static String applyStatement(String projection, boolean fast) {
        List<String> cols = physicalColumns();
        String columnList = String.join(", ", cols);
        StringJoiner updates = new StringJoiner(", ");
        cols.forEach(c -> updates.add(c + " = EXCLUDED." + c));
        String cleared = "DELETE FROM rucio_ivoa.did_status s USING p WHERE p.state IS NULL"
                + " AND s.scope = p.scope AND s.name = p.name";
        return "WITH p AS MATERIALIZED (\n" + projection + "\n),\n"
                + "published AS (INSERT INTO ivoa.obscore (" + columnList + ", rucio_did_scope, rucio_did_name)\n"
                + "    SELECT " + columnList + ", scope, name FROM p WHERE state IS NULL\n"
                + "    ON CONFLICT (rucio_did_scope, rucio_did_name) DO UPDATE SET " + updates + "),\n"
                + "withdrawn AS (DELETE FROM ivoa.obscore o USING p WHERE p.state IS NOT NULL"
                + " AND o.rucio_did_scope = p.scope AND o.rucio_did_name = p.name),\n"
                + "reported AS (INSERT INTO rucio_ivoa.did_status (scope, name, vo, state, missing, problems)\n"
                + "    SELECT scope, name, vo, " + (fast ? "CASE WHEN state = 'unchecked' THEN 'invalid' ELSE state END"
                        : "state") + ", missing, problems FROM p WHERE state IS NOT NULL\n"
                + "    ON CONFLICT (scope, name) DO UPDATE SET vo = EXCLUDED.vo, state = EXCLUDED.state,"
                + " missing = EXCLUDED.missing, problems = EXCLUDED.problems, updated_at = now())"
                + (fast ? ",\ncleared AS (" + cleared + ")\n"
                        + "SELECT count(*) INTO redo FROM p WHERE p.state IN ('invalid', 'unchecked')"
                        : "\n" + cleared);
    }

    /**
     * Settings of the functions that run the projection. Memoize would cache each layer of the projection
     * under a key of every column it reads, never hit, and cost 30% of a bulk sync. JIT would compile the
     * projection's hundreds of expressions at every bulk statement (0.28 s) and saved only 5% of a
     * 200,000-DID projection.
     */
    public static final String PLANNER_SETTINGS = " SET enable_memoize = off SET jit = off";

    /** Rows above which a statement counts as bulk and gets a plan of its own. */
    private static final int BULK_ROWS = 1000;

    /**
     * Statements for bulk and for small statements apart. Besides the projection suited to each, each then
     * has a plan of its own: PL/pgSQL plans a statement once per session, from the size of the transition
     * table at that first call, so one shared plan would be either a hash join over the whole status table
     * for every one-DID upsert or a million index probes.
     */
    private String applyBySize(String source) {
        return "    IF EXISTS (SELECT FROM " + source + " OFFSET " + BULK_ROWS + ") THEN\n" + applyMany(source) + ";\n"
                + "    ELSE\n" + applyFew(source) + ";\n    END IF;\n";
    }

    /** Everything the sync needs in the database: trigger functions, triggers, resync batch function. */
    public String triggers() {
        String table = dids.qualified();
        String onFailure = """
                    EXCEPTION WHEN OTHERS THEN
                        -- never fail Rucio's statement: withdraw the DIDs and say why, for db resync to retry
                        GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT;
                        DELETE FROM ivoa.obscore o USING %1$s k
                            WHERE o.rucio_did_scope = k.scope AND o.rucio_did_name = k.name;
                        INSERT INTO rucio_ivoa.did_status (scope, name, vo, state, problems)
                            SELECT k.scope, k.name, k.vo, 'invalid', jsonb_build_array(jsonb_build_object(
                                'key', NULL, 'value', NULL, 'expected',
                                'an internal sync failure not to happen (' || failure || '); run rucio-ivoa db resync'))
                            FROM %1$s k
                            ON CONFLICT (scope, name) DO UPDATE SET state = EXCLUDED.state,
                                missing = '{}', problems = EXCLUDED.problems, updated_at = now();
                    END;
                """;
        String header = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + searchPath + PLANNER_SETTINGS
                + " AS $fn$\n";
        return "CREATE OR REPLACE FUNCTION rucio_ivoa.sync_inserted() RETURNS trigger\n" + header
                + "DECLARE failure text; redo bigint;\nBEGIN\n"
                // an upsert fires both the INSERT and the UPDATE trigger, one of them with no rows
                + "    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;\n"
                + "    BEGIN\n" + applyBySize("new_rows")
                + onFailure.formatted("new_rows") + "    RETURN NULL;\nEND\n$fn$;\n\n"

                + "CREATE OR REPLACE FUNCTION rucio_ivoa.sync_updated() RETURNS trigger\n" + header
                + "DECLARE failure text; redo bigint;\nBEGIN\n"
                + "    IF NOT EXISTS (SELECT FROM new_rows) THEN RETURN NULL; END IF;\n"
                + "    BEGIN\n"
                + "        -- renamed DIDs: the old name leaves ObsCore and the status table\n"
                + "        WITH gone AS (SELECT scope, name FROM old_rows EXCEPT SELECT scope, name FROM new_rows),\n"
                + "        unlisted AS (DELETE FROM rucio_ivoa.did_status s USING gone"
                + " WHERE s.scope = gone.scope AND s.name = gone.name)\n"
                + "        DELETE FROM ivoa.obscore o USING gone WHERE o.rucio_did_scope = gone.scope"
                + " AND o.rucio_did_name = gone.name;\n"
                + applyBySize("new_rows")
                + onFailure.formatted("new_rows") + "    RETURN NULL;\nEND\n$fn$;\n\n"

                + "CREATE OR REPLACE FUNCTION rucio_ivoa.sync_deleted() RETURNS trigger\n" + header
                + "BEGIN\n"
                + "    DELETE FROM ivoa.obscore o USING old_rows k WHERE o.rucio_did_scope = k.scope"
                + " AND o.rucio_did_name = k.name;\n"
                + "    DELETE FROM rucio_ivoa.did_status s USING old_rows k WHERE s.scope = k.scope"
                + " AND s.name = k.name;\n"
                + "    RETURN NULL;\nEND\n$fn$;\n\n"

                + "CREATE OR REPLACE FUNCTION rucio_ivoa.sync_truncated() RETURNS trigger\n" + header
                + "BEGIN\n    TRUNCATE ivoa.obscore, rucio_ivoa.did_status;\n    RETURN NULL;\nEND\n$fn$;\n\n"

                + "DROP TRIGGER IF EXISTS rucio_ivoa_sync_inserted ON " + table + ";\n"
                + "DROP TRIGGER IF EXISTS rucio_ivoa_sync_updated ON " + table + ";\n"
                + "DROP TRIGGER IF EXISTS rucio_ivoa_sync_deleted ON " + table + ";\n"
                + "DROP TRIGGER IF EXISTS rucio_ivoa_sync_truncated ON " + table + ";\n"
                + "CREATE TRIGGER rucio_ivoa_sync_inserted AFTER INSERT ON " + table
                + " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rucio_ivoa.sync_inserted();\n"
                + "CREATE TRIGGER rucio_ivoa_sync_updated AFTER UPDATE ON " + table
                + " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
                + " EXECUTE FUNCTION rucio_ivoa.sync_updated();\n"
                + "CREATE TRIGGER rucio_ivoa_sync_deleted AFTER DELETE ON " + table
                + " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rucio_ivoa.sync_deleted();\n"
                + "CREATE TRIGGER rucio_ivoa_sync_truncated AFTER TRUNCATE ON " + table
                + " FOR EACH STATEMENT EXECUTE FUNCTION rucio_ivoa.sync_truncated();\n\n"

                + resyncFunction();
    }

    /**
     * rucio_ivoa.resync_batch(after_scope, after_name, size): re-applies the mapping to the next {@code size}
     * DIDs in (scope, name) order, locking them against concurrent Rucio writes for the duration of the
     * batch, and returns the last key it handled (NULL when there was nothing left) and the row count.
     */
    private String resyncFunction() {
        return "CREATE OR REPLACE FUNCTION rucio_ivoa.resync_batch(after_scope varchar, after_name varchar,"
                + " batch_size int, OUT last_scope varchar, OUT last_name varchar, OUT processed int)\n"
                + "LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + searchPath + PLANNER_SETTINGS
                + " AS $fn$\nBEGIN\n"
                + "    CREATE TEMP TABLE IF NOT EXISTS resync_rows (scope varchar, name varchar, vo varchar, data jsonb)"
                + " ON COMMIT DELETE ROWS;\n"
                + "    TRUNCATE resync_rows;\n"
                + "    INSERT INTO resync_rows SELECT d.scope, d.name, d.vo, d.data FROM " + dids.qualified() + " d\n"
                + "        WHERE after_scope IS NULL OR (d.scope, d.name) > (after_scope, after_name)\n"
                + "        ORDER BY d.scope, d.name LIMIT batch_size FOR SHARE;\n"
                + "    GET DIAGNOSTICS processed = ROW_COUNT;\n"
                + "    IF processed = 0 THEN RETURN; END IF;\n"
                + "    " + applyMany("resync_rows") + ";\n"
                + "    SELECT k.scope, k.name INTO last_scope, last_name FROM resync_rows k"
                + " ORDER BY k.scope DESC, k.name DESC LIMIT 1;\n"
                + "END\n$fn$;\n\n"
                + "CREATE OR REPLACE FUNCTION rucio_ivoa.resync_orphans() RETURNS bigint\n"
                + "LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + searchPath + " AS $fn$\n"
                + "DECLARE removed bigint; more bigint;\nBEGIN\n"
                + "    DELETE FROM ivoa.obscore o WHERE NOT EXISTS (SELECT 1 FROM " + dids.qualified()
                + " d WHERE d.scope = o.rucio_did_scope AND d.name = o.rucio_did_name);\n"
                + "    GET DIAGNOSTICS removed = ROW_COUNT;\n"
                + "    DELETE FROM rucio_ivoa.did_status s WHERE NOT EXISTS (SELECT 1 FROM " + dids.qualified()
                + " d WHERE d.scope = s.scope AND d.name = s.name);\n"
                + "    GET DIAGNOSTICS more = ROW_COUNT;\n"
                + "    RETURN removed + more;\nEND\n$fn$;\n";
    }

    /**
     * A query listing every DID whose ivoa.obscore row or status differs from what the mapping gives now:
     * (scope, name, difference) with difference one of 'missing from ivoa.obscore', 'should not be in
     * ivoa.obscore', 'status out of date', or 'columns differ: a, b'.
     */
    public String checkQuery() {
        String diffs = physicalColumns().stream()
                .map(c -> "CASE WHEN o." + c + " IS DISTINCT FROM p." + c + " THEN '" + c + "' END")
                .collect(Collectors.joining(", "));
        return "WITH p AS MATERIALIZED (" + projection(dids.qualified()) + ")\n"
                + "SELECT coalesce(p.scope, o.rucio_did_scope) AS scope, coalesce(p.name, o.rucio_did_name) AS name,\n"
                + "  CASE WHEN p.scope IS NULL THEN 'should not be in ivoa.obscore (no such DID)'\n"
                + "       WHEN p.state IS NULL AND o.rucio_did_scope IS NULL THEN 'missing from ivoa.obscore'\n"
                + "       WHEN p.state IS NOT NULL AND o.rucio_did_scope IS NOT NULL THEN"
                + " 'should not be in ivoa.obscore (' || p.state || ')'\n"
                + "       WHEN p.state IS NULL THEN 'columns differ: ' || array_to_string(array_remove(ARRAY[" + diffs
                + "], NULL), ', ')\n"
                + "       ELSE 'status out of date' END AS difference\n"
                + "FROM p FULL JOIN ivoa.obscore o ON o.rucio_did_scope = p.scope AND o.rucio_did_name = p.name\n"
                + "LEFT JOIN rucio_ivoa.did_status s ON s.scope = p.scope AND s.name = p.name\n"
                + "WHERE p.scope IS NULL\n"
                + "   OR (p.state IS NULL AND o.rucio_did_scope IS NULL)\n"
                + "   OR (p.state IS NOT NULL AND o.rucio_did_scope IS NOT NULL)\n"
                + "   OR (p.state IS NULL AND cardinality(array_remove(ARRAY[" + diffs + "], NULL)) > 0)\n"
                + "   OR (p.state IS NULL AND s.scope IS NOT NULL)\n"
                + "   OR (p.state IS NOT NULL AND (s.scope IS NULL OR s.state IS DISTINCT FROM p.state"
                + " OR s.missing IS DISTINCT FROM p.missing OR s.problems IS DISTINCT FROM p.problems))\n"
                + "ORDER BY 1, 2";
    }

    static String literal(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
