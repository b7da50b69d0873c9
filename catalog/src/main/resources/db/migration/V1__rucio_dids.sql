-- The table Rucio's ExternalPostgresJSONDidMeta plugin writes: exactly the shape the plugin creates when it
-- manages the table (lib/rucio/core/did_meta_plugins/postgres_meta.py), so its own schema verification passes.
-- An existing table (created by Rucio) is adopted as it is: nothing is re-created and no row is touched.
CREATE SCHEMA IF NOT EXISTS "${dids_schema}";

CREATE TABLE IF NOT EXISTS "${dids_schema}"."${dids_table}" (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    vo varchar NOT NULL,
    scope varchar NOT NULL,
    name varchar NOT NULL,
    data jsonb DEFAULT '{}'::jsonb,
    UNIQUE (scope, name)
);

-- An adopted table must have the columns and the unique key the plugin (and our sync) rely on.
DO $verify$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(format('%s %s', want.col, want.typ), ', ') INTO missing
    FROM (VALUES ('vo', 'character varying'), ('scope', 'character varying'),
                 ('name', 'character varying'), ('data', 'jsonb')) AS want(col, typ)
    WHERE NOT EXISTS (SELECT 1 FROM information_schema.columns c
                      WHERE c.table_schema = '${dids_schema}' AND c.table_name = '${dids_table}'
                        AND c.column_name = want.col AND c.data_type = want.typ);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'table "${dids_schema}"."${dids_table}" exists but lacks the column(s) % that Rucio''s'
            ' metadata plugin writes; it cannot be adopted', missing;
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint con
        WHERE con.conrelid = '"${dids_schema}"."${dids_table}"'::regclass AND con.contype IN ('u', 'p')
          AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
               WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)) = ARRAY['name', 'scope']) THEN
        RAISE EXCEPTION 'table "${dids_schema}"."${dids_table}" exists but has no UNIQUE (scope, name)'
            ' constraint, which Rucio''s metadata plugin upserts on; it cannot be adopted';
    END IF;
END
$verify$;

-- For Rucio's list_dids filters that test keys or containment (data ? 'k', data @> '{...}').
CREATE INDEX IF NOT EXISTS "${dids_table}_data_gin" ON "${dids_schema}"."${dids_table}" USING gin (data);

-- Our own bookkeeping: DIDs whose metadata is not (yet) publishable, and why.
CREATE TABLE rucio_ivoa.did_status (
    scope varchar NOT NULL,
    name varchar NOT NULL,
    vo varchar NOT NULL,
    state text NOT NULL CHECK (state IN ('incomplete', 'invalid')),
    -- mandatory keys that are absent
    missing text[] NOT NULL DEFAULT '{}',
    -- one object per unusable value: {"key": ..., "value": <the JSON value>, "expected": ...}
    problems jsonb NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, name)
);
CREATE INDEX did_status_state ON rucio_ivoa.did_status (state);

COMMENT ON TABLE rucio_ivoa.did_status IS
    'DIDs in rucio.dids without an ivoa.obscore row: incomplete (mandatory keys missing) or invalid (unusable values)';
