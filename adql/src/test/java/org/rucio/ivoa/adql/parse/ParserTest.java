package org.rucio.ivoa.adql.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ast.Expr;
import org.rucio.ivoa.adql.ast.FromItem;
import org.rucio.ivoa.adql.ast.Query;
import org.rucio.ivoa.adql.ast.QueryExpr;

class ParserTest {

    private static QueryExpr.Select select(String adql) {
        return (QueryExpr.Select) Parser.parse(adql).body();
    }

    private static Expr.Value firstItem(String adql) {
        return ((QueryExpr.Expression) select(adql).items().get(0)).expr();
    }

    private static AdqlException error(String adql) {
        return catchThrowableOfType(AdqlException.class, () -> Parser.parse(adql, n -> false));
    }

    @Test
    void subtractionIsLeftAssociative() {
        Expr.Value e = firstItem("SELECT em_max - em_min - 1 FROM ivoa.obscore");
        assertThat(e).isInstanceOf(Expr.Binary.class);
        Expr.Binary outer = (Expr.Binary) e;
        assertThat(outer.op()).isEqualTo(Expr.BinOp.SUB);
        assertThat(outer.left()).isInstanceOf(Expr.Binary.class);
        assertThat(outer.right()).isInstanceOf(Expr.NumLit.class);
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        Expr.Binary e = (Expr.Binary) firstItem("SELECT t_min + t_exptime / 86400 FROM ivoa.obscore");
        assertThat(e.op()).isEqualTo(Expr.BinOp.ADD);
        assertThat(((Expr.Binary) e.right()).op()).isEqualTo(Expr.BinOp.DIV);
    }

    @Test
    void andBindsTighterThanOr() {
        Expr.Condition w = select("SELECT obs_id FROM ivoa.obscore WHERE dataproduct_type = 'cube' OR em_min > 0.2 AND em_max < 0.3").where();
        assertThat(w).isInstanceOf(Expr.Or.class);
        assertThat(((Expr.Or) w).right()).isInstanceOf(Expr.And.class);
    }

    @Test
    void recordsLineAndColumnOfEveryNode() {
        QueryExpr.Select s = select("SELECT obs_id,\n       s_ra FROM ivoa.obscore");
        Expr.Value second = ((QueryExpr.Expression) s.items().get(1)).expr();
        assertThat(second.pos().line()).isEqualTo(2);
        assertThat(second.pos().column()).isEqualTo(8);
    }

    @Test
    void reportsMisspeltFromWithPosition() {
        AdqlException e = error("SELECT s_ra, s_dec\nFORM ivoa.obscore");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("line 2, column 1: found 'FORM', expected FROM").contains("did you mean FROM?");
    }

    @Test
    void explainsHowToQuoteAReservedWordUsedAsName() {
        AdqlException e = error("SELECT size FROM TAP_SCHEMA.columns");
        assertThat(e.getMessage()).contains("line 1, column 8").contains("\"size\"");
        assertThat(Parser.parse("SELECT \"size\" FROM TAP_SCHEMA.columns").body()).isNotNull();
    }

    @Test
    void keepsDelimitedIdentifiersExactAndUnescapesDoubledQuotes() {
        Expr.Column c = (Expr.Column) firstItem("SELECT \"Obs \"\"Id\" FROM ivoa.obscore");
        assertThat(c.name().name()).isEqualTo("Obs \"Id");
        assertThat(c.name().delimited()).isTrue();
    }

    @Test
    void unescapesDoubledApostrophesInStrings() {
        Expr.StrLit s = (Expr.StrLit) firstItem("SELECT 'Rucio''s scope' FROM ivoa.obscore");
        assertThat(s.value()).isEqualTo("Rucio's scope");
    }

    @Test
    void ignoresCommentsToEndOfLine() {
        Query q = Parser.parse("-- cone on the LOFAR field\nSELECT obs_id -- the id\nFROM ivoa.obscore --- end");
        assertThat(((QueryExpr.Select) q.body()).items()).hasSize(1);
    }

    @Test
    void readsNumericLiteralsOfEveryShape() {
        QueryExpr.Select s = select("SELECT 42, 3.14, .5, 12., 1e-3, 10E3 FROM ivoa.obscore");
        assertThat(s.items()).hasSize(6);
        Expr.NumLit exp = (Expr.NumLit) ((QueryExpr.Expression) s.items().get(4)).expr();
        assertThat(exp.text()).isEqualTo("1e-3");
        assertThat(exp.integer()).isFalse();
    }

    @Test
    void rejectsHexadecimalLiteralsAndBitwiseOperators() {
        assertThat(error("SELECT 0x1F FROM ivoa.obscore").hint()).contains("hexadecimal");
        assertThat(error("SELECT calib_level & 1 FROM ivoa.obscore").hint()).contains("bitwise");
    }

    @Test
    void rejectsStackedStatements() {
        AdqlException e = error("SELECT obs_id FROM ivoa.obscore; DROP TABLE ivoa.obscore");
        assertThat(e.found()).isEqualTo("'DROP'");
        assertThat(e.expected()).isEqualTo("end of query");
    }

    @Test
    void acceptsOneTrailingSemicolon() {
        assertThat(Parser.parse("SELECT obs_id FROM ivoa.obscore;").body()).isInstanceOf(QueryExpr.Select.class);
    }

    @Test
    void parsesJoinsOfEveryKind() {
        QueryExpr.Select s = select("""
                SELECT o.obs_id FROM ivoa.obscore AS o
                  LEFT OUTER JOIN TAP_UPLOAD.targets t ON o.target_name = t.name
                  NATURAL JOIN rucio.scopes
                  CROSS JOIN rucio.rses
                  FULL JOIN rucio.dids USING (scope, name)""");
        FromItem.Join outer = (FromItem.Join) s.from().get(0);
        assertThat(outer.type()).isEqualTo(FromItem.JoinType.FULL);
        assertThat(outer.using()).hasSize(2);
        FromItem.Join cross = (FromItem.Join) outer.left();
        assertThat(cross.type()).isEqualTo(FromItem.JoinType.CROSS);
        assertThat(((FromItem.Join) cross.left()).natural()).isTrue();
    }

    @Test
    void requiresAConditionForInnerJoin() {
        assertThat(error("SELECT * FROM ivoa.obscore JOIN rucio.dids").expected()).isEqualTo("ON or USING");
    }

    @Test
    void requiresAnAliasForDerivedTables() {
        assertThat(error("SELECT * FROM (SELECT obs_id FROM ivoa.obscore)").expected()).isEqualTo("an alias for the sub-query");
    }

    @Test
    void givesIntersectPrecedenceOverUnion() {
        QueryExpr q = Parser.parse("SELECT a FROM t1 UNION SELECT a FROM t2 INTERSECT SELECT a FROM t3 ORDER BY 1").body();
        QueryExpr.SetOperation u = (QueryExpr.SetOperation) q;
        assertThat(u.op()).isEqualTo(QueryExpr.SetOp.UNION);
        assertThat(((QueryExpr.SetOperation) u.right()).op()).isEqualTo(QueryExpr.SetOp.INTERSECT);
        assertThat(u.orderBy()).hasSize(1);
    }

    @Test
    void rejectsWithInsideASubquery() {
        assertThat(error("SELECT * FROM (WITH x AS (SELECT 1 FROM t) SELECT * FROM x) AS q").hint()).contains("WITH");
    }

    @Test
    void parsesBothDistanceForms() {
        Expr.Distance d4 = (Expr.Distance) firstItem("SELECT DISTANCE(s_ra, s_dec, 202.48, 47.23) FROM ivoa.obscore");
        Expr.Distance d2 = (Expr.Distance) firstItem("SELECT DISTANCE(POINT('ICRS', s_ra, s_dec), POINT(202.48, 47.23)) FROM ivoa.obscore");
        assertThat(d4.p1()).isInstanceOf(Expr.Point.class);
        assertThat(d2.p2()).isInstanceOf(Expr.Point.class);
    }

    @Test
    void parsesPolygonFromCoordinatesOrPoints() {
        Expr.Polygon a = (Expr.Polygon) firstItem("SELECT POLYGON('ICRS', 10, -30, 11, -30, 11, -29) FROM ivoa.obscore");
        Expr.Polygon b = (Expr.Polygon) firstItem("SELECT POLYGON(POINT(10, -30), POINT(11, -30), POINT(11, -29)) FROM ivoa.obscore");
        assertThat(a.vertices()).hasSize(3);
        assertThat(b.vertices()).hasSize(3);
        assertThat(a.coordSys()).isInstanceOf(Expr.StrLit.class);
    }

    @Test
    void parsesCaseCastCoalesceAndInUnit() {
        QueryExpr.Select s = select("""
                SELECT CASE WHEN em_min < 1e-3 THEN 'radio' ELSE 'other' END AS band,
                       CASE calib_level WHEN 2 THEN 'calibrated' END,
                       CAST(t_min AS DOUBLE PRECISION), CAST(obs_id AS VARCHAR(64)),
                       COALESCE(target_name, 'unknown'), NULLIF(s_fov, 0), IN_UNIT(em_min, 'nm')
                FROM ivoa.obscore""");
        assertThat(s.items()).hasSize(7);
        Expr.Cast cast = (Expr.Cast) ((QueryExpr.Expression) s.items().get(3)).expr();
        assertThat(cast.type().length()).isEqualTo(64);
    }

    @Test
    void parsesPredicates() {
        Expr.Condition w = select("""
                SELECT obs_id FROM ivoa.obscore WHERE obs_collection NOT LIKE 'LOFAR%'
                  AND target_name ILIKE 'm31%' AND calib_level IN (1, 2) AND t_min IS NOT NULL
                  AND s_fov NOT BETWEEN 0 AND 1 AND obs_id IN (SELECT obs_id FROM TAP_UPLOAD.mine)
                  AND EXISTS (SELECT 1 FROM rucio.dids d WHERE d.name = obs_id)""").where();
        assertThat(w).isInstanceOf(Expr.And.class);
    }

    @Test
    void rejectsAValueWhereAConditionIsExpected() {
        AdqlException e = error("SELECT * FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1))");
        assertThat(e.hint()).contains("1 = CONTAINS");
    }

    @Test
    void rejectsAbsurdNestingWithAnEngineError() {
        String deep = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000) + " FROM ivoa.obscore";
        assertThatThrownBy(() -> Parser.parse(deep)).isInstanceOf(AdqlException.class).hasMessageMatching(".*(nested too deeply|too complex).*");
    }

    @Test
    void rejectsUndeclaredFunctionWithPosition() {
        AdqlException e = error("SELECT obs_id,\n  gavo_specconv(em_min) FROM ivoa.obscore");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(3);
    }
}
