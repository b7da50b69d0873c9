-- SQL functions the ADQL translator calls where pgSphere 1.2 has no equivalent. They live in public, beside
-- pgSphere, so the TAP reader role (which has no rights on rucio_ivoa) can call them by their bare names.

-- CENTROID of a polygon: the normalised mean of its vertices' unit vectors (for the small footprints of
-- observations, the point ADQL users expect). pgSphere 1.2 has no vertex accessor, so the vertices are read
-- from the polygon's text form, in degrees (set_sphere_output('DEG'), as the TAP service sets it) or radians.
CREATE OR REPLACE FUNCTION public.adql_centroid(p spoly) RETURNS spoint
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT spoint(atan2(sum(y), sum(x)), asin(sum(z) / sqrt(sum(x) ^ 2 + sum(y) ^ 2 + sum(z) ^ 2)))
    FROM (SELECT cos(lat) * cos(lon) AS x, cos(lat) * sin(lon) AS y, sin(lat) AS z
          FROM (SELECT CASE WHEN m[2] = 'd' THEN radians(m[1]::float8) ELSE m[1]::float8 END AS lon,
                       CASE WHEN m[4] = 'd' THEN radians(m[3]::float8) ELSE m[3]::float8 END AS lat
                FROM regexp_matches(p::text,
                     '\(\s*([-+0-9.eE]+)\s*(d?)\s*,\s*([-+0-9.eE]+)\s*(d?)\s*\)', 'g') AS m) AS vertex) AS unit
$$;
