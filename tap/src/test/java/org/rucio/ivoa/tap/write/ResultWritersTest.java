package org.rucio.ivoa.tap.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.rucio.ivoa.adql.check.OutputColumn;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.tap.ResultFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The writers on their own: exact nulls, NaN, empty strings, non-ASCII, escaping, overflow and late errors. */
class ResultWritersTest {
    private static final String VOT = "http://www.ivoa.net/xml/VOTable/v1.3";

    private static final List<OutputColumn> COLUMNS = List.of(
            new OutputColumn("target_name", "char", "*", null, null, "meta.id;src", null, "Target \"name\" & <more>",
                    ColumnMeta.Geometry.NONE),
            new OutputColumn("em_min", "double", null, null, "m", "em.wl;stat.min", "obscore:Char.SpectralAxis", null,
                    ColumnMeta.Geometry.NONE),
            new OutputColumn("calib_level", "short", null, null, null, null, null, null, ColumnMeta.Geometry.NONE),
            new OutputColumn("p", "double", "2", "point", "deg", null, null, null, ColumnMeta.Geometry.POINT),
            new OutputColumn("flag", "boolean", null, null, null, null, null, null, ColumnMeta.Geometry.NONE));

    private static final List<Object[]> ROWS = List.of(
            new Object[] {"Sgr A* <&> \"ü\" 電波", 0.21, 2L, new double[] {266.4168, -29.0078}, true},
            new Object[] {"", Double.NaN, null, null, false},
            new Object[] {null, Double.POSITIVE_INFINITY, 0L, new double[] {0, 90}, null});

    private static byte[] write(ResultFormat f, boolean overflow, String error) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter w = ResultWriter.create(f, out, "SELECT * FROM ivoa.obscore WHERE target_name = 'a<b'");
        w.begin(COLUMNS);
        for (Object[] r : ROWS) w.row(r);
        if (error == null) {
            w.end(overflow);
        } else {
            w.fail(error);
        }
        return out.toByteArray();
    }

    private static Document xml(byte[] b) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(b));
    }

    private static List<String> statuses(Document d) {
        List<String> out = new ArrayList<>();
        NodeList infos = d.getElementsByTagNameNS(VOT, "INFO");
        for (int i = 0; i < infos.getLength(); i++) {
            Element e = (Element) infos.item(i);
            if (e.getAttribute("name").equals("QUERY_STATUS")) out.add(e.getAttribute("value"));
        }
        return out;
    }

    @Test
    void tabledataWritesNullsNanEmptyStringsAndEscapesExactly() throws Exception {
        Document d = xml(write(ResultFormat.VOTABLE_TD, false, null));
        NodeList trs = d.getElementsByTagNameNS(VOT, "TR");
        assertThat(trs.getLength()).isEqualTo(3);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < trs.getLength(); i++) {
            NodeList tds = ((Element) trs.item(i)).getElementsByTagNameNS(VOT, "TD");
            List<String> row = new ArrayList<>();
            for (int j = 0; j < tds.getLength(); j++) row.add(tds.item(j).hasChildNodes() ? tds.item(j).getTextContent() : null);
            rows.add(row);
        }
        assertThat(rows.get(0)).containsExactly("Sgr A* <&> \"ü\" 電波", "0.21", "2", "266.4168 -29.0078", "T");
        assertThat(rows.get(1)).containsExactly(null, "NaN", null, null, "F");
        assertThat(rows.get(2)).containsExactly(null, "+Inf", "0", "0 90", null);
        Element field = (Element) d.getElementsByTagNameNS(VOT, "FIELD").item(0);
        assertThat(field.getTextContent()).isEqualTo("Target \"name\" & <more>");
        Element em = (Element) d.getElementsByTagNameNS(VOT, "FIELD").item(1);
        assertThat(em.getAttribute("unit")).isEqualTo("m");
        assertThat(em.getAttribute("utype")).isEqualTo("obscore:Char.SpectralAxis");
        assertThat(em.hasAttribute("arraysize")).isFalse();
        assertThat(statuses(d)).containsExactly("OK");
    }

    @Test
    void overflowAndLateErrorsAreTrailingInfos() throws Exception {
        assertThat(statuses(xml(write(ResultFormat.VOTABLE_TD, true, null)))).containsExactly("OK", "OVERFLOW");
        Document failed = xml(write(ResultFormat.VOTABLE_TD, false, "the database went away <sorry>"));
        assertThat(statuses(failed)).containsExactly("OK", "ERROR");
        assertThat(failed.getElementsByTagNameNS(VOT, "TR").getLength()).isEqualTo(3);
        assertThat(statuses(xml(write(ResultFormat.VOTABLE_BINARY2, false, "stopped")))).containsExactly("OK", "ERROR");
        assertThat(new String(write(ResultFormat.JSON, false, "stopped \"now\""), StandardCharsets.UTF_8))
                .endsWith("\"status\":\"ERROR\",\"message\":\"stopped \\\"now\\\"\"}\n");
    }

    @Test
    void binary2HasNullFlagsAndBigEndianValues() throws Exception {
        Document d = xml(write(ResultFormat.VOTABLE_BINARY2, false, null));
        String stream = d.getElementsByTagNameNS(VOT, "STREAM").item(0).getTextContent();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(stream)));
        // row 1: no nulls
        assertThat(in.readUnsignedByte()).isZero();
        byte[] name = in.readNBytes(in.readInt());
        assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo("Sgr A* <&> \"ü\" 電波");
        assertThat(in.readDouble()).isEqualTo(0.21);
        assertThat(in.readShort()).isEqualTo((short) 2);
        assertThat(in.readDouble()).isEqualTo(266.4168);
        assertThat(in.readDouble()).isEqualTo(-29.0078);
        assertThat(in.readByte()).isEqualTo((byte) 'T');
        // row 2: calib_level (bit 2) and p (bit 3) are null; the empty string is not
        assertThat(in.readUnsignedByte()).isEqualTo(0x20 | 0x10);
        assertThat(in.readInt()).isZero();
        assertThat(in.readDouble()).isNaN();
        in.readShort();
        assertThat(in.readDouble()).isNaN();
        assertThat(in.readDouble()).isNaN();
        assertThat(in.readByte()).isEqualTo((byte) 'F');
        // row 3: target_name (bit 0) and flag (bit 4) are null
        assertThat(in.readUnsignedByte()).isEqualTo(0x80 | 0x08);
        assertThat(in.readInt()).isZero();
        assertThat(in.readDouble()).isInfinite();
        assertThat(in.readShort()).isZero();
        assertThat(in.readDouble()).isZero();
        assertThat(in.readDouble()).isEqualTo(90.0);
        in.readByte();
        assertThat(in.available()).isZero();
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() throws Exception {
        String csv = new String(write(ResultFormat.CSV, false, null), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("target_name,em_min,calib_level,p,flag\r\n"
                + "\"Sgr A* <&> \"\"ü\"\" 電波\",0.21,2,266.4168 -29.0078,true\r\n"
                + "\"\",NaN,,,false\r\n"
                + ",+Inf,0,0 90,\r\n");
    }

    @Test
    void tsvHasNoQuotingAndEscapesControlCharacters() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter w = ResultWriter.create(ResultFormat.TSV, out, null);
        w.begin(COLUMNS.subList(0, 1));
        w.row(new Object[] {"a\tb\nc\\d \"e\""});
        w.end(false);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("target_name\na\\tb\\nc\\\\d \"e\"\n");
    }

    @Test
    void jsonWritesNanAsNullAndArraysAsNumbers() throws Exception {
        String json = new String(write(ResultFormat.JSON, true, null), StandardCharsets.UTF_8);
        assertThat(json).contains("[\"Sgr A* <&> \\\"ü\\\" 電波\",0.21,2,[266.4168,-29.0078],true]")
                .contains("[\"\",null,null,null,false]").contains("[null,null,0,[0.0,90.0],null]")
                .contains("\"description\":\"Target \\\"name\\\" & <more>\"").endsWith("\"status\":\"OVERFLOW\"}\n");
    }

    @Test
    void xmlEscapingReplacesWhatXmlCannotCarry() {
        StringBuilder sb = new StringBuilder();
        Text.xml(sb, "a\u0001b\uD800c\t\n\"😀", true);
        assertThat(sb.toString()).isEqualTo("a\uFFFDb\uFFFDc&#9;&#10;&quot;😀");
        sb.setLength(0);
        Text.xml(sb, "x\ty\nz\"", false);
        assertThat(sb.toString()).isEqualTo("x\ty\nz\"");
    }
}
