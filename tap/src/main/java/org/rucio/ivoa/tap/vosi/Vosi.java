package org.rucio.ivoa.tap.vosi;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rucio.ivoa.adql.Features;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.TableMeta;
import org.rucio.ivoa.adql.parse.Reserved;
import org.rucio.ivoa.tap.QueryRunner;
import org.rucio.ivoa.tap.upload.UploadLimits;
import org.rucio.ivoa.tap.ResultFormat;
import org.rucio.ivoa.tap.write.Text;

/**
 * The VOSI documents of the TAP service, written from the same metadata the ADQL engine checks queries
 * against: the VODataService tableset (whole, per table, or {@code detail=min}), the TAPRegExt capabilities,
 * and availability.
 */
public final class Vosi {
    private Vosi() { }

    public static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    private static final String VS = "http://www.ivoa.net/xml/VODataService/v1.1";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private static final Map<String, String> SCHEMA_DESCRIPTIONS = Map.of(
            "ivoa", "IVOA data models: the ObsCore 1.1 table of the data sets Rucio manages",
            "tap_schema", "Metadata of this TAP service: schemas, tables, columns, keys");

    /** The whole tableset without foreign keys; {@code withColumns} false gives {@code detail=min}. */
    public static byte[] tableset(Metadata md, boolean withColumns) {
        return tableset(md, List.of(), withColumns);
    }

    /**
     * The whole tableset; each table carries the foreign keys whose {@code fromTable} it is. {@code withColumns}
     * false gives {@code detail=min} (tables without their columns and keys).
     */
    public static byte[] tableset(Metadata md, List<ForeignKey> keys, boolean withColumns) {
        StringBuilder sb = header();
        sb.append("<vosi:tableset xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" xmlns:vs=\"").append(VS)
                .append("\" xmlns:xsi=\"").append(XSI).append("\">\n");
        Map<String, List<TableMeta>> bySchema = new LinkedHashMap<>();
        for (TableMeta t : md.tables()) bySchema.computeIfAbsent(t.schema(), s -> new ArrayList<>()).add(t);
        for (Map.Entry<String, List<TableMeta>> e : bySchema.entrySet()) {
            sb.append("<schema>\n");
            element(sb, "name", e.getKey());
            element(sb, "description", SCHEMA_DESCRIPTIONS.get(e.getKey().toLowerCase(Locale.ROOT)));
            for (TableMeta t : e.getValue()) table(sb, t, keys, "table", withColumns);
            sb.append("</schema>\n");
        }
        sb.append("</vosi:tableset>\n");
        return bytes(sb);
    }

    /** One table's document ({@code /tables/ivoa.obscore}) without foreign keys. */
    public static Optional<byte[]> table(Metadata md, String qualifiedName) {
        return table(md, List.of(), qualifiedName);
    }

    /** One table's document with its foreign keys; the name matches case-insensitively. */
    public static Optional<byte[]> table(Metadata md, List<ForeignKey> keys, String qualifiedName) {
        for (TableMeta t : md.tables()) {
            if (t.qualifiedName().equalsIgnoreCase(qualifiedName)) {
                StringBuilder sb = header();
                sb.append("<vosi:table xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\" xmlns:vs=\"").append(VS)
                        .append("\" xmlns:xsi=\"").append(XSI).append("\" type=\"base_table\">\n");
                tableBody(sb, t, keys, true);
                sb.append("</vosi:table>\n");
                return Optional.of(bytes(sb));
            }
        }
        return Optional.empty();
    }

    private static void table(StringBuilder sb, TableMeta t, List<ForeignKey> keys, String element,
                              boolean withColumns) {
        sb.append('<').append(element).append(" type=\"base_table\">\n");
        tableBody(sb, t, keys, withColumns);
        sb.append("</").append(element).append(">\n");
    }

    private static void tableBody(StringBuilder sb, TableMeta t, List<ForeignKey> keys, boolean withColumns) {
        element(sb, "name", t.qualifiedName());
        element(sb, "description", t.description());
        if (!withColumns) return;
        for (ColumnMeta c : t.columns()) {
            sb.append("<column>\n");
            element(sb, "name", adqlName(c.name()));
            element(sb, "description", c.description());
            element(sb, "unit", c.unit());
            element(sb, "ucd", c.ucd());
            element(sb, "utype", c.utype());
            sb.append("<dataType xsi:type=\"vs:VOTableType\"");
            if (c.arraysize() != null && !c.arraysize().isEmpty()) sb.append(" arraysize=\"").append(Text.xml(c.arraysize())).append('"');
            if (c.xtype() != null && !c.xtype().isEmpty()) sb.append(" extendedType=\"").append(Text.xml(c.xtype())).append('"');
            sb.append('>').append(Text.xml(c.datatype())).append("</dataType>\n");
            if (c.indexed()) sb.append("<flag>indexed</flag>\n");
            if (c.principal()) sb.append("<flag>primary</flag>\n");
            if (c.std()) sb.append("<flag>std</flag>\n");
            sb.append("</column>\n");
        }
        for (ForeignKey k : keys) {
            if (!k.fromTable().equalsIgnoreCase(t.qualifiedName())) continue;
            sb.append("<foreignKey>\n");
            element(sb, "targetTable", k.targetTable());
            for (ForeignKey.ColumnPair p : k.columns()) {
                sb.append("<fkColumn>\n");
                element(sb, "fromColumn", p.from());
                element(sb, "targetColumn", p.target());
                sb.append("</fkColumn>\n");
            }
            element(sb, "description", k.description());
            element(sb, "utype", k.utype());
            sb.append("</foreignKey>\n");
        }
    }

    /**
     * A column name as TAP_SCHEMA.columns and queries write it: the metadata keeps delimited names without
     * their quotes ({@code size}), so a reserved word or a name that is not a regular ADQL identifier gets its
     * double quotes back ({@code "size"}).
     */
    public static String adqlName(String name) {
        if (name.startsWith("\"")) return name;
        if (name.matches("[A-Za-z][A-Za-z0-9_]*") && !Reserved.isReserved(name)) return name;
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * The capabilities: TAP 1.1 (TAPRegExt: ADQL 2.0 and 2.1 with their optional features, the ObsCore 1.1
     * data model, output formats and row limits) and the VOSI endpoints, all under {@code tapUrl}.
     */
    public static byte[] capabilities(String tapUrl, Metadata md, QueryRunner.Limits limits) {
        return capabilities(tapUrl, md, limits, null);
    }

    /**
     * The capabilities with async (UWS 1.1 at {@code tapUrl/async}, part of the TAP 1.1 interface) and, when
     * given, how long async jobs and their results are kept (TAPRegExt {@code retentionPeriod}).
     */
    public static byte[] capabilities(String tapUrl, Metadata md, QueryRunner.Limits limits,
                                      Duration retention) {
        return capabilities(tapUrl, md, limits, retention, false);
    }

    /**
     * As {@link #capabilities(String, Metadata, QueryRunner.Limits, Duration)}; with {@code examples}, also the
     * DALI examples document at {@code tapUrl/examples} (a web page, {@code vr:WebBrowser}).
     */
    public static byte[] capabilities(String tapUrl, Metadata md, QueryRunner.Limits limits,
                                      Duration retention, boolean examples) {
        return capabilities(tapUrl, md, limits, retention, examples, null);
    }

    /**
     * As above, and with {@code uploads} (null or disabled: none) the TAPRegExt upload methods (inline
     * multipart parts, and http/https URLs when allowed) and the upload limit in bytes.
     */
    public static byte[] capabilities(String tapUrl, Metadata md, QueryRunner.Limits limits,
                                      Duration retention, boolean examples, UploadLimits uploads) {
        StringBuilder sb = header();
        sb.append("<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\" xmlns:vr=\"")
                .append("http://www.ivoa.net/xml/VOResource/v1.0\" xmlns:vs=\"").append(VS)
                .append("\" xmlns:tr=\"http://www.ivoa.net/xml/TAPRegExt/v1.0\" xmlns:xsi=\"").append(XSI).append("\">\n");
        sb.append("<capability standardID=\"ivo://ivoa.net/std/TAP\" xsi:type=\"tr:TableAccess\">\n")
                .append("<interface xsi:type=\"vs:ParamHTTP\" role=\"std\" version=\"1.1\">\n")
                .append("<accessURL use=\"base\">").append(Text.xml(tapUrl)).append("</accessURL>\n</interface>\n")
                .append("<dataModel ivo-id=\"ivo://ivoa.net/std/ObsCore#core-1.1\">ObsCore-1.1</dataModel>\n")
                .append("<language>\n<name>ADQL</name>\n");
        List<Features.Version> versions = new ArrayList<>(Features.VERSIONS);
        versions.sort((a, b) -> a.name().compareTo(b.name()));
        for (Features.Version v : versions) {
            sb.append("<version ivo-id=\"").append(Text.xml(v.ivoId())).append("\">").append(Text.xml(v.name()))
                    .append("</version>\n");
        }
        sb.append("<description>ADQL 2.1 (2.0 queries are accepted), translated to PostgreSQL with pgSphere</description>\n");
        Map<String, List<Features.Feature>> byType = new LinkedHashMap<>();
        for (Features.Feature f : Features.of(md)) byType.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(f);
        for (Map.Entry<String, List<Features.Feature>> e : byType.entrySet()) {
            sb.append("<languageFeatures type=\"").append(Text.xml(e.getKey())).append("\">\n");
            for (Features.Feature f : e.getValue()) {
                sb.append("<feature><form>").append(Text.xml(f.form())).append("</form>");
                if (f.description() != null) sb.append("<description>").append(Text.xml(f.description())).append("</description>");
                sb.append("</feature>\n");
            }
            sb.append("</languageFeatures>\n");
        }
        sb.append("</language>\n");
        for (ResultFormat f : ResultFormat.values()) {
            sb.append("<outputFormat");
            if (f.ivoId() != null) sb.append(" ivo-id=\"").append(f.ivoId()).append('"');
            sb.append("><mime>").append(Text.xml(f.mime())).append("</mime><alias>").append(Text.xml(f.alias()))
                    .append("</alias></outputFormat>\n");
        }
        if (uploads != null && !uploads.disabled()) {
            sb.append("<uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-inline\"/>\n");
            if (uploads.urls()) {
                sb.append("<uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-http\"/>\n")
                        .append("<uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-https\"/>\n");
            }
        }
        if (retention != null) {
            sb.append("<retentionPeriod><default>").append(retention.toSeconds()).append("</default><hard>")
                    .append(retention.toSeconds()).append("</hard></retentionPeriod>\n");
        }
        sb.append("<executionDuration><default>").append(limits.timeout().toSeconds()).append("</default><hard>").append(limits.timeout().toSeconds()).append("</hard></executionDuration>\n")
                .append("<outputLimit><default unit=\"row\">").append(limits.defaultMaxrec())
                .append("</default><hard unit=\"row\">").append(limits.hardMaxrec()).append("</hard></outputLimit>\n");
        if (uploads != null && !uploads.disabled()) {
            sb.append("<uploadLimit><default unit=\"byte\">").append(uploads.maxBytes()).append("</default><hard unit=\"byte\">")
                    .append(uploads.maxBytes()).append("</hard></uploadLimit>\n");
        }
        sb.append("</capability>\n");
        vosi(sb, "ivo://ivoa.net/std/VOSI#capabilities", "1.0", tapUrl + "/capabilities");
        vosi(sb, "ivo://ivoa.net/std/VOSI#availability", "1.0", tapUrl + "/availability");
        vosi(sb, "ivo://ivoa.net/std/VOSI#tables-1.1", "1.1", tapUrl + "/tables");
        if (examples) {
            sb.append("<capability standardID=\"").append(Examples.STANDARD_ID).append("\">\n")
                    .append("<interface xsi:type=\"vr:WebBrowser\">\n")
                    .append("<accessURL use=\"full\">").append(Text.xml(tapUrl + "/examples"))
                    .append("</accessURL>\n</interface>\n</capability>\n");
        }
        sb.append("</vosi:capabilities>\n");
        return bytes(sb);
    }

    private static void vosi(StringBuilder sb, String standardId, String version, String url) {
        sb.append("<capability standardID=\"").append(standardId).append("\">\n")
                .append("<interface xsi:type=\"vs:ParamHTTP\" role=\"std\" version=\"").append(version).append("\">\n")
                .append("<accessURL use=\"full\">").append(Text.xml(url)).append("</accessURL>\n</interface>\n")
                .append("</capability>\n");
    }

    /** VOSI availability; {@code available} should come from really asking the database. */
    public static byte[] availability(boolean available, String note) {
        StringBuilder sb = header();
        sb.append("<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">\n")
                .append("<vosi:available>").append(available).append("</vosi:available>\n");
        if (note != null) sb.append("<vosi:note>").append(Text.xml(note)).append("</vosi:note>\n");
        sb.append("</vosi:availability>\n");
        return bytes(sb);
    }

    private static StringBuilder header() {
        return new StringBuilder(8192).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    private static void element(StringBuilder sb, String name, String value) {
        if (value == null || value.isEmpty()) return;
        sb.append('<').append(name).append('>').append(Text.xml(value)).append("</").append(name).append(">\n");
    }

    private static byte[] bytes(StringBuilder sb) {
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
