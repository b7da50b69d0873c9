package org.rucio.ivoa.adql.check;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.rucio.ivoa.adql.ast.Expr;
import org.rucio.ivoa.adql.ast.FromItem;
import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.ast.QueryExpr;
import org.rucio.ivoa.adql.meta.FunctionMeta;

/**
 * A query whose every name has been resolved against the metadata: the AST, the typed output
 * columns, and for each node what the translator needs (SQL names of tables and columns, types,
 * expanded select lists, UDF declarations, unit factors). Lookups are by node identity.
 */
public final class CheckedQuery {
    /**
     * Where a column reference points in SQL: {@code qualifier} is a table alias or null; {@code circle}
     * is the second (scircle) column of a region stored in two columns, else null.
     */
    public record ColumnBinding(String qualifier, String column, TypeInfo info, String circle) {
        public ColumnBinding(String qualifier, String column, TypeInfo info) {
            this(qualifier, column, info, null);
        }

        public boolean split() { return circle != null; }
    }

    /** A FROM table in SQL: database schema (may be null) and name, and the alias used in the query. */
    public record TableBinding(String dbSchema, String dbName, String alias) {}

    /**
     * One emitted select-list entry: either an expression, or a column expanded from {@code *}
     * ({@code expr} null, {@code star} set). {@code sqlAlias} is unique within its SELECT.
     * {@code circleAlias} is set when a two-column region is passed on as two SQL columns (in
     * sub-queries and WITH queries); in the result it is written as one text value instead.
     */
    public record SelectColumn(Expr.Value expr, ColumnBinding star, String name, String sqlAlias, TypeInfo info, String circleAlias) {
        public SelectColumn(Expr.Value expr, ColumnBinding star, String name, String sqlAlias, TypeInfo info) {
            this(expr, star, name, sqlAlias, info, null);
        }
    }

    private final Query query;
    private final List<OutputColumn> columns;
    final Map<Expr.Column, ColumnBinding> columnBindings = new IdentityHashMap<>();
    final Map<Expr.Value, TypeInfo> types = new IdentityHashMap<>();
    final Map<FromItem, TableBinding> tables = new IdentityHashMap<>();
    final Map<FromItem.Derived, String> derivedAliases = new IdentityHashMap<>();
    final Map<QueryExpr.Select, List<SelectColumn>> selects = new IdentityHashMap<>();
    final Map<QueryExpr, List<SelectColumn>> outputs = new IdentityHashMap<>();
    final Map<Query.Cte, String> cteNames = new IdentityHashMap<>();
    final Map<Query.Cte, List<String>> cteColumns = new IdentityHashMap<>();
    final Map<FromItem.Join, List<String>> usingColumns = new IdentityHashMap<>();
    final Map<Expr.UdfCall, FunctionMeta> udfs = new IdentityHashMap<>();
    final Map<Expr.InUnit, Double> unitFactors = new IdentityHashMap<>();

    CheckedQuery(Query query, List<OutputColumn> columns) {
        this.query = query;
        this.columns = List.copyOf(columns);
    }

    CheckedQuery(Query query) {
        this(query, List.of());
    }

    public Query query() { return query; }

    /** The result columns in order, with VOTable metadata. */
    public List<OutputColumn> columns() { return columns; }

    public ColumnBinding column(Expr.Column c) { return require(columnBindings.get(c), c); }

    public TypeInfo type(Expr.Value v) { return require(types.get(v), v); }

    public TableBinding table(FromItem.Table t) { return require(tables.get(t), t); }

    public String alias(FromItem.Derived d) { return require(derivedAliases.get(d), d); }

    public List<SelectColumn> selectList(QueryExpr.Select s) { return require(selects.get(s), s); }

    /** Output columns of any query expression (for a set operation, those of its left operand). */
    public List<SelectColumn> outputs(QueryExpr q) { return require(outputs.get(q), q); }

    public String cteName(Query.Cte c) { return require(cteNames.get(c), c); }

    public List<String> cteColumns(Query.Cte c) { return require(cteColumns.get(c), c); }

    /** For USING and NATURAL joins, the SQL column names to join on (empty for NATURAL without common columns). */
    public List<String> usingColumns(FromItem.Join j) { return usingColumns.getOrDefault(j, List.of()); }

    public FunctionMeta udf(Expr.UdfCall c) { return require(udfs.get(c), c); }

    public double unitFactor(Expr.InUnit u) { return require(unitFactors.get(u), u); }

    private static <T> T require(T v, Object node) {
        if (v == null) throw new IllegalStateException("node was not checked: " + node);
        return v;
    }

    CheckedQuery withColumns(List<OutputColumn> cols) {
        CheckedQuery c = new CheckedQuery(query, cols);
        c.columnBindings.putAll(columnBindings);
        c.types.putAll(types);
        c.tables.putAll(tables);
        c.derivedAliases.putAll(derivedAliases);
        c.selects.putAll(selects);
        c.outputs.putAll(outputs);
        c.cteNames.putAll(cteNames);
        c.cteColumns.putAll(cteColumns);
        c.usingColumns.putAll(usingColumns);
        c.udfs.putAll(udfs);
        c.unitFactors.putAll(unitFactors);
        return c;
    }
}
