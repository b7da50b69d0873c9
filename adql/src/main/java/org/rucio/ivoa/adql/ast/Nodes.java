package org.rucio.ivoa.adql.ast;

import java.util.ArrayList;
import java.util.List;

import org.rucio.ivoa.adql.ast.Expr.*;

/** Generic traversal of expressions: the direct sub-expressions of a node (sub-queries are not entered). */
public final class Nodes {
    private Nodes() { }

    public static List<Expr> children(Expr e) {
        List<Expr> out = new ArrayList<>();
        switch (e) {
            case NullLit n -> { }
            case NumLit n -> { }
            case StrLit s -> { }
            case Column c -> { }
            case Binary b -> add(out, b.left(), b.right());
            case Negate n -> add(out, n.operand());
            case Call c -> out.addAll(c.args());
            case UdfCall u -> out.addAll(u.args());
            case Aggregate a -> add(out, a.arg());
            case Cast c -> add(out, c.operand());
            case Coalesce c -> out.addAll(c.args());
            case NullIf n -> add(out, n.first(), n.second());
            case InUnit u -> add(out, u.operand());
            case Case c -> {
                add(out, c.operand());
                for (When w : c.whens()) add(out, w.when(), w.then());
                add(out, c.otherwise());
            }
            case ScalarSubquery s -> { }
            case Point p -> add(out, p.coordSys(), p.c1(), p.c2());
            case Circle c -> add(out, c.coordSys(), c.center(), c.radius());
            case Box b -> add(out, b.coordSys(), b.center(), b.width(), b.height());
            case Polygon p -> {
                add(out, p.coordSys());
                out.addAll(p.vertices());
            }
            case Region r -> { }
            case Centroid c -> add(out, c.geometry());
            case Area a -> add(out, a.geometry());
            case Coord1 c -> add(out, c.point());
            case Coord2 c -> add(out, c.point());
            case CoordSys c -> add(out, c.geometry());
            case Distance d -> add(out, d.p1(), d.p2());
            case Contains c -> add(out, c.inner(), c.outer());
            case Intersects i -> add(out, i.a(), i.b());
            case Comparison c -> add(out, c.left(), c.right());
            case Between b -> add(out, b.operand(), b.low(), b.high());
            case Like l -> add(out, l.operand(), l.pattern());
            case InList in -> {
                add(out, in.operand());
                out.addAll(in.items());
            }
            case InSubquery in -> add(out, in.operand());
            case IsNull n -> add(out, n.operand());
            case Exists x -> { }
            case And a -> add(out, a.left(), a.right());
            case Or o -> add(out, o.left(), o.right());
            case Not n -> add(out, n.operand());
        }
        return out;
    }

    private static void add(List<Expr> out, Expr... es) {
        for (Expr x : es) if (x != null) out.add(x);
    }

    /** True when the expression holds an aggregate outside any sub-query. */
    public static boolean hasAggregate(Expr e) {
        if (e instanceof Aggregate) return true;
        for (Expr c : children(e)) if (hasAggregate(c)) return true;
        return false;
    }

    /** Column references outside aggregates and sub-queries. */
    public static List<Column> columnsOutsideAggregates(Expr e) {
        List<Column> out = new ArrayList<>();
        collect(e, out, false);
        return out;
    }

    /** Every column reference outside sub-queries (inside aggregates too). */
    public static List<Column> columns(Expr e) {
        List<Column> out = new ArrayList<>();
        collect(e, out, true);
        return out;
    }

    private static void collect(Expr e, List<Column> out, boolean enterAggregates) {
        if (e instanceof Column c) {
            out.add(c);
            return;
        }
        if (e instanceof Aggregate && !enterAggregates) return;
        for (Expr c : children(e)) collect(c, out, enterAggregates);
    }
}
