package org.rucio.ivoa.adql.meta;

import java.util.List;

/**
 * A table uploaded with one query, referenced in ADQL as {@code TAP_UPLOAD.<name>}; the caller has
 * loaded it into the database as {@code dbSchema.dbName} (for example a per-job temporary table).
 */
public record UploadTable(String name, List<ColumnMeta> columns, String dbSchema, String dbName) {
    public UploadTable {
        columns = List.copyOf(columns);
    }

    public TableMeta asTable() {
        return new TableMeta("TAP_UPLOAD", name, columns, "uploaded table", dbSchema, dbName);
    }
}
