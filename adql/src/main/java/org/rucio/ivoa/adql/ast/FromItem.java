package org.rucio.ivoa.adql.ast;

import java.util.List;

/** One entry of FROM: a table, a derived table, or a join of two entries. */
public sealed interface FromItem {
    Pos pos();

    /** {@code [[catalog.]schema.]table [AS alias]}; alias may be null. */
    record Table(Pos pos, List<Ident> name, Ident alias) implements FromItem {
        public Table { name = List.copyOf(name); }

        public Ident tableName() { return name.get(name.size() - 1); }

        public Ident schemaName() { return name.size() >= 2 ? name.get(name.size() - 2) : null; }
    }

    record Derived(Pos pos, QueryExpr query, Ident alias) implements FromItem {}

    enum JoinType { INNER, LEFT, RIGHT, FULL, CROSS }

    /** A join; for NATURAL and CROSS joins both {@code on} and {@code using} are absent. */
    record Join(Pos pos, JoinType type, boolean natural, FromItem left, FromItem right,
                Expr.Condition on, List<Ident> using) implements FromItem {
        public Join { using = using == null ? List.of() : List.copyOf(using); }
    }
}
