-- TAP_SCHEMA in its TAP 1.1 form. Its rows are written by the repeatable migration R__tap_schema from the
-- same declarations that define ivoa.obscore.
CREATE SCHEMA IF NOT EXISTS tap_schema;

CREATE TABLE tap_schema.schemas (
    schema_name varchar(64) PRIMARY KEY,
    utype varchar(512),
    description varchar(512),
    schema_index integer
);

CREATE TABLE tap_schema.tables (
    schema_name varchar(64) NOT NULL REFERENCES tap_schema.schemas (schema_name) ON DELETE CASCADE,
    table_name varchar(128) PRIMARY KEY,
    table_type varchar(8) NOT NULL CHECK (table_type IN ('table', 'view')),
    utype varchar(512),
    description varchar(512),
    table_index integer
);

CREATE TABLE tap_schema.columns (
    table_name varchar(128) NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
    column_name varchar(64) NOT NULL,
    datatype varchar(64) NOT NULL,
    arraysize varchar(16),
    xtype varchar(64),
    "size" integer,
    description varchar(512),
    utype varchar(512),
    unit varchar(64),
    ucd varchar(64),
    indexed integer NOT NULL CHECK (indexed IN (0, 1)),
    principal integer NOT NULL CHECK (principal IN (0, 1)),
    std integer NOT NULL CHECK (std IN (0, 1)),
    column_index integer,
    PRIMARY KEY (table_name, column_name)
);

CREATE TABLE tap_schema.keys (
    key_id varchar(64) PRIMARY KEY,
    from_table varchar(128) NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
    target_table varchar(128) NOT NULL REFERENCES tap_schema.tables (table_name) ON DELETE CASCADE,
    description varchar(512),
    utype varchar(512)
);

CREATE TABLE tap_schema.key_columns (
    key_id varchar(64) NOT NULL REFERENCES tap_schema.keys (key_id) ON DELETE CASCADE,
    from_column varchar(64) NOT NULL,
    target_column varchar(64) NOT NULL
);
