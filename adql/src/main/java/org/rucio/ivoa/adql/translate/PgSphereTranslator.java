package org.rucio.ivoa.adql.translate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ast.Expr.*;
import org.rucio.ivoa.adql.ast.FromItem;
import org.rucio.ivoa.adql.ast.Pos;
import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.ast.QueryExpr;
import org.rucio.ivoa.adql.check.CheckedQuery;
import org.rucio.ivoa.adql.check.CheckedQuery.ColumnBinding;
import org.rucio.ivoa.adql.check.CheckedQuery.SelectColumn;
import org.rucio.ivoa.adql.check.CheckedQuery.TableBinding;
import org.rucio.ivoa.adql.check.TypeInfo;
import org.rucio.ivoa.adql.meta.ColumnMeta.Geometry;

/**
 * Writes a checked ADQL query as one PostgreSQL SELECT using pgSphere, with ADQL's semantics:
 * geometry in degrees (pgSphere works in radians), CONTAINS/INTERSECTS as 1/0 values or, when
 * compared with 1 or 0, as bare index-friendly predicates; every compound sub-expression in
 * parentheses; every identifier quoted; every literal escaped.
 *
 * <p>Index-friendly forms: {@code POINT(x, s_ra, s_dec)} becomes exactly
 * {@code spoint(radians(<s_ra>), radians(<s_dec>))}, {@code 1 = CONTAINS(p, c)} becomes {@code p <@ c},
 * {@code 1 = INTERSECTS(s_region, g)} becomes {@code s_region && g}.
 */
public final class PgSphereTranslator {
    private static final AdqlException.Kind UNSUPPORTED = AdqlException.Kind.UNSUPPORTED;

    private final CheckedQuery q;

    private PgSphereTranslator(CheckedQuery q) {
        this.q = q;
    }

    public static String translate(CheckedQuery q) {
        return new PgSphereTranslator(q).query(q.query());
    }

    private static String id(String s) {
        return SqlText.ident(s);
    }

    // ------------------------------------------------------------------ statements

    private String query(Query query) {
        StringBuilder sb = new StringBuilder();
        if (!query.with().isEmpty()) {
            sb.append("WITH ");
            for (int i = 0; i < query.with().size(); i++) {
                Query.Cte c = query.with().get(i);
                if (i > 0) sb.append(", ");
                sb.append(id(q.cteName(c)));
                List<String> cols = q.cteColumns(c);
                if (!cols.isEmpty()) sb.append(" (").append(String.join(", ", cols.stream().map(PgSphereTranslator::id).toList())).append(')');
                sb.append(" AS (").append(queryExpr(c.query())).append(')');
            }
            sb.append(' ');
        }
        sb.append(queryExpr(query.body()));
        return sb.toString();
    }

    private String queryExpr(QueryExpr e) {
        return switch (e) {
            case QueryExpr.Select s -> select(s);
            case QueryExpr.SetOperation s -> {
                StringBuilder sb = new StringBuilder();
                sb.append('(').append(queryExpr(s.left())).append(") ").append(s.op().name());
                if (s.all()) sb.append(" ALL");
                sb.append(" (").append(queryExpr(s.right())).append(')');
                orderAndOffset(sb, s.orderBy(), s.offset(), null);
                yield sb.toString();
            }
        };
    }

    private String select(QueryExpr.Select s) {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (s.distinct()) sb.append("DISTINCT ");
        List<String> items = new ArrayList<>();
        for (SelectColumn c : q.selectList(s)) {
            ColumnBinding b = c.expr() instanceof Column col ? q.column(col) : c.star();
            if (b != null && b.split() && c.circleAlias() != null) {
                items.add(qualified(b, b.column()) + " AS " + id(c.sqlAlias()));
                items.add(qualified(b, b.circle()) + " AS " + id(c.circleAlias()));
                continue;
            }
            String expr = c.expr() != null ? value(c.expr()) : column(c.star());
            items.add(expr + " AS " + id(c.sqlAlias()));
        }
        sb.append(String.join(", ", items));
        sb.append(" FROM ");
        for (int i = 0; i < s.from().size(); i++) {
            if (i > 0) sb.append(" CROSS JOIN ");
            String f = from(s.from().get(i));
            sb.append(i > 0 && s.from().get(i) instanceof FromItem.Join ? "(" + f + ")" : f);
        }
        if (s.where() != null) sb.append(" WHERE ").append(cond(s.where()));
        if (!s.groupBy().isEmpty()) {
            sb.append(" GROUP BY ").append(String.join(", ", s.groupBy().stream().map(this::value).toList()));
        }
        if (s.having() != null) sb.append(" HAVING ").append(cond(s.having()));
        orderAndOffset(sb, s.orderBy(), s.offset(), s.top());
        return sb.toString();
    }

    private void orderAndOffset(StringBuilder sb, List<QueryExpr.OrderItem> order, Long offset, Long top) {
        if (!order.isEmpty()) {
            List<String> terms = new ArrayList<>();
            for (QueryExpr.OrderItem o : order) {
                String t = o.expr() instanceof NumLit n && n.integer() ? SqlText.number(n.text()) : value(o.expr());
                terms.add(t + (o.descending() ? " DESC" : " ASC"));
            }
            sb.append(" ORDER BY ").append(String.join(", ", terms));
        }
        if (top != null) sb.append(" LIMIT ").append(top);
        if (offset != null) sb.append(" OFFSET ").append(offset);
    }

    private String from(FromItem f) {
        return switch (f) {
            case FromItem.Table t -> {
                TableBinding b = q.table(t);
                String name = (b.dbSchema() == null ? "" : id(b.dbSchema()) + ".") + id(b.dbName());
                yield b.alias().equals(b.dbName()) && b.dbSchema() == null ? name : name + " AS " + id(b.alias());
            }
            case FromItem.Derived d -> "(" + queryExpr(d.query()) + ") AS " + id(q.alias(d));
            case FromItem.Join j -> {
                String left = from(j.left());
                String right = from(j.right());
                if (j.right() instanceof FromItem.Join) right = "(" + right + ")";
                String kind = switch (j.type()) {
                    case INNER -> "INNER JOIN";
                    case LEFT -> "LEFT OUTER JOIN";
                    case RIGHT -> "RIGHT OUTER JOIN";
                    case FULL -> "FULL OUTER JOIN";
                    case CROSS -> "CROSS JOIN";
                };
                if (j.type() == FromItem.JoinType.CROSS) yield left + " CROSS JOIN " + right;
                String condition;
                if (j.on() != null) {
                    condition = " ON " + cond(j.on());
                } else {
                    List<String> using = q.usingColumns(j);
                    condition = using.isEmpty() ? " ON TRUE" : " USING (" + String.join(", ", using.stream().map(PgSphereTranslator::id).toList()) + ")";
                }
                yield left + " " + kind + " " + right + condition;
            }
        };
    }

    // ------------------------------------------------------------------ conditions

    private String cond(Condition c) {
        return switch (c) {
            case Comparison cmp -> comparison(cmp);
            case Between b -> "(" + value(b.operand()) + (b.negated() ? " NOT" : "") + " BETWEEN " + value(b.low()) + " AND " + value(b.high()) + ")";
            case Like l -> "(" + str(l.operand()) + (l.negated() ? " NOT" : "") + (l.caseInsensitive() ? " ILIKE " : " LIKE ")
                    + str(l.pattern()) + " ESCAPE '')";
            case InList in -> "(" + value(in.operand()) + (in.negated() ? " NOT" : "") + " IN ("
                    + String.join(", ", in.items().stream().map(this::value).toList()) + "))";
            case InSubquery in -> "(" + value(in.operand()) + (in.negated() ? " NOT" : "") + " IN (" + queryExpr(in.query()) + "))";
            case IsNull n -> "(" + value(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
            case Exists e -> "(EXISTS (" + queryExpr(e.query()) + "))";
            case And a -> "(" + cond(a.left()) + " AND " + cond(a.right()) + ")";
            case Or o -> "(" + cond(o.left()) + " OR " + cond(o.right()) + ")";
            case Not n -> {
                negations++;
                try {
                    yield "(NOT " + cond(n.operand()) + ")";
                } finally {
                    negations--;
                }
            }
        };
    }

    /**
     * How many NOTs enclose the condition being translated. Under a NOT, "unknown" no longer filters like
     * "false", so spatial predicates on two-column regions must use their exact (COALESCE) form there.
     */
    private int negations;

    /** 1 or 0 as an integer literal, else null. */
    private static Integer bit(Value v) {
        if (v instanceof NumLit n && n.integer()) {
            String t = n.text().replaceFirst("^0+(?=\\d)", "");
            if (t.equals("1")) return 1;
            if (t.equals("0")) return 0;
        }
        return null;
    }

    private String comparison(Comparison cmp) {
        Value geo = null;
        Integer b = null;
        if ((cmp.left() instanceof Contains || cmp.left() instanceof Intersects) && bit(cmp.right()) != null) {
            geo = cmp.left();
            b = bit(cmp.right());
        } else if ((cmp.right() instanceof Contains || cmp.right() instanceof Intersects) && bit(cmp.left()) != null) {
            geo = cmp.right();
            b = bit(cmp.left());
        }
        if (geo != null && (cmp.op() == CompOp.EQ || cmp.op() == CompOp.NE)) {
            boolean positive = (b == 1) == (cmp.op() == CompOp.EQ);
            if (positive) {
                return spatial(geo, negations == 0);
            }
            return "(NOT " + spatial(geo, false) + ")";
        }
        return "(" + value(cmp.left()) + " " + cmp.op().symbol + " " + value(cmp.right()) + ")";
    }

    /**
     * A geometry function applied to an untyped NULL is NULL; pgSphere's overloads (area, center, <->)
     * cannot resolve an untyped argument, so the result is written as a typed NULL.
     */
    private String nullGeometryResult(Value v) {
        List<Value> geometryArgs = switch (v) {
            case Area a -> List.of(a.geometry());
            case Centroid c -> List.of(c.geometry());
            case Coord1 c -> List.of(c.point());
            case Coord2 c -> List.of(c.point());
            case Distance d -> List.of(d.p1(), d.p2());
            case Contains c -> List.of(c.inner(), c.outer());
            case Intersects i -> List.of(i.a(), i.b());
            default -> List.of();
        };
        if (geometryArgs.stream().noneMatch(this::isNull)) return null;
        return switch (v) {
            case Centroid c -> "CAST(NULL AS spoint)";
            case Contains c -> "CAST(NULL AS integer)";
            case Intersects i -> "CAST(NULL AS integer)";
            default -> "CAST(NULL AS double precision)";
        };
    }

    /**
     * For two-column regions the positive form ORs the parts (each indexable; at most one is set per
     * row, so the OR is exact when true); the exact form, used for negation and values, COALESCEs them
     * (pgSphere operators are strict, so only the set part yields a non-NULL result).
     */
    private String spatial(Value v, boolean positive) {
        if (nullGeometryResult(v) != null) return "CAST(NULL AS boolean)";
        String op;
        Value left;
        Value right;
        if (v instanceof Contains c) {
            op = " <@ ";
            left = c.inner();
            right = c.outer();
        } else {
            Intersects i = (Intersects) v;
            Geometry ga = q.type(i.a()).geometry();
            Geometry gb = q.type(i.b()).geometry();
            if (ga == Geometry.POINT) {
                op = " <@ ";
                left = i.a();
                right = i.b();
            } else if (gb == Geometry.POINT) {
                op = " <@ ";
                left = i.b();
                right = i.a();
            } else {
                op = " && ";
                left = i.a();
                right = i.b();
            }
        }
        List<String> terms = new ArrayList<>();
        for (String l : parts(left)) for (String r : parts(right)) terms.add("(" + l + op + r + ")");
        if (terms.size() == 1) return terms.get(0);
        return positive ? "(" + String.join(" OR ", terms) + ")" : "COALESCE(" + String.join(", ", terms) + ")";
    }

    // ------------------------------------------------------------------ values

    private String column(ColumnBinding b) {
        if (b.split()) {
            // a region kept as spoly or scircle: as a value, the text of whichever is set (pgSphere output)
            return "COALESCE(CAST(" + qualified(b, b.column()) + " AS text), CAST(" + qualified(b, b.circle()) + " AS text))";
        }
        return qualified(b, b.column());
    }

    private static String qualified(ColumnBinding b, String column) {
        return (b.qualifier() == null ? "" : id(b.qualifier()) + ".") + id(column);
    }

    /** The SQL operands standing for a geometry: two (spoly, scircle) for a two-column region, else one. */
    private List<String> parts(Value v) {
        if (v instanceof Column c && q.column(c).split()) {
            ColumnBinding b = q.column(c);
            return List.of(qualified(b, b.column()), qualified(b, b.circle()));
        }
        return List.of(value(v));
    }

    private String args(List<? extends Value> args) {
        return String.join(", ", args.stream().map(this::value).toList());
    }

    /**
     * A non-integer argument as numeric: PostgreSQL has no round/trunc(double, int) nor mod(double,
     * double), and round(double) rounds half to even while round(numeric) rounds half away from zero.
     */
    private String numericArg(Value v) {
        TypeInfo t = q.type(v);
        return t.isIntegral() ? value(v) : "CAST(" + num(v) + " AS numeric)";
    }

    private boolean isNull(Value v) {
        return !(v instanceof Column) && q.type(v).kind() == TypeInfo.Kind.NULL;
    }

    /** A numeric operand; an untyped NULL becomes a double so that PostgreSQL can pick the operator. */
    private String num(Value v) {
        return isNull(v) ? "CAST(NULL AS double precision)" : value(v);
    }

    /** A string operand; an untyped NULL becomes text. */
    private String str(Value v) {
        return isNull(v) ? "CAST(NULL AS text)" : value(v);
    }

    private String value(Value v) {
        if ((v instanceof Case || v instanceof Coalesce || v instanceof NullIf) && isNull(v)) {
            return "NULL"; // every branch is NULL; PostgreSQL would otherwise type it as text
        }
        String nullGeometry = nullGeometryResult(v);
        if (nullGeometry != null) return nullGeometry;
        return switch (v) {
            case NullLit n -> "NULL";
            case NumLit n -> SqlText.number(n.text());
            case StrLit s -> SqlText.string(s.value());
            case Column c -> column(q.column(c));
            case Binary b -> b.op() == BinOp.CONCAT
                    ? "(" + str(b.left()) + " || " + str(b.right()) + ")"
                    : "(" + num(b.left()) + " " + b.op().symbol + " " + num(b.right()) + ")";
            case Negate n -> n.operand() instanceof NumLit lit ? "-" + SqlText.number(lit.text()) : "(- " + num(n.operand()) + ")";
            case Call c -> call(c);
            case UdfCall u -> udf(u);
            case Aggregate a -> a.arg() == null ? "count(*)"
                    : a.fn().name().toLowerCase(Locale.ROOT) + "(" + (a.distinct() ? "DISTINCT " : "") + num(a.arg()) + ")";
            case Cast c -> cast(c);
            case Coalesce c -> "coalesce(" + args(c.args()) + ")";
            case NullIf n -> "nullif(" + value(n.first()) + ", " + value(n.second()) + ")";
            case InUnit u -> "(" + value(u.operand()) + " * " + SqlText.decimal(new BigDecimal(q.unitFactor(u)).round(new java.math.MathContext(15)).doubleValue()) + ")";
            case Case c -> caseExpr(c);
            case ScalarSubquery s -> "(" + queryExpr(s.query()) + ")";
            case Point p -> {
                checkLatitude(p.c2(), p.pos());
                yield "spoint(radians(" + num(p.c1()) + "), radians(" + num(p.c2()) + "))";
            }
            case Circle c -> {
                BigDecimal r = literal(c.radius());
                if (r != null && (r.signum() < 0 || r.compareTo(BigDecimal.valueOf(90)) > 0)) {
                    throw AdqlException.of(AdqlException.Kind.TYPE, c.pos(), "CIRCLE radius " + r.toPlainString()
                            + " is outside [0, 90] degrees", "a circle's radius is in degrees, at most 90");
                }
                yield "scircle(" + value(c.center()) + ", radians(" + num(c.radius()) + "))";
            }
            case Box b -> box(b);
            case Polygon p -> polygon(p.vertices(), p.pos());
            case Region r -> region(r);
            case Centroid c -> centroid(c);
            case Area a -> q.type(a.geometry()).geometry() == Geometry.POINT ? "0.0" : area(a.geometry());
            case Coord1 c -> "degrees(long(" + value(c.point()) + "))";
            case Coord2 c -> "degrees(lat(" + value(c.point()) + "))";
            case CoordSys c -> SqlText.string(coordSysOf(c.geometry()));
            case Distance d -> "degrees(" + value(d.p1()) + " <-> " + value(d.p2()) + ")";
            case Contains c -> "(CASE WHEN " + spatial(c, false) + " THEN 1 ELSE 0 END)";
            case Intersects i -> "(CASE WHEN " + spatial(i, false) + " THEN 1 ELSE 0 END)";
        };
    }

    private String call(Call c) {
        List<Value> a = c.args();
        return switch (c.fn()) {
            case ABS -> "abs(" + num(a.get(0)) + ")";
            case CEILING -> "ceil(" + num(a.get(0)) + ")";
            case DEGREES -> "degrees(" + num(a.get(0)) + ")";
            case EXP -> "exp(" + num(a.get(0)) + ")";
            case FLOOR -> "floor(" + num(a.get(0)) + ")";
            case LOG -> "ln(" + num(a.get(0)) + ")";
            case LOG10 -> "log(" + num(a.get(0)) + ")";
            case MOD -> q.type(a.get(0)).isIntegral() && q.type(a.get(1)).isIntegral()
                    ? "mod(" + num(a.get(0)) + ", " + num(a.get(1)) + ")"
                    : "mod(" + numericArg(a.get(0)) + ", " + numericArg(a.get(1)) + ")";
            case PI -> "pi()";
            case POWER -> "power(" + num(a.get(0)) + ", " + num(a.get(1)) + ")";
            case RADIANS -> "radians(" + num(a.get(0)) + ")";
            case RAND -> "random()";
            case ROUND -> a.size() == 1 ? "round(" + numericArg(a.get(0)) + ")"
                    : "round(" + numericArg(a.get(0)) + ", CAST(" + num(a.get(1)) + " AS integer))";
            case TRUNCATE -> a.size() == 1 ? "trunc(" + num(a.get(0)) + ")"
                    : "trunc(" + numericArg(a.get(0)) + ", CAST(" + num(a.get(1)) + " AS integer))";
            case SQRT -> "sqrt(" + num(a.get(0)) + ")";
            case ACOS, ASIN, ATAN, COS, COT, SIN, TAN -> c.fn().name().toLowerCase(Locale.ROOT) + "(" + num(a.get(0)) + ")";
            case ATAN2 -> "atan2(" + num(a.get(0)) + ", " + num(a.get(1)) + ")";
            case LOWER -> "lower(" + str(a.get(0)) + ")";
            case UPPER -> "upper(" + str(a.get(0)) + ")";
        };
    }

    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

    private String udf(UdfCall u) {
        String template = q.udf(u).sqlTemplate();
        if (template == null || template.isBlank()) {
            throw AdqlException.of(UNSUPPORTED, u.pos(), "function " + u.name().name() + " has no SQL translation in this service");
        }
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int k = Integer.parseInt(m.group(1));
            if (k < 1 || k > u.args().size()) {
                throw new IllegalStateException("template of " + u.name().name() + " refers to $" + k);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement("(" + value(u.args().get(k - 1)) + ")"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String caseExpr(Case c) {
        StringBuilder sb = new StringBuilder("(CASE");
        if (c.operand() != null) sb.append(' ').append(value(c.operand()));
        for (When w : c.whens()) {
            sb.append(" WHEN ").append(w.when() instanceof Condition cd ? cond(cd) : value((Value) w.when()));
            sb.append(" THEN ").append(value(w.then()));
        }
        if (c.otherwise() != null) sb.append(" ELSE ").append(value(c.otherwise()));
        return sb.append(" END)").toString();
    }

    private String cast(Cast c) {
        TypeName t = c.type().name();
        Integer n = c.type().length();
        String operand = value(c.operand());
        return switch (t) {
            case SMALLINT -> "CAST(" + operand + " AS smallint)";
            case INTEGER -> "CAST(" + operand + " AS integer)";
            case BIGINT -> "CAST(" + operand + " AS bigint)";
            case REAL -> "CAST(" + operand + " AS real)";
            case DOUBLE_PRECISION -> "CAST(" + operand + " AS double precision)";
            case CHAR -> "CAST(" + operand + (n == null ? " AS char(1))" : " AS char(" + n + "))");
            case VARCHAR -> "CAST(" + operand + (n == null ? " AS varchar)" : " AS varchar(" + n + "))");
            case TIMESTAMP -> "CAST(" + operand + " AS timestamp)";
            case POINT, CIRCLE, POLYGON -> {
                if (!(c.operand() instanceof StrLit s)) yield operand; // geometry of the same kind, or NULL
                yield daliLiteral(s, t);
            }
        };
    }

    private String daliLiteral(StrLit s, TypeName t) {
        String[] parts = s.value().strip().split("\\s+");
        List<BigDecimal> nums = new ArrayList<>();
        try {
            for (String p : parts) nums.add(new BigDecimal(p));
        } catch (NumberFormatException e) {
            throw AdqlException.of(AdqlException.Kind.TYPE, s.pos(), "'" + s.value() + "' is not a DALI " + t.name().toLowerCase(Locale.ROOT),
                    "write numbers separated by spaces, in degrees");
        }
        int expected = t == TypeName.POINT ? 2 : t == TypeName.CIRCLE ? 3 : -1;
        if ((expected > 0 && nums.size() != expected) || (expected < 0 && (nums.size() < 6 || nums.size() % 2 != 0))) {
            throw AdqlException.of(AdqlException.Kind.TYPE, s.pos(), "'" + s.value() + "' has the wrong number of values for a DALI " + t.name().toLowerCase(Locale.ROOT));
        }
        return switch (t) {
            case POINT -> spointLiteral(nums.get(0), nums.get(1), s.pos());
            case CIRCLE -> "scircle(" + spointLiteral(nums.get(0), nums.get(1), s.pos()) + ", radians(" + coord(nums.get(2), s.pos()) + "))";
            default -> spolyLiteral(nums, s.pos());
        };
    }

    private static String spointLiteral(BigDecimal a, BigDecimal b, Pos pos) {
        return "spoint(radians(" + coord(a, pos) + "), radians(" + coord(b, pos) + "))";
    }

    /**
     * A literal coordinate in plain decimal notation. Going through a double bounds the text (a literal
     * such as 1e-999999999 would otherwise expand to a billion digits).
     */
    private static String coord(BigDecimal v, Pos pos) {
        double d = v.doubleValue();
        if (!Double.isFinite(d) || Math.abs(d) > 1e9) {
            throw AdqlException.of(AdqlException.Kind.TYPE, pos, "a coordinate or radius of " + v.toString().substring(0, Math.min(20, v.toString().length()))
                    + " is out of range");
        }
        return SqlText.decimal(d);
    }

    /** {@code CAST('{(10d,-30d),(11d,-30d),(11d,-29d)}' AS spoly)} from degrees. */
    private static String spolyLiteral(List<BigDecimal> coords, Pos pos) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < coords.size(); i += 2) {
            if (i > 0) sb.append(',');
            sb.append('(').append(coord(coords.get(i), pos)).append("d,").append(coord(coords.get(i + 1), pos)).append("d)");
        }
        return "CAST(" + SqlText.string(sb.append('}').toString()) + " AS spoly)";
    }

    /** A literal number (possibly negated) or null. */
    private static BigDecimal literal(Value v) {
        if (v instanceof NumLit n) {
            try {
                return new BigDecimal(n.text());
            } catch (NumberFormatException exponentTooLarge) {
                return null;
            }
        }
        if (v instanceof Negate neg && literal(neg.operand()) != null) return literal(neg.operand()).negate();
        return null;
    }

    private String polygon(List<Value> vertices, Pos pos) {
        List<BigDecimal> coords = new ArrayList<>();
        for (Value v : vertices) {
            if (v instanceof Point p && literal(p.c1()) != null && literal(p.c2()) != null) {
                coords.add(literal(p.c1()));
                coords.add(literal(p.c2()));
            } else {
                coords = null;
                break;
            }
        }
        if (coords != null) {
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int i = 0; i + 1 < coords.size(); i += 2) {
                checkLatitude(coords.get(i + 1), pos);
                distinct.add(coords.get(i).stripTrailingZeros().toPlainString() + " "
                        + coords.get(i + 1).stripTrailingZeros().toPlainString());
            }
            if (distinct.size() < 3) {
                throw AdqlException.of(AdqlException.Kind.TYPE, pos, "POLYGON has " + distinct.size()
                        + " distinct vertices", "a polygon needs at least three different (ra, dec) vertices");
            }
            return spolyLiteral(coords, pos);
        }
        StringBuilder sb = new StringBuilder("(SELECT spoly(\"adql_v\".\"adql_p\" ORDER BY \"adql_v\".\"adql_n\") FROM (VALUES ");
        for (int i = 0; i < vertices.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append('(').append(i + 1).append(", ").append(value(vertices.get(i))).append(')');
        }
        return sb.append(") AS \"adql_v\" (\"adql_n\", \"adql_p\"))").toString();
    }

    private static void checkLatitude(Value v, Pos pos) {
        checkLatitude(literal(v), pos);
    }

    private static void checkLatitude(BigDecimal dec, Pos pos) {
        if (dec != null && dec.abs().compareTo(BigDecimal.valueOf(90)) > 0) {
            throw AdqlException.of(AdqlException.Kind.TYPE, pos, "declination " + dec.toPlainString()
                    + " is outside [-90, 90] degrees", "the second coordinate is the latitude, in degrees");
        }
    }

    /** BOX with literal arguments: the four corners of ADQL's great-circle box, as an spoly. */
    private String box(Box b) {
        BigDecimal ra = null;
        BigDecimal dec = null;
        if (b.center() instanceof Point p) {
            ra = literal(p.c1());
            dec = literal(p.c2());
        }
        BigDecimal w = literal(b.width());
        BigDecimal h = literal(b.height());
        if (ra == null || dec == null || w == null || h == null) {
            throw AdqlException.of(UNSUPPORTED, b.pos(), "BOX is supported with literal numbers only (it is deprecated in ADQL 2.1)",
                    "use POLYGON or CIRCLE for computed shapes");
        }
        for (BigDecimal x : List.of(ra, dec, w, h)) coord(x, b.pos());
        List<BigDecimal> coords = new ArrayList<>();
        for (double[] c : SphereMath.boxCorners(ra.doubleValue(), dec.doubleValue(), w.doubleValue(), h.doubleValue())) {
            coords.add(new BigDecimal(SqlText.decimal(c[0])));
            coords.add(new BigDecimal(SqlText.decimal(c[1])));
        }
        return spolyLiteral(coords, b.pos());
    }

    /** Square degrees: pgSphere's area is in steradians. */
    private String area(Value g) {
        List<String> p = parts(g);
        if (p.size() == 1) return "degrees(degrees(area(" + p.get(0) + ")))";
        return "degrees(degrees(COALESCE(area(" + p.get(0) + "), area(" + p.get(1) + "))))";
    }

    private String centroid(Centroid c) {
        Geometry g = q.type(c.geometry()).geometry();
        return switch (g) {
            case POINT -> value(c.geometry());
            case CIRCLE -> "center(" + value(c.geometry()) + ")";
            // adql_centroid: a function of this service's schema (pgSphere 1.2 has none), see R__0_adql_functions.sql
            case POLYGON -> "adql_centroid(" + value(c.geometry()) + ")";
            case REGION -> {
                List<String> p = parts(c.geometry());
                yield p.size() == 2 ? "COALESCE(adql_centroid(" + p.get(0) + "), center(" + p.get(1) + "))"
                        : "adql_centroid(" + p.get(0) + ")";
            }
            default -> throw AdqlException.of(UNSUPPORTED, c.pos(), "CENTROID of this value is not supported",
                    "CENTROID works on points, circles, polygons and regions");
        };
    }

    private static String coordSysOf(Value g) {
        Value cs = switch (g) {
            case Point p -> p.coordSys();
            case Circle c -> c.coordSys();
            case Box b -> b.coordSys();
            case Polygon p -> p.coordSys();
            default -> null;
        };
        return cs instanceof StrLit s && !s.value().isBlank() ? s.value() : "ICRS";
    }

    private static final Pattern NUMERIC = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** REGION('...') with a simple STC-S shape: POSITION, CIRCLE, BOX, POLYGON in ICRS (or an unnamed frame). */
    private String region(Region r) {
        String[] words = r.text().value().strip().split("\\s+");
        String shape = words[0].toUpperCase(Locale.ROOT);
        List<BigDecimal> nums = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (NUMERIC.matcher(w).matches()) {
                try {
                    nums.add(new BigDecimal(w));
                } catch (NumberFormatException e) {
                    throw AdqlException.of(AdqlException.Kind.TYPE, r.pos(), "REGION coordinate " + w.substring(0, Math.min(20, w.length())) + " is out of range");
                }
            } else if (nums.isEmpty() && List.of("ICRS", "FK5", "J2000", "UNKNOWNFRAME", "BARYCENTER", "GEOCENTER", "TOPOCENTER",
                    "UNKNOWNREFPOS", "SPHERICAL2").contains(w.toUpperCase(Locale.ROOT))) {
                continue;
            } else {
                throw AdqlException.of(UNSUPPORTED, r.pos(), "REGION supports simple STC-S shapes in ICRS (POSITION, CIRCLE, BOX, POLYGON); found '" + w + "'");
            }
        }
        switch (shape) {
            case "POSITION" -> {
                if (nums.size() == 2) return spointLiteral(nums.get(0), nums.get(1), r.pos());
            }
            case "CIRCLE" -> {
                if (nums.size() == 3) return "scircle(" + spointLiteral(nums.get(0), nums.get(1), r.pos()) + ", radians(" + coord(nums.get(2), r.pos()) + "))";
            }
            case "BOX" -> {
                if (nums.size() == 4) {
                    for (BigDecimal x : nums) coord(x, r.pos());
                    List<BigDecimal> coords = new ArrayList<>();
                    for (double[] c : SphereMath.boxCorners(nums.get(0).doubleValue(), nums.get(1).doubleValue(), nums.get(2).doubleValue(), nums.get(3).doubleValue())) {
                        coords.add(new BigDecimal(SqlText.decimal(c[0])));
                        coords.add(new BigDecimal(SqlText.decimal(c[1])));
                    }
                    return spolyLiteral(coords, r.pos());
                }
            }
            case "POLYGON" -> {
                if (nums.size() >= 6 && nums.size() % 2 == 0) return spolyLiteral(nums, r.pos());
            }
            default -> throw AdqlException.of(UNSUPPORTED, r.pos(), "REGION shape " + words[0] + " is not supported",
                    "supported: POSITION, CIRCLE, BOX, POLYGON");
        }
        throw AdqlException.of(AdqlException.Kind.TYPE, r.pos(), "REGION " + shape + " has the wrong number of coordinates");
    }
}
