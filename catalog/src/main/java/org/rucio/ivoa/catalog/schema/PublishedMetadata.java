package org.rucio.ivoa.catalog.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rucio.ivoa.adql.meta.ColumnMeta;
import org.rucio.ivoa.adql.meta.FunctionMeta;
import org.rucio.ivoa.adql.meta.Metadata;
import org.rucio.ivoa.adql.meta.TableMeta;

/**
 * What ADQL queries may read: the tables TAP_SCHEMA publishes, read from a database's TAP_SCHEMA or taken
 * from the declarations that write it. A region column whose circles live in a companion scircle column
 * named {@code <column>_circle} (ivoa.obscore's s_region) is declared as such to the translator.
 */
public record PublishedMetadata(List<TableMeta> tables, List<FunctionMeta> functions) implements Metadata {

    public PublishedMetadata {
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
    }

    /** From the declarations in this build (no database needed): what a fresh migration publishes. */
    public static PublishedMetadata declared() {
        Map<String, List<ColumnMeta>> byTable = new LinkedHashMap<>();
        for (TapSchemaSql.Column c : TapSchemaSql.columns()) {
            byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(column(c.name(), c.datatype(),
                    c.arraysize(), c.xtype(), c.unit(), c.ucd(), c.utype(), c.description(), c.indexed(), c.principal(),
                    c.std()));
        }
        Set<String> circles = Set.of(ObsCoreColumns.QUALIFIED + "." + SyncSql.CIRCLE_COLUMN);
        return new PublishedMetadata(byTable.entrySet().stream().map(e -> table(e.getKey(), e.getValue(), null, circles))
                .toList(), List.of());
    }

    /** From the TAP_SCHEMA of a migrated database. */
    public static PublishedMetadata read(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            Set<String> circles = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name || '.' || column_name"
                    + " FROM information_schema.columns WHERE udt_name = 'scircle' AND column_name LIKE '%\\_circle'")) {
                while (rs.next()) {
                    circles.add(rs.getString(1));
                }
            }
            Map<String, String> descriptions = new LinkedHashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name, description FROM tap_schema.tables"
                    + " ORDER BY table_index, table_name")) {
                while (rs.next()) {
                    descriptions.put(rs.getString(1), rs.getString(2));
                }
            }
            Map<String, List<ColumnMeta>> byTable = new LinkedHashMap<>();
            descriptions.keySet().forEach(t -> byTable.put(t, new ArrayList<>()));
            try (ResultSet rs = st.executeQuery("SELECT table_name, column_name, datatype, arraysize, xtype, unit, ucd,"
                    + " utype, description, indexed, principal, std FROM tap_schema.columns"
                    + " ORDER BY table_name, column_index, column_name")) {
                while (rs.next()) {
                    List<ColumnMeta> cols = byTable.get(rs.getString(1));
                    if (cols != null) {
                        cols.add(column(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10) == 1,
                                rs.getInt(11) == 1, rs.getInt(12) == 1));
                    }
                }
            }
            return new PublishedMetadata(byTable.entrySet().stream()
                    .map(e -> table(e.getKey(), e.getValue(), descriptions.get(e.getKey()), circles)).toList(), List.of());
        }
    }

    private static ColumnMeta column(String name, String datatype, String arraysize, String xtype, String unit,
            String ucd, String utype, String description, boolean indexed, boolean principal, boolean std) {
        // TAP_SCHEMA writes delimited names with their quotes ("size"); ADQL metadata wants the bare name
        String bare = name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        return new ColumnMeta(bare, datatype, arraysize, xtype, unit, ucd, utype, description, indexed, principal, std,
                bare);
    }

    private static TableMeta table(String qualified, List<ColumnMeta> columns, String description, Set<String> circles) {
        int dot = qualified.indexOf('.');
        String schema = qualified.substring(0, dot);
        String name = qualified.substring(dot + 1);
        // TAP_SCHEMA is tap_schema in the database: unquoted identifiers fold to lower case
        String dbSchema = schema.toLowerCase(Locale.ROOT);
        String dbName = name.toLowerCase(Locale.ROOT);
        List<ColumnMeta> withCircles = columns.stream().map(c -> {
            String circle = c.dbName() + "_circle";
            return circles.contains(dbSchema + "." + dbName + "." + circle) ? c.withDbCircleName(circle) : c;
        }).toList();
        return new TableMeta(schema, name, withCircles, description, dbSchema, dbName);
    }
}
