-- ivoa.obscore: every ObsCore 1.1 column (mandatory and optional) plus the DID it comes from.
-- Filled only by the sync triggers on the Rucio table; never written by hand.
-- pgSphere goes into public, where the sync functions (search_path pg_catalog, public) find it
CREATE EXTENSION IF NOT EXISTS pg_sphere SCHEMA public;
CREATE SCHEMA IF NOT EXISTS ivoa;

CREATE TABLE ivoa.obscore (
    dataproduct_type text,
    calib_level integer NOT NULL,
    obs_collection text NOT NULL,
    obs_id text NOT NULL,
    obs_publisher_did text NOT NULL,
    access_url text,
    access_format text,
    access_estsize bigint,
    target_name text,
    s_ra double precision,
    s_dec double precision,
    s_fov double precision,
    s_region spoly,
    s_resolution double precision,
    s_xel1 bigint,
    s_xel2 bigint,
    t_min double precision,
    t_max double precision,
    t_exptime double precision,
    t_resolution double precision,
    t_xel bigint,
    em_min double precision,
    em_max double precision,
    em_res_power double precision,
    em_xel bigint,
    o_ucd text,
    pol_states text,
    pol_xel bigint,
    facility_name text,
    instrument_name text,
    dataproduct_subtype text,
    target_class text,
    obs_creation_date timestamp,
    obs_creator_name text,
    obs_creator_did text,
    obs_title text,
    publisher_id text,
    bib_reference text,
    data_rights text,
    obs_release_date timestamp,
    s_ucd text,
    s_unit text,
    s_resolution_min double precision,
    s_resolution_max double precision,
    s_pixel_scale double precision,
    s_calib_status text,
    s_stat_error double precision,
    t_calib_status text,
    t_stat_error double precision,
    em_ucd text,
    em_unit text,
    em_calib_status text,
    em_res_power_min double precision,
    em_res_power_max double precision,
    em_resolution double precision,
    em_stat_error double precision,
    o_unit text,
    o_calib_status text,
    o_stat_error double precision,
    proposal_id text,
    -- the footprint when it is a circle (radio primary beams usually are): exact, where a polygon would
    -- approximate it, and ~100x cheaper to build than one; exactly one of s_region and s_region_circle is set
    -- when a DID has a footprint. TAP presents the two as the one ObsCore column s_region.
    s_region_circle scircle,
    rucio_did_scope varchar NOT NULL,
    rucio_did_name varchar NOT NULL,
    PRIMARY KEY (rucio_did_scope, rucio_did_name),
    CHECK (calib_level BETWEEN 0 AND 4),
    CHECK (s_region IS NULL OR s_region_circle IS NULL)
);

-- Cone searches: ADQL POINT('ICRS', s_ra, s_dec) translates to exactly this expression, so
-- CONTAINS(POINT(...), CIRCLE(...)) = 1 becomes an indexed "<@".
-- Partial (NOT NULL) so rows without the value cost nothing; pgSphere's operators are strict, so a
-- query using them implies the predicate and the planner still picks these indexes.
CREATE INDEX obscore_position ON ivoa.obscore USING gist (spoint(radians(s_ra), radians(s_dec)))
    WHERE s_ra IS NOT NULL AND s_dec IS NOT NULL;
-- INTERSECTS(s_region, ...) / CONTAINS(point, s_region): polygons and circles
CREATE INDEX obscore_region ON ivoa.obscore USING gist (s_region) WHERE s_region IS NOT NULL;
CREATE INDEX obscore_region_circle ON ivoa.obscore USING gist (s_region_circle) WHERE s_region_circle IS NOT NULL;

CREATE INDEX obscore_obs_id ON ivoa.obscore (obs_id);
CREATE INDEX obscore_obs_publisher_did ON ivoa.obscore (obs_publisher_did);
CREATE INDEX obscore_obs_collection ON ivoa.obscore (obs_collection);
CREATE INDEX obscore_dataproduct_type ON ivoa.obscore (dataproduct_type);
CREATE INDEX obscore_calib_level ON ivoa.obscore (calib_level);
CREATE INDEX obscore_t_min ON ivoa.obscore (t_min);
CREATE INDEX obscore_t_max ON ivoa.obscore (t_max);
CREATE INDEX obscore_em_min ON ivoa.obscore (em_min);
CREATE INDEX obscore_em_max ON ivoa.obscore (em_max);
CREATE INDEX obscore_target_name ON ivoa.obscore (target_name);
CREATE INDEX obscore_facility_name ON ivoa.obscore (facility_name);
CREATE INDEX obscore_instrument_name ON ivoa.obscore (instrument_name);

COMMENT ON TABLE ivoa.obscore IS 'ObsCore 1.1 view of the DIDs in the Rucio metadata table, kept in sync by triggers';
