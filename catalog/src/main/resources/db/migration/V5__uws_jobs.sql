-- UWS 1.1 jobs of TAP /async. A schema of its own: the service's login role owns it; the query role
-- (rucio_ivoa_reader) gets nothing here, so an ADQL query can never read or change jobs.
CREATE SCHEMA IF NOT EXISTS uws;
REVOKE ALL ON SCHEMA uws FROM PUBLIC;

CREATE TABLE uws.job (
    -- unguessable and URL-safe: 128 random bits, base64url without padding
    job_id             text PRIMARY KEY CHECK (job_id ~ '^[A-Za-z0-9_-]{16,64}$'),
    phase              text NOT NULL CHECK (phase IN ('PENDING', 'QUEUED', 'EXECUTING', 'COMPLETED', 'ERROR',
                           'ABORTED', 'HELD', 'SUSPENDED', 'ARCHIVED', 'UNKNOWN')),
    owner_id           text,                                 -- NULL: anonymous
    run_id             text,
    creation_time      timestamptz NOT NULL DEFAULT clock_timestamp(),
    queued_time        timestamptz,                          -- queue order: when PHASE=RUN was accepted
    start_time         timestamptz,
    end_time           timestamptz,
    execution_duration integer NOT NULL CHECK (execution_duration >= 0),   -- seconds, 0 = unlimited
    destruction_time   timestamptz,
    quote              timestamptz,
    -- the parameters as given, in order, names lower-cased; param_names[i] goes with param_values[i]
    param_names        text[] NOT NULL DEFAULT '{}',
    param_values       text[] NOT NULL DEFAULT '{}',
    error_summary      text,
    error_type         text CHECK (error_type IN ('transient', 'fatal')),
    result_path        text,
    result_type        text,
    result_size        bigint,
    result_rows        bigint,
    CHECK (cardinality(param_names) = cardinality(param_values))
);

-- the job list: newest first, LAST=n and AFTER=t walk this index; PHASE=p (repeatable) the second one
CREATE INDEX job_creation_idx ON uws.job (creation_time DESC, job_id DESC);
CREATE INDEX job_phase_creation_idx ON uws.job (phase, creation_time DESC, job_id DESC);
-- the reaper: jobs past their destruction time
CREATE INDEX job_destruction_idx ON uws.job (destruction_time) WHERE destruction_time IS NOT NULL;
-- start-up recovery and the queue: the few jobs waiting or running
CREATE INDEX job_active_idx ON uws.job (queued_time) WHERE phase IN ('QUEUED', 'EXECUTING');
