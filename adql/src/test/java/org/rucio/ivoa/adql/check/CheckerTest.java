package org.rucio.ivoa.adql.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.AdqlException;
import org.rucio.ivoa.adql.ObsCoreFixture;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.parse.Parser;

class CheckerTest {

    private static CheckedQuery check(String adql) {
        return Checker.check(Parser.parse(adql), ObsCoreFixture.METADATA, ObsCoreFixture.UPLOADS);
    }

    private static AdqlException error(String adql) {
        return catchThrowableOfType(AdqlException.class, () -> check(adql));
    }

    private static OutputColumn only(String adql) {
        List<OutputColumn> cols = check(adql).columns();
        assertThat(cols).hasSize(1);
        return cols.get(0);
    }

    @Test
    void rejectsUnknownColumnWithSuggestion() {
        AdqlException e = error("SELECT s_raa FROM ivoa.obscore");
        assertThat(e.kind()).isEqualTo(AdqlException.Kind.NAME);
        assertThat(e.getMessage()).isEqualTo("line 1, column 8: unknown column s_raa (did you mean s_ra?)");
    }

    @Test
    void rejectsUnknownTableWithSuggestion() {
        AdqlException e = error("SELECT obs_id FROM ivoa.obscor");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(20);
        assertThat(e.getMessage()).contains("unknown table ivoa.obscor").contains("did you mean ivoa.obscore?");
    }

    @Test
    void rejectsAmbiguousColumnAndSaysHowToQualify() {
        AdqlException e = error("SELECT obs_id FROM ivoa.obscore AS o JOIN rucio.dids AS d ON o.obs_id = d.obs_id");
        assertThat(e.getMessage()).contains("column obs_id is ambiguous: it is in o and d").contains("o.obs_id");
    }

    @Test
    void matchesRegularIdentifiersCaseInsensitivelyAndDelimitedOnesExactly() {
        assertThat(only("SELECT S_RA FROM IVOA.ObsCore").name()).isEqualTo("s_ra");
        assertThat(only("SELECT \"s_ra\" FROM ivoa.obscore").name()).isEqualTo("s_ra");
        AdqlException e = error("SELECT \"S_RA\" FROM ivoa.obscore");
        assertThat(e.getMessage()).contains("unknown column \"S_RA\"");
    }

    @Test
    void resolvesAReservedWordColumnWrittenAsDelimitedIdentifier() {
        OutputColumn c = only("SELECT \"size\" FROM TAP_SCHEMA.columns WHERE table_name = 'ivoa.obscore'");
        assertThat(c.name()).isEqualTo("size");
        assertThat(c.datatype()).isEqualTo("int");
    }

    @Test
    void keepsColumnMetadataForColumnReferences() {
        OutputColumn c = only("SELECT o.s_ra FROM ivoa.obscore AS o");
        assertThat(c).extracting(OutputColumn::datatype, OutputColumn::unit, OutputColumn::ucd)
                .containsExactly("double", "deg", "pos.eq.ra");
        assertThat(c.utype()).startsWith("obscore:Char.SpatialAxis");
        assertThat(c.description()).isEqualTo("Central right ascension, ICRS");
    }

    @Test
    void keepsDeclaredRegionMetadataForSRegion() {
        OutputColumn c = only("SELECT s_region FROM ivoa.obscore");
        assertThat(c).extracting(OutputColumn::datatype, OutputColumn::arraysize, OutputColumn::xtype, OutputColumn::geometry)
                .containsExactly("char", "*", "adql:region", ColumnMeta.Geometry.REGION);
    }

    @Test
    void typesCountAsLongAndGeometryConstructorsWithDaliXtypes() {
        OutputColumn count = only("SELECT COUNT(*) AS n FROM ivoa.obscore");
        assertThat(count.name()).isEqualTo("n");
        assertThat(count.datatype()).isEqualTo("long");

        List<OutputColumn> g = check("SELECT POINT(s_ra, s_dec), CIRCLE(s_ra, s_dec, s_fov), POLYGON(10, -30, 11, -30, 11, -29) FROM ivoa.obscore").columns();
        assertThat(g).extracting(OutputColumn::datatype, OutputColumn::arraysize, OutputColumn::xtype).containsExactly(
                org.assertj.core.groups.Tuple.tuple("double", "2", "point"),
                org.assertj.core.groups.Tuple.tuple("double", "3", "circle"),
                org.assertj.core.groups.Tuple.tuple("double", "*", "polygon"));
    }

    @Test
    void derivesTypesOfExpressions() {
        List<OutputColumn> cols = check("""
                SELECT calib_level + 1, em_max - em_min, DISTANCE(s_ra, s_dec, 10, -30), AREA(s_region),
                       obs_collection || ':' || obs_id, IN_UNIT(em_min, 'cm')
                FROM ivoa.obscore""").columns();
        assertThat(cols).extracting(OutputColumn::datatype).containsExactly("int", "double", "double", "double", "char", "double");
        assertThat(cols).extracting(OutputColumn::unit).containsExactly(null, "m", "deg", "deg**2", null, "cm");
        List<OutputColumn> aggregates = check("SELECT AVG(s_fov), MAX(t_min), SUM(access_estsize), MIN(obs_id) FROM ivoa.obscore").columns();
        assertThat(aggregates).extracting(OutputColumn::datatype).containsExactly("double", "double", "long", "char");
        assertThat(aggregates).extracting(OutputColumn::unit).containsExactly("deg", "d", "kbyte", null);
    }

    @Test
    void namesUnaliasedExpressionsUniquely() {
        List<OutputColumn> cols = check("SELECT o.obs_id, d.obs_id, ABS(s_ra), ABS(s_dec) FROM ivoa.obscore o JOIN rucio.dids d USING (obs_id)").columns();
        assertThat(cols).extracting(OutputColumn::name).containsExactly("obs_id", "obs_id_2", "abs", "abs_2");
    }

    @Test
    void resolvesUploadedTablesPerQuery() {
        CheckedQuery q = check("SELECT t.name, t.ra FROM TAP_UPLOAD.targets AS t");
        assertThat(q.columns()).extracting(OutputColumn::name).containsExactly("name", "ra");
        AdqlException e = error("SELECT * FROM TAP_UPLOAD.targetz");
        assertThat(e.getMessage()).contains("TAP_UPLOAD.targetz").contains("did you mean targets?");
    }

    @Test
    void resolvesCommonTableExpressionsAndDerivedTables() {
        CheckedQuery q = check("""
                WITH lofar AS (SELECT obs_id, em_min AS wl FROM ivoa.obscore WHERE facility_name = 'LOFAR')
                SELECT l.wl, sub.n FROM lofar AS l JOIN (SELECT obs_id, COUNT(*) AS n FROM rucio.dids GROUP BY obs_id) AS sub
                  ON l.obs_id = sub.obs_id""");
        assertThat(q.columns()).extracting(OutputColumn::name, OutputColumn::unit, OutputColumn::datatype).containsExactly(
                org.assertj.core.groups.Tuple.tuple("wl", "m", "double"),
                org.assertj.core.groups.Tuple.tuple("n", null, "long"));
    }

    @Test
    void rejectsSetOperationsWithDifferentColumnCounts() {
        AdqlException e = error("SELECT obs_id, s_ra FROM ivoa.obscore UNION SELECT obs_id FROM rucio.dids");
        assertThat(e.getMessage()).contains("UNION needs the same number of columns on both sides: 2 on the left, 1 on the right");
    }

    @Test
    void rejectsSetOperationsWithIncompatibleTypes() {
        assertThat(error("SELECT s_ra FROM ivoa.obscore UNION SELECT obs_id FROM rucio.dids").kind()).isEqualTo(AdqlException.Kind.TYPE);
    }

    @Test
    void rejectsWrongArgumentTypesWithPosition() {
        AdqlException e = error("SELECT obs_id FROM ivoa.obscore\nWHERE 1 = CONTAINS(POINT(obs_id, s_dec), CIRCLE(10, -30, 1))");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(26);
        assertThat(e.getMessage()).contains("POINT expects a number, found a string");

        assertThat(error("SELECT SQRT(target_name) FROM ivoa.obscore").getMessage()).contains("SQRT expects a number");
        assertThat(error("SELECT obs_id FROM ivoa.obscore WHERE obs_id LIKE 3").getMessage()).contains("LIKE expects a string");
        assertThat(error("SELECT DISTANCE(s_region, POINT(1, 2)) FROM ivoa.obscore").getMessage()).contains("DISTANCE expects a point");
    }

    @Test
    void checksUserDefinedFunctionsAgainstDeclarations() {
        assertThat(only("SELECT rucio_did(obs_collection, obs_id) FROM ivoa.obscore").datatype()).isEqualTo("char");
        assertThat(error("SELECT rucio_dids(obs_collection, obs_id) FROM ivoa.obscore").getMessage()).contains("did you mean rucio_did?");
        assertThat(error("SELECT rucio_did(obs_id) FROM ivoa.obscore").getMessage()).contains("rucio_did takes 2 argument(s), found 1");
        assertThat(error("SELECT rucio_did(s_ra, obs_id) FROM ivoa.obscore").kind()).isEqualTo(AdqlException.Kind.TYPE);
    }

    @Test
    void rejectsInUnitWithoutSourceUnitOrWithIncompatibleUnit() {
        assertThat(error("SELECT IN_UNIT(calib_level, 'm') FROM ivoa.obscore").getMessage()).contains("has none");
        assertThat(error("SELECT IN_UNIT(s_ra, 'kg') FROM ivoa.obscore").getMessage()).contains("cannot convert deg to kg");
        assertThat(error("SELECT IN_UNIT(s_ra, 'furlong') FROM ivoa.obscore").getMessage()).contains("not a VOUnit");
    }

    @Test
    void rejectsAggregatesInWhere() {
        assertThat(error("SELECT obs_id FROM ivoa.obscore WHERE COUNT(*) > 2").hint()).contains("HAVING");
    }

    @Test
    void rejectsUngroupedColumnsWithPosition() {
        AdqlException e = error("SELECT facility_name, obs_id, COUNT(*) FROM ivoa.obscore GROUP BY facility_name");
        assertThat(e.column()).isEqualTo(23);
        assertThat(e.getMessage()).contains("column obs_id must appear in GROUP BY or be used inside an aggregate function");
        assertThat(error("SELECT obs_id, COUNT(*) FROM ivoa.obscore").kind()).isEqualTo(AdqlException.Kind.TYPE);
        assertThat(error("SELECT * FROM ivoa.obscore GROUP BY obs_id").getMessage()).contains("SELECT * is not allowed in a grouped query");
    }

    @Test
    void acceptsGroupedColumnsAliasesAndOuterReferences() {
        assertThat(check("SELECT facility_name AS f, COUNT(*) AS n FROM ivoa.obscore GROUP BY f HAVING MAX(s_ra) > 1 ORDER BY n DESC").columns()).hasSize(2);
        assertThat(check("SELECT FLOOR(s_ra), COUNT(*) FROM ivoa.obscore GROUP BY FLOOR(s_ra)").columns()).hasSize(2);
        assertThat(check("SELECT o.obs_id, (SELECT COUNT(*) FROM rucio.dids AS d WHERE d.obs_id = o.obs_id) FROM ivoa.obscore AS o").columns()).hasSize(2);
        assertThat(check("SELECT obs_id, COUNT(*) FROM ivoa.obscore JOIN rucio.dids USING (obs_id) GROUP BY obs_id").columns()).hasSize(2);
    }

    @Test
    void rejectsSortingGroupingOrDeduplicatingGeometries() {
        assertThat(error("SELECT s_region FROM ivoa.obscore ORDER BY 1").getMessage()).contains("ORDER BY cannot compare geometries");
        assertThat(error("SELECT DISTINCT POINT(s_ra, s_dec) FROM ivoa.obscore").getMessage()).contains("SELECT DISTINCT cannot compare geometries");
        assertThat(error("SELECT s_region FROM ivoa.obscore UNION SELECT s_region FROM ivoa.obscore").hint()).isEqualTo("use UNION ALL");
        assertThat(check("SELECT s_region FROM ivoa.obscore UNION ALL SELECT s_region FROM ivoa.obscore").columns()).hasSize(1);
    }

    @Test
    void rejectsStringsThatAreNotTimestampsWhereATimestampIsCompared() {
        AdqlException e = error("SELECT obs_id FROM ivoa.obscore WHERE obs_release_date > 'last week'");
        assertThat(e.getMessage()).contains("'last week' is not a DALI timestamp");
        assertThat(e.column()).isEqualTo(58);
    }

    @Test
    void requiresAStringOnOneSideOfConcatenation() {
        assertThat(error("SELECT s_ra || s_dec FROM ivoa.obscore").getMessage()).contains("|| expects a string");
        assertThat(check("SELECT obs_id || calib_level FROM ivoa.obscore").columns().get(0).datatype()).isEqualTo("char");
    }

    @Test
    void refusesUsesOfTheTwoColumnRegionItCannotTranslate() {
        assertThat(error("SELECT obs_id FROM ivoa.obscore WHERE s_region = s_region").kind()).isEqualTo(AdqlException.Kind.UNSUPPORTED);
        assertThat(error("SELECT (SELECT TOP 1 s_region FROM ivoa.obscore) FROM rucio.dids").kind()).isEqualTo(AdqlException.Kind.UNSUPPORTED);
        assertThat(error("SELECT * FROM (SELECT s_region FROM ivoa.obscore UNION ALL SELECT CIRCLE(1, 2, 3) FROM ivoa.obscore) AS q").getMessage())
                .contains("UNION inside a sub-query cannot combine column s_region");
    }

    @Test
    void rejectsOrderByPositionOutOfRange() {
        assertThat(error("SELECT obs_id FROM ivoa.obscore ORDER BY 2").getMessage()).contains("ORDER BY 2 refers to no column");
    }

    @Test
    void resolvesCorrelatedSubqueriesAgainstTheOuterQuery() {
        CheckedQuery q = check("SELECT o.obs_id FROM ivoa.obscore AS o WHERE EXISTS (SELECT 1 FROM rucio.dids AS d WHERE d.obs_id = o.obs_id)");
        assertThat(q.columns()).hasSize(1);
    }

    @Test
    void expandsStarToTheDeclaredColumnsOnly() {
        assertThat(check("SELECT * FROM rucio.dids").columns()).extracting(OutputColumn::name)
                .containsExactly("scope", "name", "did_type", "bytes", "obs_id");
        assertThat(check("SELECT d.* FROM ivoa.obscore o JOIN rucio.dids d ON o.obs_id = d.obs_id").columns()).hasSize(5);
    }

    @Test
    void comparesTimestampsWithIsoStrings() {
        assertThat(check("SELECT obs_id FROM ivoa.obscore WHERE obs_release_date < '2026-01-01T00:00:00'").columns()).hasSize(1);
        assertThat(error("SELECT obs_id FROM ivoa.obscore WHERE obs_release_date < 2026").kind()).isEqualTo(AdqlException.Kind.TYPE);
    }

    @Test
    void rejectsTablesOutsideTheMetadata() {
        assertThat(error("SELECT * FROM pg_catalog.pg_roles").getMessage()).contains("unknown table pg_catalog.pg_roles");
        assertThat(error("SELECT * FROM information_schema.tables").kind()).isEqualTo(AdqlException.Kind.NAME);
    }
}
