-- Land-use composition per cluster and code (with the code's role), and
-- the part of each cluster no parcel covers (zoneguard's code NONE): as
-- run_bench.sh's PostGIS route, which reads this file up to its first \set.
CREATE TABLE pg_comp AS
SELECT c.ma_ccn AS cluster_id, p.ma_ldat AS code,
       SUM(ST_Area(ST_Transform(ST_CollectionExtract(
               ST_Intersection(c.geom, p.geom), 3), 4326)::geography, true)) AS area_m2
FROM clusters c
JOIN parcels p ON ST_Intersects(c.geom, p.geom)
GROUP BY c.ma_ccn, p.ma_ldat;
CREATE TABLE pg_uncov AS
SELECT c.ma_ccn AS cluster_id,
       ST_Area(ST_Transform(c.geom, 4326)::geography, true) AS cluster_m2,
       CASE WHEN u.geom IS NULL
            THEN ST_Area(ST_Transform(c.geom, 4326)::geography, true)
            ELSE ST_Area(ST_Transform(ST_CollectionExtract(
                     ST_Difference(c.geom, u.geom), 3), 4326)::geography, true)
       END AS uncovered_m2
FROM clusters c
LEFT JOIN LATERAL (SELECT ST_Union(p.geom) AS geom
                   FROM parcels p WHERE ST_Intersects(c.geom, p.geom)) u ON true;
\set f :out '/pg_comp.csv'
\o :f
COPY (SELECT m.cluster_id, m.code, coalesce(k.role, 'unknown') AS role, m.area_m2 FROM pg_comp m LEFT JOIN codes k ON k.code = m.code ORDER BY 1, 2) TO STDOUT WITH (FORMAT csv, HEADER);
\o
\set f :out '/pg_uncov.csv'
\o :f
COPY (SELECT cluster_id, cluster_m2, uncovered_m2 FROM pg_uncov ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER);
\o
