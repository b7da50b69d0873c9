package org.rucio.ivoa.tap.vosi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.meta.InMemoryMetadata;
import org.rucio.ivoa.adql.meta.TableMeta;
import org.w3c.dom.Document;

/** The VOSI tableset's column names and foreign keys, and the examples document, without a database. */
class VosiTest {

    private static final InMemoryMetadata MD = new InMemoryMetadata(List.of(
            TableMeta.of("TAP_SCHEMA", "tables", List.of(ColumnMeta.of("table_name", "char", "*", null, null, null),
                    ColumnMeta.of("schema_name", "char", "*", null, null, null))),
            TableMeta.of("TAP_SCHEMA", "columns", List.of(ColumnMeta.of("table_name", "char", "*", null, null, null),
                    ColumnMeta.of("size", "int", null, null, null, null),
                    ColumnMeta.of("Mixed Case", "int", null, null, null, null)))), List.of());

    private static final List<ForeignKey> KEYS = List.of(new ForeignKey("columns_table", "TAP_SCHEMA.columns",
            "TAP_SCHEMA.tables", List.of(new ForeignKey.ColumnPair("table_name", "table_name")), "table of a column",
            null));

    private static Document xml(byte[] b) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(b));
    }

    @Test
    void reservedAndIrregularNamesAreWrittenDelimited() {
        assertThat(Vosi.adqlName("size")).isEqualTo("\"size\"");
        assertThat(Vosi.adqlName("SIZE")).isEqualTo("\"SIZE\"");
        assertThat(Vosi.adqlName("\"size\"")).isEqualTo("\"size\"");
        assertThat(Vosi.adqlName("arraysize")).isEqualTo("arraysize");
        assertThat(Vosi.adqlName("s_ra")).isEqualTo("s_ra");
        assertThat(Vosi.adqlName("Mixed Case")).isEqualTo("\"Mixed Case\"");
        assertThat(Vosi.adqlName("a\"b")).isEqualTo("\"a\"\"b\"");
        String doc = new String(Vosi.tableset(MD, KEYS, true), StandardCharsets.UTF_8);
        assertThat(doc).contains("<name>&quot;size&quot;</name>", "<name>&quot;Mixed Case&quot;</name>")
                .doesNotContain("<name>size</name>");
    }

    @Test
    void foreignKeysFollowTheColumnsOfTheirFromTable() throws Exception {
        String doc = new String(Vosi.tableset(MD, KEYS, true), StandardCharsets.UTF_8);
        xml(doc.getBytes(StandardCharsets.UTF_8));
        assertThat(doc).contains("</column>\n<foreignKey>\n<targetTable>TAP_SCHEMA.tables</targetTable>\n<fkColumn>\n"
                + "<fromColumn>table_name</fromColumn>\n<targetColumn>table_name</targetColumn>\n</fkColumn>\n"
                + "<description>table of a column</description>\n</foreignKey>\n</table>");
        assertThat(doc.indexOf("<foreignKey>")).isGreaterThan(doc.indexOf("<name>TAP_SCHEMA.columns</name>"));
        assertThat(doc.split("<foreignKey>", -1)).hasSize(2);
        assertThat(new String(Vosi.tableset(MD, KEYS, false), StandardCharsets.UTF_8)).doesNotContain("foreignKey");
        assertThat(new String(Vosi.table(MD, KEYS, "tap_schema.columns").orElseThrow(), StandardCharsets.UTF_8))
                .contains("<foreignKey>");
        assertThat(new String(Vosi.table(MD, KEYS, "TAP_SCHEMA.tables").orElseThrow(), StandardCharsets.UTF_8))
                .doesNotContain("<foreignKey>");
    }

    @Test
    void examplesDocumentIsWellFormedXhtmlWithRdfa() throws Exception {
        byte[] b = Examples.document("https://example.org/tap");
        Document d = xml(b);
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/1999/xhtml");
        String doc = new String(b, StandardCharsets.UTF_8);
        assertThat(doc.split("vocab=", -1)).hasSize(2);
        assertThat(doc).contains("vocab=\"http://www.ivoa.net/rdf/examples#\"");
        assertThat(Examples.ALL).hasSizeGreaterThanOrEqualTo(10);
        for (Examples.Example e : Examples.ALL) {
            assertThat(doc).contains("<div id=\"" + e.id() + "\" resource=\"#" + e.id() + "\" typeof=\"example\">");
        }
        assertThat(Examples.ALL.stream().map(Examples.Example::id).distinct().count()).isEqualTo(Examples.ALL.size());
        // ADQL comparison operators are escaped in the document
        assertThat(doc).contains("em_min &lt;= 0.21106114");
    }
}
