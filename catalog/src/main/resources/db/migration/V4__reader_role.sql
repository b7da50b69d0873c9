-- The role TAP queries run as: it reads the published tables and nothing else (no rucio.dids, no job
-- tables, no bookkeeping). Roles are cluster-wide, so it may already exist.
DO $role$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${reader_role}') THEN
        CREATE ROLE "${reader_role}" NOLOGIN;
    END IF;
END
$role$;

GRANT USAGE ON SCHEMA ivoa, tap_schema TO "${reader_role}";
GRANT SELECT ON ALL TABLES IN SCHEMA ivoa, tap_schema TO "${reader_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA ivoa, tap_schema GRANT SELECT ON TABLES TO "${reader_role}";
