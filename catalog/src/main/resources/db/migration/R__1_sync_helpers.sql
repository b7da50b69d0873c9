-- Helpers for the sync from the Rucio table to ivoa.obscore. None of them ever raises on bad input: a value
-- that cannot be used becomes NULL, and the generated projection turns that into a reported problem.
-- The SQL-language ones are written so that PostgreSQL inlines them into the set-based projection.

-- A number from a JSON number or a numeric string (Rucio's CLI sends every value as a string).
CREATE OR REPLACE FUNCTION rucio_ivoa.to_numeric(json_type text, value text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN json_type = 'number' THEN value::numeric
        -- the length bound, not bounded repeats, keeps the number small: {1,30} made this regex 4x slower,
        -- and Rucio's CLI sends every value as a string
        WHEN json_type = 'string' AND length(value) <= 100
             AND value ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]{1,3})?\s*$'
            THEN value::numeric
    END
$$;

-- A double precision value when the number fits one (no overflow, no underflow to zero).
CREATE OR REPLACE FUNCTION rucio_ivoa.to_float8(n numeric) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN n = 0 THEN 0::float8 WHEN abs(n) BETWEEN 1e-300 AND 1e300 THEN n::float8 END
$$;

-- An ISO-8601 date or date-time (with Z or an offset, or none meaning UTC) as a UTC timestamp.
-- PL/pgSQL rather than inlined SQL: its expressions are then set up only when a DID has such a value, not
-- at the start of every sync statement (which is most of the cost of a one-DID upsert).
CREATE OR REPLACE FUNCTION rucio_ivoa.iso_timestamp(value text) RETURNS timestamp
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v constant text := btrim(value, E' \t\n\r\f\v');
BEGIN
    IF v !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$'
       OR substr(v, 1, 4)::int < 1
       OR (substr(v, 9, 2) > '28' AND substr(v, 9, 2)::int > extract(day from make_date(substr(v, 1, 4)::int,
               substr(v, 6, 2)::int, 1) + interval '1 month - 1 day')) THEN
        RETURN NULL;
    END IF;
    RETURN (CASE WHEN length(v) > 10 AND v ~ '(Z|[+-][0-9]{2}:?[0-9]{2})$' THEN v::timestamptz
                 ELSE (v || ' +00')::timestamptz END) AT TIME ZONE 'UTC';
END
$$;

-- A time as MJD from a number, a numeric string or an ISO-8601 string.
CREATE OR REPLACE FUNCTION rucio_ivoa.to_mjd(json_type text, value text) RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(rucio_ivoa.to_numeric(json_type, value),
                    CASE WHEN json_type = 'string'
                         THEN extract(epoch from rucio_ivoa.iso_timestamp(value)) / 86400 + 40587 END)
$$;

-- Polarization states in ObsCore's canonical form "/I/Q/U/V/" (known labels, standard order, no repeats),
-- from "/I/Q/U/V/", "I,Q,U,V", "i q u v" and the like. The usual, already canonical, values are answered
-- inline; the others go to pol_states_sorted, whose sub-query is then only set up when needed.
CREATE OR REPLACE FUNCTION rucio_ivoa.pol_states_sorted(value text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF upper(value) !~ '^[\s/]*(I|Q|U|V|RR|LL|RL|LR|XX|YY|XY|YX|POLI|POLA)([\s/,]+(I|Q|U|V|RR|LL|RL|LR|XX|YY|XY|YX|POLI|POLA))*[\s/]*$' THEN
        RETURN NULL;
    END IF;
    RETURN (SELECT '/' || string_agg(s, '/' ORDER BY array_position(
                ARRAY['I','Q','U','V','RR','LL','RL','LR','XX','YY','XY','YX','POLI','POLA'], s)) || '/'
            FROM (SELECT DISTINCT label AS s
                  FROM regexp_split_to_table(upper(btrim(value, E' /\t\n')), '[\s/,]+') AS label) labels);
END
$$;

CREATE OR REPLACE FUNCTION rucio_ivoa.pol_states(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IN ('/I/', '/I/Q/U/V/', '/XX/YY/', '/XX/YY/XY/YX/', '/RR/LL/', '/RR/LL/RL/LR/', '/I/V/', '/Q/U/',
                       '/I/Q/U/', '/XX/', '/YY/', '/RR/', '/LL/') THEN value
        ELSE rucio_ivoa.pol_states_sorted(value)
    END
$$;

-- Drop what earlier versions of this file created.
DROP FUNCTION IF EXISTS rucio_ivoa.circle_polygon(float8, float8, float8);
DROP FUNCTION IF EXISTS rucio_ivoa.footprint(text, text, float8, float8, float8);
DROP FUNCTION IF EXISTS rucio_ivoa.footprint(text, text);
DROP TYPE IF EXISTS rucio_ivoa.footprint;
CREATE TYPE rucio_ivoa.footprint AS (poly spoly, circle scircle, center_ra float8, center_dec float8,
                                     diameter float8, problem text);

-- The footprint of a DID from its s_region (STC-S CIRCLE/POLYGON/BOX, or a pgSphere circle/polygon
-- literal): an scircle (circles) or an spoly (polygons, boxes). Also the centre and diameter of the region,
-- for s_ra/s_dec/s_fov when those are absent. Never raises: an unusable
-- region comes back as problem (what was expected), with poly NULL.
CREATE OR REPLACE FUNCTION rucio_ivoa.footprint(region_type text, region text) RETURNS rucio_ivoa.footprint
-- PARALLEL UNSAFE: its EXCEPTION block is a subtransaction, and none can start while a query runs in
-- parallel mode, not even in the leader (a parallel SELECT calling it failed with "cannot start
-- subtransactions during a parallel operation")
LANGUAGE plpgsql IMMUTABLE PARALLEL UNSAFE AS $$
DECLARE
    poly spoly; circle scircle; center_ra float8; center_dec float8; diameter float8; problem text;
    num constant text := '[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?';
    frames constant text[] := ARRAY['ICRS', 'FK5', 'J2000'];
    ignored constant text[] := ARRAY['GEOCENTER', 'BARYCENTER', 'HELIOCENTER', 'TOPOCENTER', 'LSR', 'LSRK',
        'LSRD', 'GALACTIC_CENTER', 'LOCAL_GROUP_CENTER', 'EMBARYCENTER', 'MOON', 'UNKNOWNREFPOS', 'SPHERICAL2'];
    text_value text := btrim(region);
    tokens text[];
    shape text;
    v float8[] := '{}';
    i int;
    x float8; y float8; z float8; norm float8; d float8; polygon_text text;
BEGIN
    IF region_type <> 'string' THEN
        RETURN ROW(NULL::spoly, NULL::scircle, NULL::float8, NULL::float8, NULL::float8,
                   'a string holding an STC-S region or a pgSphere literal'::text);
    END IF;
    -- (the usual "CIRCLE ICRS ra dec radius" never gets here: the projection builds it in SQL)
    BEGIN
        IF text_value ~ '^<' THEN
            -- pgSphere circle: <(ra, dec), radius>, numbers in radians or with a d suffix for degrees
            IF text_value !~* ('^<\s*\(\s*' || num || '\s*d?\s*,\s*' || num || '\s*d?\s*\)\s*,\s*' || num || '\s*d?\s*>$') THEN
                problem := 'a pgSphere circle such as <(10.5d, -30d), 1.2d>';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
            shape := 'CIRCLE';
            SELECT array_agg(CASE WHEN m[4] = 'd' THEN m[1]::float8 ELSE degrees(m[1]::float8) END ORDER BY o)
              INTO v FROM regexp_matches(text_value, '(' || num || ')\s*(d?)', 'gi') WITH ORDINALITY AS t(m, o);
        ELSIF text_value ~ '^\{' THEN
            IF text_value !~* ('^\{\s*\(\s*' || num || '\s*d?\s*,\s*' || num || '\s*d?\s*\)(\s*,\s*\(\s*' || num
                               || '\s*d?\s*,\s*' || num || '\s*d?\s*\))*\s*\}$') THEN
                problem := 'a pgSphere polygon such as {(10d, -30d), (11d, -30d), (11d, -29d)}';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
            shape := 'POLYGON';
            SELECT array_agg(CASE WHEN m[4] = 'd' THEN m[1]::float8 ELSE degrees(m[1]::float8) END ORDER BY o)
              INTO v FROM regexp_matches(text_value, '(' || num || ')\s*(d?)', 'gi') WITH ORDINALITY AS t(m, o);
        ELSE
            -- STC-S: SHAPE [frame] [refpos] [flavor] numbers..., in degrees
            tokens := regexp_split_to_array(upper(text_value), '\s+');
            shape := tokens[1];
            IF shape NOT IN ('CIRCLE', 'POLYGON', 'BOX') THEN
                problem := 'an STC-S CIRCLE, POLYGON or BOX (found ' || left(coalesce(shape, ''), 20) || ')';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
            -- words (frame, reference position, flavour) up to the first number; then one match for all the
            -- numbers, not one regex per token, which made polygons twice as slow
            i := 2;
            WHILE i <= cardinality(tokens) AND left(tokens[i], 1) COLLATE "C" BETWEEN 'A' AND 'Z' LOOP
                IF tokens[i] <> ALL (frames) AND tokens[i] <> ALL (ignored) THEN
                    problem := 'ICRS coordinates (the frame ' || left(tokens[i], 20) || ' is not supported)';
                    RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
                END IF;
                i := i + 1;
            END LOOP;
            IF i <= cardinality(tokens) THEN
                IF array_to_string(tokens[i:], ' ') !~ ('^' || num || '( ' || num || ')*$') THEN
                    problem := 'only numbers after the frame in an STC-S ' || shape;
                    RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
                END IF;
                v := tokens[i:]::float8[];
            END IF;
        END IF;

        FOR k IN 1 .. coalesce(cardinality(v), 0) LOOP
            IF v[k] = 'NaN'::float8 OR v[k] IN ('Infinity'::float8, '-Infinity'::float8) THEN
                problem := 'finite coordinates';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
        END LOOP;

        IF shape = 'CIRCLE' THEN
            IF cardinality(v) <> 3 THEN
                problem := 'a circle with exactly a centre (ra, dec) and a radius';
            ELSIF v[2] NOT BETWEEN -90 AND 90 THEN
                problem := 'a circle centre declination in [-90, 90]';
            ELSIF NOT (v[3] > 0 AND v[3] < 90) THEN
                problem := 'a circle radius in (0, 90) degrees';
            ELSE
                circle := scircle(spoint(radians(v[1]), radians(v[2])), radians(v[3]));
                center_ra := v[1] - 360 * floor(v[1] / 360);
                center_dec := v[2];
                diameter := 2 * v[3];
            END IF;
            RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
        END IF;

        IF shape = 'BOX' THEN
            IF cardinality(v) <> 4 THEN
                problem := 'a box with exactly a centre (ra, dec), a width and a height';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            ELSIF NOT (v[3] > 0 AND v[3] < 180 AND v[4] > 0 AND v[2] - v[4] / 2 >= -90 AND v[2] + v[4] / 2 <= 90) THEN
                problem := 'a box with width in (0, 180) degrees and a height within the poles';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
            v := ARRAY[v[1] - v[3] / 2, v[2] - v[4] / 2, v[1] + v[3] / 2, v[2] - v[4] / 2,
                       v[1] + v[3] / 2, v[2] + v[4] / 2, v[1] - v[3] / 2, v[2] + v[4] / 2];
        END IF;

        -- polygon (or box corners): at least three vertices, valid declinations. Plain loops, no SQL
        -- sub-queries: this runs for every DID with a polygon footprint.
        IF cardinality(v) < 6 OR cardinality(v) % 2 <> 0 THEN
            problem := 'a polygon with at least three (ra, dec) vertices';
            RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
        END IF;
        polygon_text := '{';
        x := 0; y := 0; z := 0;
        FOR k IN 1 .. cardinality(v) / 2 LOOP
            IF v[2 * k] NOT BETWEEN -90 AND 90 THEN
                problem := 'vertex declinations in [-90, 90]';
                RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
            END IF;
            polygon_text := polygon_text || CASE WHEN k > 1 THEN ',(' ELSE '(' END || v[2 * k - 1] || 'd,' || v[2 * k] || 'd)';
            x := x + cosd(v[2 * k]) * cosd(v[2 * k - 1]);
            y := y + cosd(v[2 * k]) * sind(v[2 * k - 1]);
            z := z + sind(v[2 * k]);
        END LOOP;
        poly := (polygon_text || '}')::spoly;
        IF area(poly) < 1e-14 THEN
            poly := NULL;
            problem := 'a polygon with a non-zero area (its vertices are collinear or repeated)';
            RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
        END IF;
        -- centre: the normalised mean of the vertices' unit vectors; diameter: twice the farthest vertex
        norm := sqrt(x * x + y * y + z * z);
        IF norm < 1e-9 THEN
            poly := NULL;
            problem := 'a polygon covering less than a hemisphere';
            RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
        END IF;
        center_ra := atan2d(y, x);
        center_ra := center_ra - 360 * floor(center_ra / 360);
        center_dec := asind(least(1.0, z / norm));
        d := 0;
        FOR k IN 1 .. cardinality(v) / 2 LOOP
            d := greatest(d, degrees(spoint(radians(v[2 * k - 1]), radians(v[2 * k]))
                                     <-> spoint(radians(center_ra), radians(center_dec))));
        END LOOP;
        diameter := 2 * d;
    EXCEPTION WHEN OTHERS THEN
        poly := NULL; circle := NULL; center_ra := NULL; center_dec := NULL; diameter := NULL;
        problem := 'a valid ' || lower(coalesce(shape, 'region')) || ' (' || SQLERRM || ')';
    END;
    RETURN ROW(poly, circle, center_ra, center_dec, diameter, problem);
END
$$;
