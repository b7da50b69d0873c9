-- Tables sent inline with an async job (UPLOAD=name,param:part): kept until the job is destroyed, so a job
-- queued before a restart still has its upload when it runs. Bounded by the service's upload byte limit.
CREATE TABLE uws.job_upload (
    job_id    text NOT NULL REFERENCES uws.job (job_id) ON DELETE CASCADE,
    part_name text NOT NULL,
    content   bytea NOT NULL,
    PRIMARY KEY (job_id, part_name)
);
