-- Run once by the postgres image's entrypoint when it creates the cluster, as the superuser POSTGRES_USER,
-- connected to POSTGRES_DB. pg_sphere is not a trusted extension: created here, rucio-ivoa's migration finds
-- it and needs no superuser rights for it. It also proves at first start that pgSphere installs cleanly.
CREATE EXTENSION IF NOT EXISTS pg_sphere SCHEMA public;
