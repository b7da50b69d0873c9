package org.rucio.ivoa.adql.ast;

import java.util.List;

/** A whole ADQL statement: optional common table expressions and the main query expression. */
public record Query(Pos pos, List<Cte> with, QueryExpr body) {
    public Query { with = List.copyOf(with); }

    /** {@code name [(col, ...)] AS (query)}. */
    public record Cte(Pos pos, Ident name, List<Ident> columns, QueryExpr query) {
        public Cte { columns = List.copyOf(columns); }
    }
}
