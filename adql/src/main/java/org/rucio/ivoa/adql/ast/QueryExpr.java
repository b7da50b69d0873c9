package org.rucio.ivoa.adql.ast;

import java.util.List;

/** A query expression: one SELECT or a set operation over two query expressions. */
public sealed interface QueryExpr {
    Pos pos();

    List<OrderItem> orderBy();

    /** OFFSET n or null. */
    Long offset();

    /** One entry of the select list: either an expression item or a star. */
    sealed interface Item permits Expression, Star {
        Pos pos();
    }

    record Expression(Pos pos, Expr.Value expr, Ident alias) implements Item {}

    /** {@code *} (empty qualifier) or {@code t.*}. */
    record Star(Pos pos, List<Ident> qualifier) implements Item {
        public Star { qualifier = List.copyOf(qualifier); }
    }

    /** ORDER BY term; an unsigned integer literal denotes a select-list position. */
    record OrderItem(Pos pos, Expr.Value expr, boolean descending) {}

    record Select(Pos pos, boolean distinct, Long top, List<Item> items, List<FromItem> from,
                  Expr.Condition where, List<Expr.Value> groupBy, Expr.Condition having,
                  List<OrderItem> orderBy, Long offset) implements QueryExpr {
        public Select {
            items = List.copyOf(items);
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
            orderBy = List.copyOf(orderBy);
        }
    }

    enum SetOp { UNION, EXCEPT, INTERSECT }

    record SetOperation(Pos pos, SetOp op, boolean all, QueryExpr left, QueryExpr right,
                        List<OrderItem> orderBy, Long offset) implements QueryExpr {
        public SetOperation { orderBy = List.copyOf(orderBy); }
    }
}
