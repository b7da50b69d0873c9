package org.rucio.ivoa.adql.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.Suggest;
import org.rucio.ivoa.adql.ast.Expr;
import org.rucio.ivoa.adql.ast.Expr.*;
import org.rucio.ivoa.adql.ast.FromItem;
import org.rucio.ivoa.adql.ast.Ident;
import org.rucio.ivoa.adql.ast.Nodes;
import org.rucio.ivoa.adql.ast.Pos;
import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.ast.QueryExpr;
import org.rucio.ivoa.adql.check.CheckedQuery.ColumnBinding;
import org.rucio.ivoa.adql.check.CheckedQuery.SelectColumn;
import org.rucio.ivoa.adql.check.CheckedQuery.TableBinding;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.meta.FunctionMeta;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.TableMeta;
import org.rucio.ivoa.adql.meta.UploadTable;

/**
 * Resolves every table, column and function of a parsed query against {@link Metadata} (plus the
 * query's TAP_UPLOAD tables and its WITH queries), checks argument types, and computes the type and
 * metadata of every output column. Regular identifiers match case-insensitively, delimited ones exactly.
 */
public final class Checker {
    private static final AdqlException.Kind NAME = AdqlException.Kind.NAME;
    private static final AdqlException.Kind TYPE = AdqlException.Kind.TYPE;

    private final Metadata md;
    private final Map<String, UploadTable> uploads;
    private final CheckedQuery out;
    private final Map<String, CteDef> ctes = new LinkedHashMap<>();
    private final Set<String> usedAliases = new HashSet<>();
    private boolean aggregatesForbidden;
    private String forbiddenClause;

    private record CteDef(Ident name, String sqlName, List<SrcCol> cols) {}

    /** A column visible in a scope; {@code sqlCircle} is the scircle half of a two-column region, else null. */
    private record SrcCol(Ident name, String sqlName, TypeInfo info, String sqlCircle) {
        SrcCol(Ident name, String sqlName, TypeInfo info) {
            this(name, sqlName, info, null);
        }

        ColumnBinding bind(String qualifier) {
            return new ColumnBinding(qualifier, sqlName, info, sqlCircle);
        }
    }

    /** A FROM entry visible in a scope; {@code alias} is the user's alias or null. */
    private record Source(Ident alias, String schema, Ident table, String sqlAlias, List<SrcCol> cols) {
        boolean matches(List<Ident> q) {
            if (alias != null) return q.size() == 1 && q.get(0).sameAs(alias);
            if (!q.get(q.size() - 1).sameAs(table)) return false;
            if (q.size() >= 2) return schema != null && q.get(q.size() - 2).matches(schema);
            return true;
        }

        String shown() {
            return alias != null ? alias.name() : (schema == null ? table.name() : schema + "." + table.name());
        }
    }

    private static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        final List<SrcCol> merged = new ArrayList<>();

        Scope(Scope parent) { this.parent = parent; }
    }

    private Checker(Metadata md, Map<String, UploadTable> uploads, Query q) {
        this.md = md;
        this.uploads = uploads == null ? Map.of() : uploads;
        this.out = new CheckedQuery(q);
    }

    /** Checks a parsed query; {@code uploads} maps TAP_UPLOAD table names (any case) to their tables. */
    public static CheckedQuery check(Query q, Metadata md, Map<String, UploadTable> uploads) {
        Checker c = new Checker(md, uploads, q);
        for (Query.Cte cte : q.with()) {
            List<SelectColumn> cols = c.queryExpr(cte.query(), null, false);
            String key = canonical(cte.name());
            if (c.ctes.containsKey(key)) throw AdqlException.of(NAME, cte.pos(), "WITH query " + cte.name() + " is defined twice");
            List<SrcCol> src = new ArrayList<>();
            List<String> sqlCols = new ArrayList<>();
            if (!cte.columns().isEmpty()) {
                if (cte.columns().size() != cols.size()) {
                    throw AdqlException.of(TYPE, cte.pos(), "WITH query " + cte.name() + " names " + cte.columns().size()
                            + " columns but its SELECT returns " + cols.size());
                }
                for (int i = 0; i < cols.size(); i++) {
                    Ident n = cte.columns().get(i);
                    String circle = cols.get(i).circleAlias() == null ? null : canonical(n) + "_circle";
                    src.add(new SrcCol(n, canonical(n), cols.get(i).info(), circle));
                    sqlCols.add(canonical(n));
                    if (circle != null) sqlCols.add(circle);
                }
            } else {
                for (SelectColumn sc : cols) {
                    src.add(new SrcCol(new Ident(Pos.NONE, sc.name(), true), sc.sqlAlias(), sc.info(), sc.circleAlias()));
                }
            }
            String sqlName = c.uniqueAlias(key);
            c.ctes.put(key, new CteDef(cte.name(), sqlName, src));
            c.out.cteNames.put(cte, sqlName);
            c.out.cteColumns.put(cte, sqlCols);
        }
        List<SelectColumn> cols = c.queryExpr(q.body(), null, true);
        List<OutputColumn> result = new ArrayList<>();
        for (SelectColumn sc : cols) result.add(OutputColumn.of(sc.name(), sc.info()));
        return c.out.withColumns(result);
    }

    /** Lower case for regular identifiers (PostgreSQL's folding), exact for delimited ones. */
    static String canonical(Ident i) {
        return i.delimited() ? i.name() : i.name().toLowerCase(Locale.ROOT);
    }

    private String uniqueAlias(String base) {
        String a = base;
        for (int n = 2; usedAliases.contains(a); n++) a = base + "_" + n;
        usedAliases.add(a);
        return a;
    }

    // ------------------------------------------------------------------ queries

    /**
     * {@code output}: the rows go to the client (the main query and the operands of its set operations);
     * otherwise they feed an enclosing query, and two-column regions stay two SQL columns.
     */
    private List<SelectColumn> queryExpr(QueryExpr q, Scope parent, boolean output) {
        List<SelectColumn> cols = switch (q) {
            case QueryExpr.Select s -> select(s, parent, output);
            case QueryExpr.SetOperation s -> {
                List<SelectColumn> left = queryExpr(s.left(), parent, output);
                List<SelectColumn> right = queryExpr(s.right(), parent, output);
                if (left.size() != right.size()) {
                    throw AdqlException.of(TYPE, s.pos(), s.op() + " needs the same number of columns on both sides: "
                            + left.size() + " on the left, " + right.size() + " on the right");
                }
                for (int i = 0; i < left.size(); i++) {
                    if (!s.all()) unsortable(left.get(i).info(), s.pos(), s.op().name() + " without ALL");
                    if ((left.get(i).circleAlias() == null) != (right.get(i).circleAlias() == null)) {
                        throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, s.pos(), s.op() + " inside a sub-query cannot combine column "
                                + left.get(i).name() + " with a computed geometry", "combine them in the main query instead");
                    }
                    TypeInfo.Kind lk = left.get(i).info().kind();
                    TypeInfo.Kind rk = right.get(i).info().kind();
                    if (lk != rk && lk != TypeInfo.Kind.NULL && rk != TypeInfo.Kind.NULL) {
                        throw AdqlException.of(TYPE, s.pos(), s.op() + " column " + (i + 1) + " is " + left.get(i).info().describe()
                                + " on the left but " + right.get(i).info().describe() + " on the right");
                    }
                }
                Scope sc = new Scope(parent);
                OrderItemCheck oc = new OrderItemCheck(left);
                for (QueryExpr.OrderItem o : s.orderBy()) oc.check(o, sc, true);
                yield left;
            }
        };
        out.outputs.put(q, cols);
        return cols;
    }

    private final class OrderItemCheck {
        final List<SelectColumn> cols;

        OrderItemCheck(List<SelectColumn> cols) { this.cols = cols; }

        void check(QueryExpr.OrderItem o, Scope sc, boolean outputsOnly) {
            Value e = o.expr();
            if (e instanceof NumLit n && n.integer()) {
                long k;
                try {
                    k = Long.parseLong(n.text());
                } catch (NumberFormatException tooBig) {
                    k = -1;
                }
                if (k < 1 || k > cols.size()) {
                    throw AdqlException.of(NAME, n.pos(), "ORDER BY " + n.text() + " refers to no column: the select list has " + cols.size());
                }
                out.types.put(n, TypeInfo.INT);
                unsortable(cols.get((int) k - 1).info(), n.pos(), "ORDER BY");
                return;
            }
            if (e instanceof Column c && c.qualifier().isEmpty()) {
                SelectColumn hit = null;
                for (SelectColumn s : cols) {
                    if (c.name().sameAs(new Ident(Pos.NONE, s.name(), true))) {
                        if (hit != null && outputsOnly) throw AdqlException.of(NAME, c.pos(), "ORDER BY " + c.name() + " is ambiguous");
                        if (hit == null) hit = s;
                    }
                }
                if (hit != null) { // an output name wins over a column of FROM, as in SQL
                    ColumnBinding b = new ColumnBinding(null, hit.sqlAlias(), hit.info());
                    out.columnBindings.put(c, b);
                    out.types.put(c, hit.info());
                    unsortable(hit.info(), c.pos(), "ORDER BY");
                    return;
                }
            }
            if (outputsOnly) {
                throw AdqlException.of(NAME, e.pos(), "ORDER BY after a set operation takes a column name or position of the result",
                        Suggest.didYouMean(e instanceof Column c ? c.name().name() : "", cols.stream().map(SelectColumn::name).toList()));
            }
            unsortable(value(e, sc), e.pos(), "ORDER BY");
        }
    }

    /** pgSphere types have no ordering: sorting, grouping or de-duplicating them fails in the database. */
    private static void unsortable(TypeInfo t, Pos pos, String clause) {
        if (t.kind() == TypeInfo.Kind.GEOMETRY) {
            throw AdqlException.of(TYPE, pos, clause + " cannot compare geometries (" + t.describe() + ")",
                    clause.startsWith("UNION") || clause.startsWith("EXCEPT") || clause.startsWith("INTERSECT")
                            ? "use " + clause.split(" ")[0] + " ALL" : "sort or group by coordinates, e.g. COORD1(...), instead");
        }
    }

    private List<SelectColumn> select(QueryExpr.Select s, Scope parent, boolean output) {
        Scope sc = new Scope(parent);
        for (FromItem f : s.from()) from(f, sc, parent);
        if (s.where() != null) forbidAggregates("WHERE", () -> condition(s.where(), sc));
        List<SelectColumn> cols = new ArrayList<>();
        Set<String> sqlAliases = new HashSet<>();
        for (QueryExpr.Item item : s.items()) {
            switch (item) {
                case QueryExpr.Star st -> {
                    for (SrcCol m : st.qualifier().isEmpty() ? sc.merged : List.<SrcCol>of()) {
                        String a = unique(sqlAliases, m.name().name());
                        cols.add(new SelectColumn(null, m.bind(null), a, a, m.info(), circleAlias(m.sqlCircle(), output, sqlAliases, a)));
                    }
                    boolean any = false;
                    for (Source src : sc.sources) {
                        if (!st.qualifier().isEmpty() && !src.matches(st.qualifier())) continue;
                        any = true;
                        for (SrcCol col : src.cols()) {
                            if (st.qualifier().isEmpty() && isMerged(sc, col)) continue;
                            String a = unique(sqlAliases, col.name().name());
                            cols.add(new SelectColumn(null, col.bind(src.sqlAlias()), a, a, col.info(),
                                    circleAlias(col.sqlCircle(), output, sqlAliases, a)));
                        }
                    }
                    if (!any) {
                        throw AdqlException.of(NAME, st.pos(), "unknown table " + join(st.qualifier()) + " in " + join(st.qualifier()) + ".*",
                                Suggest.didYouMean(st.qualifier().get(st.qualifier().size() - 1).name(), sc.sources.stream().map(Source::shown).toList()));
                    }
                }
                case QueryExpr.Expression ex -> {
                    TypeInfo t = value(ex.expr(), sc);
                    String base;
                    if (ex.alias() != null) {
                        base = canonical(ex.alias());
                    } else if (ex.expr() instanceof Column c) {
                        base = nameOf(c, sc);
                    } else {
                        base = defaultName(ex.expr());
                    }
                    String sqlAlias = unique(sqlAliases, base);
                    String name = ex.alias() != null ? ex.alias().name() : sqlAlias;
                    String circle = ex.expr() instanceof Column c ? out.columnBindings.get(c).circle() : null;
                    cols.add(new SelectColumn(ex.expr(), null, name, sqlAlias, t, circleAlias(circle, output, sqlAliases, sqlAlias)));
                }
            }
        }
        for (Value g : s.groupBy()) {
            if (g instanceof Column c && c.qualifier().isEmpty() && resolveOrNull(c, sc) == null) {
                SelectColumn hit = cols.stream().filter(x -> c.name().sameAs(new Ident(Pos.NONE, x.name(), true))).findFirst().orElse(null);
                if (hit != null) {
                    out.columnBindings.put(c, new ColumnBinding(null, hit.sqlAlias(), hit.info()));
                    out.types.put(c, hit.info());
                    continue;
                }
            }
            forbidAggregates("GROUP BY", () -> unsortable(value(g, sc), g.pos(), "GROUP BY"));
        }
        if (s.distinct()) {
            for (SelectColumn c : cols) unsortable(c.info(), s.pos(), "SELECT DISTINCT");
        }
        if (s.having() != null) condition(s.having(), sc);
        OrderItemCheck oc = new OrderItemCheck(cols);
        for (QueryExpr.OrderItem o : s.orderBy()) oc.check(o, sc, false);
        checkGrouping(s, sc, cols);
        out.selects.put(s, cols);
        return cols;
    }

    /**
     * In a grouped SELECT (GROUP BY, or aggregates in the select list or HAVING), a column of this
     * SELECT's FROM used outside an aggregate must occur in a GROUP BY term. Conservative: a column
     * that occurs anywhere in a GROUP BY expression passes; the database judges the rest.
     */
    private void checkGrouping(QueryExpr.Select s, Scope sc, List<SelectColumn> cols) {
        boolean aggregated = s.having() != null
                || s.items().stream().anyMatch(i -> i instanceof QueryExpr.Expression e && Nodes.hasAggregate(e.expr()));
        if (s.groupBy().isEmpty() && !aggregated) return;
        Set<String> grouped = new HashSet<>();
        Set<String> groupedAliases = new HashSet<>();
        for (Value g : s.groupBy()) {
            for (Column c : Nodes.columns(g)) {
                ColumnBinding b = out.columnBindings.get(c);
                if (b == null) continue;
                grouped.add(b.qualifier() + "." + b.column());
                if (b.qualifier() == null) groupedAliases.add(b.column());
            }
        }
        Set<String> local = new HashSet<>();
        for (Source src : sc.sources) local.add(src.sqlAlias());
        for (SelectColumn col : cols) {
            if (groupedAliases.contains(col.sqlAlias())) continue;
            if (col.expr() == null) {
                ColumnBinding b = col.star();
                if (!grouped.contains(b.qualifier() + "." + b.column())) {
                    throw AdqlException.of(TYPE, s.pos(), "SELECT * is not allowed in a grouped query: column " + col.name()
                            + " is neither in GROUP BY nor inside an aggregate function");
                }
                continue;
            }
            requireGrouped(col.expr(), grouped, local, Set.of());
        }
        Set<String> outputs = new HashSet<>();
        for (SelectColumn col : cols) outputs.add(col.sqlAlias());
        if (s.having() != null) requireGrouped(s.having(), grouped, local, Set.of());
        for (QueryExpr.OrderItem o : s.orderBy()) requireGrouped(o.expr(), grouped, local, outputs);
    }

    /** {@code outputs}: SQL aliases of the select list, which ORDER BY may name (already checked as items). */
    private void requireGrouped(Expr e, Set<String> grouped, Set<String> local, Set<String> outputs) {
        for (Column c : Nodes.columnsOutsideAggregates(e)) {
            ColumnBinding b = out.columnBindings.get(c);
            if (b == null) continue;
            boolean outer = b.qualifier() != null && !local.contains(b.qualifier());
            boolean alias = b.qualifier() == null && (grouped.contains("null." + b.column()) || outputs.contains(b.column()));
            if (!outer && !alias && !grouped.contains(b.qualifier() + "." + b.column())) {
                throw AdqlException.of(TYPE, c.pos(), "column " + c.name() + " must appear in GROUP BY or be used inside an aggregate function",
                        "add it to GROUP BY, or wrap it as in MAX(" + c.name() + ")");
            }
        }
    }

    /** The SQL alias of the scircle half of a two-column region passed on by a sub-query, else null. */
    private static String circleAlias(String circle, boolean output, Set<String> used, String alias) {
        return circle == null || output ? null : unique(used, alias + "_circle");
    }

    private String nameOf(Column c, Scope sc) {
        // the declared name of the column (metadata spelling), not the spelling in the query
        for (Scope s = sc; s != null; s = s.parent) {
            for (SrcCol m : s.merged) if (c.qualifier().isEmpty() && c.name().sameAs(m.name())) return m.name().name();
            for (Source src : s.sources) {
                if (!c.qualifier().isEmpty() && !src.matches(c.qualifier())) continue;
                for (SrcCol col : src.cols()) if (c.name().sameAs(col.name())) return col.name().name();
            }
        }
        return c.name().name();
    }

    private static String unique(Set<String> used, String base) {
        String a = base;
        for (int n = 2; used.contains(a); n++) a = base + "_" + n;
        used.add(a);
        return a;
    }

    private static String defaultName(Value v) {
        return switch (v) {
            case Call c -> c.fn().name().toLowerCase(Locale.ROOT);
            case Aggregate a -> a.fn().name().toLowerCase(Locale.ROOT);
            case UdfCall u -> u.name().name().toLowerCase(Locale.ROOT);
            case Point p -> "point";
            case Circle c -> "circle";
            case Box b -> "box";
            case Polygon p -> "polygon";
            case Region r -> "region";
            case Centroid c -> "centroid";
            case Area a -> "area";
            case Coord1 c -> "coord1";
            case Coord2 c -> "coord2";
            case CoordSys c -> "coordsys";
            case Distance d -> "distance";
            case Contains c -> "contains";
            case Intersects i -> "intersects";
            case Cast c -> "cast";
            case Coalesce c -> "coalesce";
            case NullIf n -> "nullif";
            case InUnit i -> "in_unit";
            case Case c -> "case";
            default -> "expr";
        };
    }

    private interface Body { void run(); }

    private void forbidAggregates(String clause, Body b) {
        boolean saved = aggregatesForbidden;
        String savedClause = forbiddenClause;
        aggregatesForbidden = true;
        forbiddenClause = clause;
        try {
            b.run();
        } finally {
            aggregatesForbidden = saved;
            forbiddenClause = savedClause;
        }
    }

    // ------------------------------------------------------------------ FROM

    private void from(FromItem f, Scope sc, Scope outer) {
        switch (f) {
            case FromItem.Table t -> sc.sources.add(table(t));
            case FromItem.Derived d -> {
                boolean saved = aggregatesForbidden;
                aggregatesForbidden = false;
                List<SelectColumn> cols;
                try {
                    cols = queryExpr(d.query(), outer, false);
                } finally {
                    aggregatesForbidden = saved;
                }
                String alias = uniqueAlias(canonical(d.alias()));
                out.derivedAliases.put(d, alias);
                List<SrcCol> src = new ArrayList<>();
                for (SelectColumn c : cols) src.add(new SrcCol(new Ident(Pos.NONE, c.name(), true), c.sqlAlias(), c.info(), c.circleAlias()));
                checkDuplicateAlias(sc, d.alias());
                sc.sources.add(new Source(d.alias(), null, d.alias(), alias, src));
            }
            case FromItem.Join j -> {
                int before = sc.sources.size();
                from(j.left(), sc, outer);
                int mid = sc.sources.size();
                from(j.right(), sc, outer);
                List<Source> left = sc.sources.subList(before, mid);
                List<Source> right = sc.sources.subList(mid, sc.sources.size());
                if (j.natural() || !j.using().isEmpty()) {
                    List<Ident> names = new ArrayList<>(j.using());
                    if (j.natural()) {
                        for (Source l : left) {
                            for (SrcCol lc : l.cols()) {
                                boolean inRight = right.stream().anyMatch(r -> r.cols().stream().anyMatch(rc -> rc.name().sameAs(lc.name())));
                                if (inRight && names.stream().noneMatch(n -> n.sameAs(lc.name()))) names.add(lc.name());
                            }
                        }
                    }
                    List<String> sqlNames = new ArrayList<>();
                    for (Ident n : names) {
                        SrcCol lc = findIn(left, n, j.pos(), "left");
                        SrcCol rc = findIn(right, n, j.pos(), "right");
                        if (!lc.sqlName().equals(rc.sqlName())) {
                            throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, n.pos(), "column " + n.name()
                                    + " has different database names on the two sides of the join; use ON instead of USING");
                        }
                        if (!compatible(lc.info(), rc.info())) {
                            throw AdqlException.of(TYPE, n.pos(), "column " + n.name() + " is " + lc.info().describe() + " on the left but "
                                    + rc.info().describe() + " on the right of the join");
                        }
                        sc.merged.add(new SrcCol(lc.name(), lc.sqlName(), lc.info()));
                        sqlNames.add(lc.sqlName());
                    }
                    out.usingColumns.put(j, sqlNames);
                }
                if (j.on() != null) forbidAggregates("ON", () -> condition(j.on(), sc));
            }
        }
    }

    private static boolean isMerged(Scope sc, SrcCol col) {
        return sc.merged.stream().anyMatch(m -> m.name().sameAs(col.name()));
    }

    private SrcCol findIn(List<Source> sources, Ident n, Pos pos, String side) {
        SrcCol hit = null;
        for (Source s : sources) {
            for (SrcCol c : s.cols()) {
                if (n.sameAs(c.name())) {
                    if (hit != null) throw AdqlException.of(NAME, n.pos(), "column " + n + " is ambiguous on the " + side + " side of the join");
                    hit = c;
                }
            }
        }
        if (hit == null) {
            List<String> all = sources.stream().flatMap(s -> s.cols().stream()).map(c -> c.name().name()).toList();
            throw AdqlException.of(NAME, n.pos().line() > 0 ? n.pos() : pos, "column " + n + " of the join is not on its " + side + " side",
                    Suggest.didYouMean(n.name(), all));
        }
        return hit;
    }

    private void checkDuplicateAlias(Scope sc, Ident alias) {
        for (Source s : sc.sources) {
            if (s.alias() != null && s.alias().sameAs(alias)) {
                throw AdqlException.of(NAME, alias.pos(), "the alias " + alias + " is used twice in the same FROM");
            }
        }
    }

    private Source table(FromItem.Table t) {
        Ident tn = t.tableName();
        Ident schema = t.schemaName();
        TableMeta meta = null;
        CteDef cte = null;
        if (schema == null) {
            cte = ctes.get(canonical(tn));
            if (cte == null) {
                for (CteDef c : ctes.values()) if (tn.sameAs(c.name())) cte = c;
            }
        }
        if (cte != null) {
            String alias = t.alias() != null ? uniqueAlias(canonical(t.alias())) : cte.sqlName();
            out.tables.put(t, new TableBinding(null, cte.sqlName(), alias));
            return new Source(t.alias(), null, cte.name(), alias, cte.cols());
        }
        if (schema != null && schema.matches("TAP_UPLOAD")) {
            UploadTable up = null;
            for (Map.Entry<String, UploadTable> e : uploads.entrySet()) {
                if (tn.matches(e.getKey())) up = e.getValue();
            }
            if (up == null) {
                throw AdqlException.of(NAME, tn.pos(), "no table TAP_UPLOAD." + tn.name() + " was uploaded with this query",
                        Suggest.didYouMean(tn.name(), uploads.keySet()));
            }
            meta = up.asTable();
        } else {
            List<TableMeta> hits = new ArrayList<>();
            for (TableMeta m : md.tables()) {
                if (tn.matches(m.name()) && (schema == null || (m.schema() != null && schema.matches(m.schema())))) hits.add(m);
            }
            if (hits.isEmpty()) {
                List<String> names = md.tables().stream().map(TableMeta::qualifiedName).toList();
                String written = join(t.name());
                List<String> close = Suggest.closest(written, names);
                if (close.isEmpty()) close = Suggest.closest(tn.name(), md.tables().stream().map(TableMeta::name).toList());
                throw AdqlException.of(NAME, t.pos(), "unknown table " + written,
                        close.isEmpty() ? "the tables are listed in TAP_SCHEMA.tables" : "did you mean " + String.join(", ", close) + "?");
            }
            if (hits.size() > 1) {
                throw AdqlException.of(NAME, t.pos(), "table " + tn + " is ambiguous: " + String.join(", ", hits.stream().map(TableMeta::qualifiedName).toList()),
                        "qualify it with its schema");
            }
            meta = hits.get(0);
        }
        String alias = uniqueAlias(t.alias() != null ? canonical(t.alias()) : meta.name().toLowerCase(Locale.ROOT));
        out.tables.put(t, new TableBinding(meta.dbSchema(), meta.dbName(), alias));
        List<SrcCol> cols = new ArrayList<>();
        for (ColumnMeta c : meta.columns()) cols.add(new SrcCol(new Ident(Pos.NONE, c.name(), true), c.dbName(), TypeInfo.of(c), c.dbCircleName()));
        return new Source(t.alias(), meta.schema(), new Ident(Pos.NONE, meta.name(), true), alias, cols);
    }

    private static String join(List<Ident> parts) {
        StringBuilder sb = new StringBuilder();
        for (Ident i : parts) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append(i);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ columns

    private ColumnBinding resolveOrNull(Column c, Scope sc) {
        try {
            return resolve(c, sc);
        } catch (AdqlException e) {
            return null;
        }
    }

    private ColumnBinding resolve(Column c, Scope sc) {
        boolean qualifierSeen = false;
        for (Scope s = sc; s != null; s = s.parent) {
            if (c.qualifier().isEmpty()) {
                for (SrcCol m : s.merged) {
                    if (c.name().sameAs(m.name())) return m.bind(null);
                }
            }
            List<ColumnBinding> hits = new ArrayList<>();
            List<String> where = new ArrayList<>();
            for (Source src : s.sources) {
                if (!c.qualifier().isEmpty()) {
                    if (!src.matches(c.qualifier())) continue;
                    qualifierSeen = true;
                }
                for (SrcCol col : src.cols()) {
                    if (c.name().sameAs(col.name())) {
                        hits.add(col.bind(src.sqlAlias()));
                        where.add(src.shown());
                    }
                }
                if (!c.qualifier().isEmpty() && hits.isEmpty()) {
                    throw AdqlException.of(NAME, c.name().pos(), "unknown column " + c.name() + " in " + src.shown(),
                            Suggest.didYouMean(c.name().name(), src.cols().stream().map(x -> x.name().name()).toList()));
                }
            }
            if (hits.size() == 1) return hits.get(0);
            if (hits.size() > 1) {
                throw AdqlException.of(NAME, c.pos(), "column " + c.name() + " is ambiguous: it is in " + String.join(" and ", where),
                        "qualify it, as in " + where.get(0) + "." + c.name());
            }
        }
        if (!c.qualifier().isEmpty() && !qualifierSeen) {
            List<String> names = new ArrayList<>();
            for (Scope s = sc; s != null; s = s.parent) for (Source src : s.sources) names.add(src.shown());
            throw AdqlException.of(NAME, c.pos(), "unknown table or alias " + join(c.qualifier()) + " in " + join(c.qualifier()) + "." + c.name(),
                    Suggest.didYouMean(c.qualifier().get(c.qualifier().size() - 1).name(), names));
        }
        List<String> names = new ArrayList<>();
        for (Scope s = sc; s != null; s = s.parent) {
            for (Source src : s.sources) for (SrcCol col : src.cols()) names.add(col.name().name());
            for (SrcCol m : s.merged) names.add(m.name().name());
        }
        String hint = Suggest.didYouMean(c.name().name(), names);
        if (hint == null && c.name().delimited()) hint = "a delimited identifier matches case exactly";
        throw AdqlException.of(NAME, c.pos(), "unknown column " + c.name(), hint);
    }

    // ------------------------------------------------------------------ expressions

    private static boolean compatible(TypeInfo a, TypeInfo b) {
        TypeInfo.Kind x = a.kind();
        TypeInfo.Kind y = b.kind();
        if (x == TypeInfo.Kind.NULL || y == TypeInfo.Kind.NULL || x == y) return true;
        return (x == TypeInfo.Kind.TIMESTAMP && y == TypeInfo.Kind.STRING) || (x == TypeInfo.Kind.STRING && y == TypeInfo.Kind.TIMESTAMP);
    }

    private AdqlException typeError(Value v, TypeInfo t, String expected, String where) {
        return AdqlException.of(TYPE, v.pos(), where + " expects " + expected + ", found " + t.describe());
    }

    private TypeInfo numeric(Value v, Scope sc, String where) {
        TypeInfo t = value(v, sc);
        if (!t.isNumeric()) throw typeError(v, t, "a number", where);
        return t;
    }

    private TypeInfo string(Value v, Scope sc, String where) {
        TypeInfo t = value(v, sc);
        if (!t.isString()) throw typeError(v, t, "a string", where);
        return t;
    }

    private TypeInfo geometry(Value v, Scope sc, String where) {
        TypeInfo t = value(v, sc);
        if (t.kind() != TypeInfo.Kind.GEOMETRY && t.kind() != TypeInfo.Kind.NULL) throw typeError(v, t, "a geometry", where);
        return t;
    }

    private TypeInfo point(Value v, Scope sc, String where) {
        TypeInfo t = value(v, sc);
        if (t.geometry() != ColumnMeta.Geometry.POINT && t.kind() != TypeInfo.Kind.NULL) throw typeError(v, t, "a point", where);
        return t;
    }

    private void coordSys(Value cs, Scope sc) {
        if (cs != null) value(cs, sc);
    }

    /** Result type of arithmetic; an untyped NULL operand is a double (the translator writes it so). */
    private static TypeInfo promote(TypeInfo a, TypeInfo b) {
        if (a.kind() == TypeInfo.Kind.NULL || b.kind() == TypeInfo.Kind.NULL) return TypeInfo.DOUBLE;
        int ra = rank(a.datatype());
        int rb = rank(b.datatype());
        int r = Math.max(Math.max(ra, rb), 1);
        return switch (r) {
            case 1 -> TypeInfo.INT;
            case 2 -> TypeInfo.LONG;
            case 3 -> TypeInfo.FLOAT;
            default -> TypeInfo.DOUBLE;
        };
    }

    private static int rank(String d) {
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "unsignedbyte", "short" -> 0;
            case "int" -> 1;
            case "long" -> 2;
            case "float" -> 3;
            default -> 4;
        };
    }

    private void condition(Condition c, Scope sc) {
        switch (c) {
            case Comparison cmp -> {
                TypeInfo l = value(cmp.left(), sc);
                TypeInfo r = value(cmp.right(), sc);
                if (!compatible(l, r)) {
                    throw AdqlException.of(TYPE, cmp.pos(), "cannot compare " + l.describe() + " with " + r.describe());
                }
                for (Value side : List.of(cmp.left(), cmp.right())) {
                    if (side instanceof Column col && out.columnBindings.get(col).split()) {
                        throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, col.pos(), "column " + col.name() + " cannot be compared with = or <>",
                                "use CONTAINS or INTERSECTS");
                    }
                }
                if ((l.kind() == TypeInfo.Kind.GEOMETRY || r.kind() == TypeInfo.Kind.GEOMETRY) && cmp.op() != CompOp.EQ && cmp.op() != CompOp.NE) {
                    throw AdqlException.of(TYPE, cmp.pos(), "geometries can only be compared with = or <>");
                }
                timestampLiteral(l, cmp.right());
                timestampLiteral(r, cmp.left());
            }
            case Between b -> {
                TypeInfo t = value(b.operand(), sc);
                for (Value v : List.of(b.low(), b.high())) {
                    TypeInfo o = value(v, sc);
                    if (!compatible(t, o)) throw AdqlException.of(TYPE, v.pos(), "BETWEEN bound is " + o.describe() + " but the value is " + t.describe());
                }
                if (t.kind() == TypeInfo.Kind.GEOMETRY) throw typeError(b.operand(), t, "a number, string or timestamp", "BETWEEN");
                for (Value v : List.of(b.low(), b.high())) {
                    if (out.types.get(v).kind() == TypeInfo.Kind.GEOMETRY) throw typeError(v, out.types.get(v), "a number, string or timestamp", "BETWEEN");
                    timestampLiteral(t, v);
                    timestampLiteral(out.types.get(v), b.operand());
                }
            }
            case Like l -> {
                string(l.operand(), sc, l.caseInsensitive() ? "ILIKE" : "LIKE");
                string(l.pattern(), sc, l.caseInsensitive() ? "ILIKE" : "LIKE");
            }
            case InList in -> {
                TypeInfo t = value(in.operand(), sc);
                for (Value v : in.items()) {
                    TypeInfo o = value(v, sc);
                    if (!compatible(t, o)) throw AdqlException.of(TYPE, v.pos(), "IN list item is " + o.describe() + " but the value is " + t.describe());
                    timestampLiteral(t, v);
                }
            }
            case InSubquery in -> {
                TypeInfo t = value(in.operand(), sc);
                List<SelectColumn> cols = subquery(in.query(), sc);
                if (cols.size() != 1) throw AdqlException.of(TYPE, in.pos(), "the sub-query of IN must return one column, not " + cols.size());
                if (cols.get(0).info().kind() == TypeInfo.Kind.GEOMETRY) throw typeError(in.operand(), cols.get(0).info(), "a number, string or timestamp", "IN");
                if (!compatible(t, cols.get(0).info())) {
                    throw AdqlException.of(TYPE, in.pos(), "IN compares " + t.describe() + " with " + cols.get(0).info().describe());
                }
            }
            case IsNull n -> value(n.operand(), sc);
            case Exists e -> subquery(e.query(), sc);
            case And a -> {
                condition(a.left(), sc);
                condition(a.right(), sc);
            }
            case Or o -> {
                condition(o.left(), sc);
                condition(o.right(), sc);
            }
            case Not n -> condition(n.operand(), sc);
        }
    }

    /** A string literal compared with a timestamp must be a DALI timestamp (else PostgreSQL fails at run time). */
    private void timestampLiteral(TypeInfo other, Value v) {
        if (other.kind() == TypeInfo.Kind.TIMESTAMP && !(v instanceof StrLit) && out.types.get(v).kind() == TypeInfo.Kind.STRING) {
            throw AdqlException.of(TYPE, v.pos(), "a timestamp can be compared with a string literal or a timestamp, not a computed string",
                    "write CAST(... AS TIMESTAMP)");
        }
        if (other.kind() == TypeInfo.Kind.TIMESTAMP && v instanceof StrLit s && !isDaliTimestamp(s.value())) {
            throw AdqlException.of(TYPE, s.pos(), "'" + s.value() + "' is not a DALI timestamp", "write YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.SSS][Z]");
        }
    }

    static boolean isDaliTimestamp(String s) {
        return s.strip().matches("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z?)?");
    }

    private List<SelectColumn> subquery(QueryExpr q, Scope sc) {
        boolean saved = aggregatesForbidden;
        aggregatesForbidden = false;
        try {
            return queryExpr(q, sc, false);
        } finally {
            aggregatesForbidden = saved;
        }
    }

    private TypeInfo value(Value v, Scope sc) {
        TypeInfo t = compute(v, sc);
        out.types.put(v, t);
        return t;
    }

    private TypeInfo compute(Value v, Scope sc) {
        return switch (v) {
            case NullLit n -> TypeInfo.NULL;
            case NumLit n -> {
                if (!n.integer()) yield TypeInfo.DOUBLE;
                try {
                    long x = Long.parseLong(n.text());
                    yield x <= Integer.MAX_VALUE ? TypeInfo.INT : TypeInfo.LONG;
                } catch (NumberFormatException e) {
                    yield TypeInfo.DOUBLE;
                }
            }
            case StrLit s -> TypeInfo.STRING;
            case Column c -> {
                ColumnBinding b = resolve(c, sc);
                out.columnBindings.put(c, b);
                yield b.info();
            }
            case Binary b -> {
                if (b.op() == BinOp.CONCAT) {
                    TypeInfo l = value(b.left(), sc);
                    TypeInfo r = value(b.right(), sc);
                    for (Value x : List.of(b.left(), b.right())) {
                        TypeInfo t = out.types.get(x);
                        if (t.kind() == TypeInfo.Kind.GEOMETRY || t.kind() == TypeInfo.Kind.OTHER) throw typeError(x, t, "a string", "||");
                    }
                    if (l.kind() != TypeInfo.Kind.STRING && r.kind() != TypeInfo.Kind.STRING && l.kind() != TypeInfo.Kind.NULL
                            && r.kind() != TypeInfo.Kind.NULL) {
                        throw typeError(b.left(), l, "a string on at least one side", "||");
                    }
                    yield TypeInfo.STRING;
                }
                TypeInfo l = numeric(b.left(), sc, "'" + b.op().symbol + "'");
                TypeInfo r = numeric(b.right(), sc, "'" + b.op().symbol + "'");
                TypeInfo t = promote(l, r);
                if ((b.op() == BinOp.ADD || b.op() == BinOp.SUB) && l.unit() != null && l.unit().equals(r.unit())) t = t.withUnit(l.unit());
                yield t;
            }
            case Negate n -> {
                TypeInfo t = numeric(n.operand(), sc, "unary '-'");
                yield t.kind() == TypeInfo.Kind.NULL ? TypeInfo.NULL : new TypeInfo(t.datatype(), null, null, t.unit(), null, null, null);
            }
            case Call c -> {
                for (Value a : c.args()) {
                    if (c.fn().isString()) string(a, sc, c.fn().name());
                    else numeric(a, sc, c.fn().name());
                }
                if (c.fn().isString()) yield TypeInfo.STRING;
                if ((c.fn() == Fn.ROUND || c.fn() == Fn.TRUNCATE) && c.args().size() == 2 && !out.types.get(c.args().get(1)).isIntegral()
                        && out.types.get(c.args().get(1)).kind() != TypeInfo.Kind.NULL) {
                    throw typeError(c.args().get(1), out.types.get(c.args().get(1)), "an integer number of decimals", c.fn().name());
                }
                TypeInfo first = c.args().isEmpty() ? null : out.types.get(c.args().get(0));
                yield switch (c.fn()) {
                    case DEGREES -> TypeInfo.DOUBLE.withUnit("deg");
                    case RADIANS -> TypeInfo.DOUBLE.withUnit("rad");
                    case ABS, CEILING, FLOOR, ROUND, TRUNCATE -> first.unit() == null ? TypeInfo.DOUBLE : TypeInfo.DOUBLE.withUnit(first.unit());
                    default -> TypeInfo.DOUBLE;
                };
            }
            case UdfCall u -> udf(u, sc);
            case Aggregate a -> {
                if (aggregatesForbidden) {
                    throw AdqlException.of(TYPE, a.pos(), a.fn() + " is an aggregate and cannot be used in " + forbiddenClause,
                            "use HAVING to filter on aggregates");
                }
                if (a.arg() == null) yield TypeInfo.LONG.withUcd("meta.number");
                if (Nodes.hasAggregate(a.arg())) {
                    throw AdqlException.of(TYPE, a.pos(), "aggregate functions cannot be nested", "use a sub-query in FROM");
                }
                TypeInfo t = value(a.arg(), sc);
                yield switch (a.fn()) {
                    case COUNT -> TypeInfo.LONG.withUcd("meta.number");
                    case AVG -> {
                        if (!t.isNumeric()) throw typeError(a.arg(), t, "a number", "AVG");
                        yield TypeInfo.DOUBLE.withUnit(t.unit());
                    }
                    case SUM -> {
                        if (!t.isNumeric()) throw typeError(a.arg(), t, "a number", "SUM");
                        yield (t.isIntegral() ? TypeInfo.LONG : TypeInfo.DOUBLE).withUnit(t.unit());
                    }
                    case MIN, MAX -> {
                        if (t.kind() == TypeInfo.Kind.GEOMETRY) throw typeError(a.arg(), t, "a number, string or timestamp", a.fn().name());
                        yield new TypeInfo(t.datatype(), t.arraysize(), t.xtype(), t.unit(), null, null, null);
                    }
                };
            }
            case Cast c -> {
                TypeInfo t = value(c.operand(), sc);
                TypeName target = c.type().name();
                boolean ok = switch (target) {
                    case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE_PRECISION -> t.isNumeric() || t.kind() == TypeInfo.Kind.STRING;
                    case CHAR, VARCHAR -> t.kind() != TypeInfo.Kind.GEOMETRY;
                    case TIMESTAMP -> t.kind() == TypeInfo.Kind.STRING || t.kind() == TypeInfo.Kind.TIMESTAMP || t.kind() == TypeInfo.Kind.NULL;
                    case POINT, CIRCLE, POLYGON -> t.kind() == TypeInfo.Kind.STRING || t.kind() == TypeInfo.Kind.NULL
                            || t.geometry().name().equals(target.name());
                };
                if (!ok) throw AdqlException.of(TYPE, c.pos(), "cannot CAST " + t.describe() + " to " + target.name().replace('_', ' '));
                if ((target == TypeName.POINT || target == TypeName.CIRCLE || target == TypeName.POLYGON) && t.kind() == TypeInfo.Kind.STRING
                        && !(c.operand() instanceof StrLit)) {
                    throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, c.pos(), "CAST to " + target + " is supported for string literals only");
                }
                if (target == TypeName.TIMESTAMP && c.operand() instanceof StrLit s && !isDaliTimestamp(s.value())) {
                    throw AdqlException.of(TYPE, s.pos(), "'" + s.value() + "' is not a DALI timestamp", "write YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.SSS][Z]");
                }
                Integer n = c.type().length();
                yield switch (target) {
                    case SMALLINT -> TypeInfo.SHORT;
                    case INTEGER -> TypeInfo.INT;
                    case BIGINT -> TypeInfo.LONG;
                    case REAL -> TypeInfo.FLOAT;
                    case DOUBLE_PRECISION -> TypeInfo.DOUBLE;
                    case CHAR -> new TypeInfo("char", n == null ? "1" : String.valueOf(n), null, null, null, null, null);
                    case VARCHAR -> new TypeInfo("char", n == null ? "*" : n + "*", null, null, null, null, null);
                    case TIMESTAMP -> TypeInfo.TIMESTAMP;
                    case POINT -> TypeInfo.POINT;
                    case CIRCLE -> TypeInfo.CIRCLE;
                    case POLYGON -> TypeInfo.POLYGON;
                };
            }
            case Coalesce c -> sameTypes(c.args(), sc, "COALESCE");
            case NullIf n -> sameTypes(List.of(n.first(), n.second()), sc, "NULLIF");
            case InUnit u -> {
                TypeInfo t = numeric(u.operand(), sc, "IN_UNIT");
                if (t.unit() == null || t.unit().isBlank()) {
                    throw AdqlException.of(TYPE, u.operand().pos(), "IN_UNIT needs a value with a unit; this one has none",
                            "IN_UNIT converts columns whose metadata declares a unit");
                }
                if (Units.parse(u.unit().value()) == null) {
                    throw AdqlException.of(TYPE, u.unit().pos(), "'" + u.unit().value() + "' is not a VOUnit this service understands");
                }
                Double f = Units.factor(t.unit(), u.unit().value());
                if (f == null || !Double.isFinite(f) || f == 0) {
                    throw AdqlException.of(TYPE, u.pos(), "cannot convert " + t.unit() + " to " + u.unit().value());
                }
                out.unitFactors.put(u, f);
                yield TypeInfo.DOUBLE.withUnit(u.unit().value()).withUcd(t.ucd());
            }
            case Case c -> {
                TypeInfo operand = c.operand() == null ? null : value(c.operand(), sc);
                List<Value> results = new ArrayList<>();
                for (When w : c.whens()) {
                    if (w.when() instanceof Condition cond) {
                        condition(cond, sc);
                    } else {
                        TypeInfo wt = value((Value) w.when(), sc);
                        if (!compatible(operand, wt)) throw AdqlException.of(TYPE, w.pos(), "CASE compares " + operand.describe() + " with " + wt.describe());
                    }
                    results.add(w.then());
                }
                if (c.otherwise() != null) results.add(c.otherwise());
                yield sameTypes(results, sc, "CASE");
            }
            case ScalarSubquery s -> {
                List<SelectColumn> cols = subquery(s.query(), sc);
                if (cols.size() != 1) throw AdqlException.of(TYPE, s.pos(), "a sub-query used as a value must return one column, not " + cols.size());
                if (cols.get(0).circleAlias() != null) {
                    throw AdqlException.of(AdqlException.Kind.UNSUPPORTED, s.pos(), "a sub-query used as a value cannot return the region column " + cols.get(0).name());
                }
                yield cols.get(0).info();
            }
            case Point p -> {
                coordSys(p.coordSys(), sc);
                numeric(p.c1(), sc, "POINT");
                numeric(p.c2(), sc, "POINT");
                yield TypeInfo.POINT;
            }
            case Circle c -> {
                coordSys(c.coordSys(), sc);
                point(c.center(), sc, "CIRCLE");
                numeric(c.radius(), sc, "CIRCLE");
                yield TypeInfo.CIRCLE;
            }
            case Box b -> {
                coordSys(b.coordSys(), sc);
                point(b.center(), sc, "BOX");
                numeric(b.width(), sc, "BOX");
                numeric(b.height(), sc, "BOX");
                yield TypeInfo.POLYGON;
            }
            case Polygon p -> {
                coordSys(p.coordSys(), sc);
                for (Value x : p.vertices()) point(x, sc, "POLYGON");
                yield TypeInfo.POLYGON;
            }
            case Region r -> TypeInfo.REGION;
            case Centroid c -> {
                geometry(c.geometry(), sc, "CENTROID");
                yield TypeInfo.POINT;
            }
            case Area a -> {
                geometry(a.geometry(), sc, "AREA");
                yield TypeInfo.DOUBLE.withUnit("deg**2").withUcd("phys.angArea");
            }
            case Coord1 c -> {
                point(c.point(), sc, "COORD1");
                yield TypeInfo.DOUBLE.withUnit("deg");
            }
            case Coord2 c -> {
                point(c.point(), sc, "COORD2");
                yield TypeInfo.DOUBLE.withUnit("deg");
            }
            case CoordSys c -> {
                geometry(c.geometry(), sc, "COORDSYS");
                yield TypeInfo.STRING;
            }
            case Distance d -> {
                point(d.p1(), sc, "DISTANCE");
                point(d.p2(), sc, "DISTANCE");
                yield TypeInfo.DOUBLE.withUnit("deg").withUcd("pos.angDistance");
            }
            case Contains c -> {
                geometry(c.inner(), sc, "CONTAINS");
                TypeInfo o = geometry(c.outer(), sc, "CONTAINS");
                if (o.geometry() == ColumnMeta.Geometry.POINT) {
                    throw AdqlException.of(TYPE, c.outer().pos(), "CONTAINS needs an area (circle, box, polygon or region) as its second argument; a point contains nothing");
                }
                yield TypeInfo.INT;
            }
            case Intersects i -> {
                TypeInfo a = geometry(i.a(), sc, "INTERSECTS");
                TypeInfo b = geometry(i.b(), sc, "INTERSECTS");
                if (a.geometry() == ColumnMeta.Geometry.POINT && b.geometry() == ColumnMeta.Geometry.POINT) {
                    throw AdqlException.of(TYPE, i.pos(), "INTERSECTS needs at least one area (circle, box, polygon or region)");
                }
                yield TypeInfo.INT;
            }
        };
    }

    private TypeInfo sameTypes(List<Value> values, Scope sc, String fn) {
        TypeInfo result = TypeInfo.NULL;
        for (Value v : values) {
            TypeInfo t = value(v, sc);
            if (!compatible(result, t)) {
                throw AdqlException.of(TYPE, v.pos(), fn + " mixes " + result.describe() + " and " + t.describe(), fn + " needs values of one type");
            }
            if (result.kind() == TypeInfo.Kind.NULL) result = t;
            else if (result.kind() == TypeInfo.Kind.NUMERIC && t.kind() == TypeInfo.Kind.NUMERIC) result = promote(result, t).withUnit(result.unit());
            else if (result.kind() == TypeInfo.Kind.STRING) result = TypeInfo.STRING;
        }
        return result.kind() == TypeInfo.Kind.NULL ? TypeInfo.NULL : new TypeInfo(result.datatype(), result.arraysize(), result.xtype(), result.unit(), null, null, null);
    }

    private TypeInfo udf(UdfCall u, Scope sc) {
        FunctionMeta f = null;
        for (FunctionMeta m : md.functions()) if (u.name().matches(m.name())) f = m;
        if (f == null) {
            throw AdqlException.of(NAME, u.pos(), "unknown function " + u.name().name(),
                    Suggest.didYouMean(u.name().name(), md.functions().stream().map(FunctionMeta::name).toList()));
        }
        if (f.params().size() != u.args().size()) {
            throw AdqlException.of(TYPE, u.pos(), f.name() + " takes " + f.params().size() + " argument(s), found " + u.args().size(), f.form());
        }
        for (int i = 0; i < u.args().size(); i++) {
            TypeInfo t = value(u.args().get(i), sc);
            TypeInfo want = adqlType(f.params().get(i).type());
            if (!compatible(want, t) && !(want.kind() == TypeInfo.Kind.GEOMETRY && t.kind() == TypeInfo.Kind.GEOMETRY)) {
                throw typeError(u.args().get(i), t, want.describe(), f.name() + " argument " + f.params().get(i).name());
            }
        }
        out.udfs.put(u, f);
        return adqlType(f.returnType());
    }

    /** The VOTable type of an ADQL type name (TAPRegExt UDF forms). */
    public static TypeInfo adqlType(String t) {
        String u = t.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        return switch (u) {
            case "SMALLINT" -> TypeInfo.SHORT;
            case "INTEGER", "INT" -> TypeInfo.INT;
            case "BIGINT" -> TypeInfo.LONG;
            case "REAL" -> TypeInfo.FLOAT;
            case "DOUBLE", "DOUBLE PRECISION" -> TypeInfo.DOUBLE;
            case "TIMESTAMP" -> TypeInfo.TIMESTAMP;
            case "POINT" -> TypeInfo.POINT;
            case "CIRCLE" -> TypeInfo.CIRCLE;
            case "POLYGON" -> TypeInfo.POLYGON;
            case "REGION" -> TypeInfo.REGION;
            default -> TypeInfo.STRING;
        };
    }
}
