package org.rucio.ivoa.tap.upload;

import org.rucio.ivoa.adql.meta.ColumnMeta;

/**
 * A column of an uploaded table: what ADQL sees ({@code meta}, with a generated database name) and how its
 * values are stored ({@code kind}).
 */
public record UploadColumn(ColumnMeta meta, Kind kind) {

    /** The database type of each kind; geometry in pgSphere like the published tables. */
    public enum Kind {
        BOOLEAN("boolean"), SHORT("smallint"), INT("integer"), LONG("bigint"), FLOAT("real"),
        DOUBLE("double precision"), TEXT("text"), TIMESTAMP("timestamp"), POINT("spoint"), CIRCLE("scircle"),
        POLYGON("spoly"), SHORT_ARRAY("smallint[]"), INT_ARRAY("integer[]"), LONG_ARRAY("bigint[]"),
        FLOAT_ARRAY("real[]"), DOUBLE_ARRAY("double precision[]");

        private final String sqlType;

        Kind(String sqlType) {
            this.sqlType = sqlType;
        }

        public String sqlType() {
            return sqlType;
        }
    }
}
