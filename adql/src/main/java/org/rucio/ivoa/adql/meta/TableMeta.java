package org.rucio.ivoa.adql.meta;

import java.util.List;

/**
 * A published table: ADQL schema and table names (as in TAP_SCHEMA, unqualified table name), its
 * columns in TAP_SCHEMA order, and the schema/table names in the database.
 */
public record TableMeta(String schema, String name, List<ColumnMeta> columns, String description,
                        String dbSchema, String dbName) {
    public TableMeta {
        columns = List.copyOf(columns);
        if (dbSchema == null) dbSchema = schema;
        if (dbName == null) dbName = name;
    }

    public static TableMeta of(String schema, String name, List<ColumnMeta> columns) {
        return new TableMeta(schema, name, columns, null, schema, name);
    }

    public String qualifiedName() {
        return schema == null ? name : schema + "." + name;
    }
}
