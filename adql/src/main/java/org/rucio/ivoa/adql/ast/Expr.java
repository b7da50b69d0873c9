package org.rucio.ivoa.adql.ast;

import java.util.List;

/**
 * Every expression node of ADQL 2.1 (plus CASE and NULLIF as extensions). Value expressions and
 * search conditions are distinct sub-types, so a tree such as {@code (a = b) + 1} cannot be built.
 * Geometry constructors given bare coordinates hold a synthesised {@link Point} at the same position.
 */
public sealed interface Expr {
    Pos pos();

    /** Something that has a value (numeric, string, geometry, timestamp or NULL). */
    sealed interface Value extends Expr {}

    /** A boolean search condition (WHERE, HAVING, ON, CASE WHEN). */
    sealed interface Condition extends Expr {}

    // ---- literals and references

    record NullLit(Pos pos) implements Value {}

    /** An unsigned numeric literal as written; {@code integer} when it has neither a decimal point nor an exponent. */
    record NumLit(Pos pos, String text, boolean integer) implements Value {}

    record StrLit(Pos pos, String value) implements Value {}

    /** {@code [[[catalog.]schema.]table.]column}. */
    record Column(Pos pos, List<Ident> qualifier, Ident name) implements Value {
        public Column { qualifier = List.copyOf(qualifier); }
    }

    // ---- arithmetic

    enum BinOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), CONCAT("||");
        public final String symbol;
        BinOp(String s) { symbol = s; }
    }

    record Binary(Pos pos, BinOp op, Value left, Value right) implements Value {}

    record Negate(Pos pos, Value operand) implements Value {}

    // ---- functions

    /** Built-in math, trigonometric and string functions. */
    enum Fn {
        ABS(1, 1), CEILING(1, 1), DEGREES(1, 1), EXP(1, 1), FLOOR(1, 1), LOG(1, 1), LOG10(1, 1),
        MOD(2, 2), PI(0, 0), POWER(2, 2), RADIANS(1, 1), RAND(0, 1), ROUND(1, 2), SQRT(1, 1),
        TRUNCATE(1, 2), ACOS(1, 1), ASIN(1, 1), ATAN(1, 1), ATAN2(2, 2), COS(1, 1), COT(1, 1),
        SIN(1, 1), TAN(1, 1), LOWER(1, 1), UPPER(1, 1);
        public final int minArgs;
        public final int maxArgs;
        Fn(int min, int max) { minArgs = min; maxArgs = max; }
        public boolean isString() { return this == LOWER || this == UPPER; }
    }

    record Call(Pos pos, Fn fn, List<Value> args) implements Value {
        public Call { args = List.copyOf(args); }
    }

    /** A user-defined function; {@code name} as written. */
    record UdfCall(Pos pos, Ident name, List<Value> args) implements Value {
        public UdfCall { args = List.copyOf(args); }
    }

    enum AggFn { COUNT, AVG, MIN, MAX, SUM }

    /** An aggregate; {@code arg} is null for COUNT(*). */
    record Aggregate(Pos pos, AggFn fn, boolean distinct, Value arg) implements Value {}

    /** CAST target types of ADQL 2.1 §4.7. */
    enum TypeName { SMALLINT, INTEGER, BIGINT, REAL, DOUBLE_PRECISION, CHAR, VARCHAR, TIMESTAMP, POINT, CIRCLE, POLYGON }

    /** {@code length} is null when not given. */
    record CastType(TypeName name, Integer length) {}

    record Cast(Pos pos, Value operand, CastType type) implements Value {}

    record Coalesce(Pos pos, List<Value> args) implements Value {
        public Coalesce { args = List.copyOf(args); }
    }

    record NullIf(Pos pos, Value first, Value second) implements Value {}

    record InUnit(Pos pos, Value operand, StrLit unit) implements Value {}

    record When(Pos pos, Expr when, Value then) {}

    /**
     * CASE. Simple form: {@code operand} non-null and every {@code when} a Value; searched form:
     * operand null and every {@code when} a Condition. {@code otherwise} may be null.
     */
    record Case(Pos pos, Value operand, List<When> whens, Value otherwise) implements Value {
        public Case { whens = List.copyOf(whens); }
    }

    record ScalarSubquery(Pos pos, QueryExpr query) implements Value {}

    // ---- geometry (ADQL 2.1 §4.2); coordSys is the deprecated first argument or null

    record Point(Pos pos, Value coordSys, Value c1, Value c2) implements Value {}

    record Circle(Pos pos, Value coordSys, Value center, Value radius) implements Value {}

    record Box(Pos pos, Value coordSys, Value center, Value width, Value height) implements Value {}

    record Polygon(Pos pos, Value coordSys, List<Value> vertices) implements Value {
        public Polygon { vertices = List.copyOf(vertices); }
    }

    record Region(Pos pos, StrLit text) implements Value {}

    record Centroid(Pos pos, Value geometry) implements Value {}

    record Area(Pos pos, Value geometry) implements Value {}

    record Coord1(Pos pos, Value point) implements Value {}

    record Coord2(Pos pos, Value point) implements Value {}

    record CoordSys(Pos pos, Value geometry) implements Value {}

    /** DISTANCE; the four-number form holds two synthesised points. */
    record Distance(Pos pos, Value p1, Value p2) implements Value {}

    /** CONTAINS(a, b): integer 1 when a lies in b. */
    record Contains(Pos pos, Value inner, Value outer) implements Value {}

    record Intersects(Pos pos, Value a, Value b) implements Value {}

    // ---- search conditions

    enum CompOp {
        EQ("="), NE("<>"), LT("<"), GT(">"), LE("<="), GE(">=");
        public final String symbol;
        CompOp(String s) { symbol = s; }

        public CompOp flip() {
            return switch (this) {
                case LT -> GT; case GT -> LT; case LE -> GE; case GE -> LE; default -> this;
            };
        }
    }

    record Comparison(Pos pos, CompOp op, Value left, Value right) implements Condition {}

    record Between(Pos pos, Value operand, Value low, Value high, boolean negated) implements Condition {}

    record Like(Pos pos, Value operand, Value pattern, boolean negated, boolean caseInsensitive) implements Condition {}

    record InList(Pos pos, Value operand, List<Value> items, boolean negated) implements Condition {
        public InList { items = List.copyOf(items); }
    }

    record InSubquery(Pos pos, Value operand, QueryExpr query, boolean negated) implements Condition {}

    record IsNull(Pos pos, Value operand, boolean negated) implements Condition {}

    record Exists(Pos pos, QueryExpr query) implements Condition {}

    record And(Pos pos, Condition left, Condition right) implements Condition {}

    record Or(Pos pos, Condition left, Condition right) implements Condition {}

    record Not(Pos pos, Condition operand) implements Condition {}
}
