-- Housing inside each cluster and in rings around it, at each date, and
-- what changed between the dates. Rings in the plane (EPSG:5897 metres):
-- ring lo..hi = ST_Buffer(cluster, hi) minus ST_Buffer(cluster, lo) (minus
-- the cluster for lo = 0), 8 segments per quarter circle. Per zone and
-- date the housing is the union of the footprints cut by the zone
-- (overlapping footprints count once); new = later union minus earlier,
-- lost the reverse, parts under 0.01 m² dropped (overlay noise, as
-- zoneguard). Nearest housing of the later date: KNN, boundary distance.
-- @RINGS@ is replaced by bench_run.sh: (k, lo, hi), ...
CREATE TABLE pg_zones AS
SELECT c.ma_ccn AS cluster_id, 0 AS k, 'inside'::text AS zone, c.geom
FROM clusters c
UNION ALL
SELECT c.ma_ccn, r.k, 'ring_' || r.lo || '_' || r.hi,
       ST_Multi(ST_CollectionExtract(ST_Difference(
           ST_Buffer(c.geom, r.hi, 'quad_segs=8'),
           CASE WHEN r.lo = 0 THEN c.geom
                ELSE ST_Buffer(c.geom, r.lo, 'quad_segs=8') END), 3))
FROM clusters c CROSS JOIN (VALUES @RINGS@) AS r(k, lo, hi);
CREATE INDEX ON pg_zones USING GIST (geom);
ANALYZE pg_zones;
CREATE TABLE pg_resid AS
SELECT z.cluster_id, z.k, z.zone,
       ST_Area(ST_Transform(z.geom, 4326)::geography, true) AS zone_m2,
       (SELECT ST_CollectionExtract(ST_Intersection(z.geom, ST_Union(h.geom)), 3)
        FROM housing_1 h WHERE ST_Intersects(z.geom, h.geom)) AS g1,
       (SELECT ST_CollectionExtract(ST_Intersection(z.geom, ST_Union(h.geom)), 3)
        FROM housing_2 h WHERE ST_Intersects(z.geom, h.geom)) AS g2
FROM pg_zones z;
CREATE TABLE pg_enc AS
SELECT cluster_id, k, zone, zone_m2,
       coalesce(ST_Area(ST_Transform(g1, 4326)::geography, true), 0) AS resid1_m2,
       coalesce(ST_Area(ST_Transform(g2, 4326)::geography, true), 0) AS resid2_m2,
       CASE WHEN g2 IS NULL THEN 0 WHEN g1 IS NULL THEN pg_pos_area_m2(g2)
            ELSE pg_pos_area_m2(ST_Difference(g2, g1)) END AS new_m2,
       CASE WHEN g1 IS NULL THEN 0 WHEN g2 IS NULL THEN pg_pos_area_m2(g1)
            ELSE pg_pos_area_m2(ST_Difference(g1, g2)) END AS lost_m2
FROM pg_resid;
CREATE TABLE pg_nearest AS
SELECT c.ma_ccn AS cluster_id,
       (SELECT ST_Distance(c.geom, h.geom) FROM housing_2 h
        ORDER BY c.geom <-> h.geom LIMIT 1) AS nearest_m
FROM clusters c;
\set f :out '/pg_encroach.csv'
\o :f
COPY (SELECT cluster_id, zone, zone_m2 / 1e4 AS zone_ha, resid1_m2 / 1e4 AS resid_1_ha, resid2_m2 / 1e4 AS resid_2_ha, new_m2 / 1e4 AS new_ha, lost_m2 / 1e4 AS lost_ha FROM pg_enc ORDER BY cluster_id, k) TO STDOUT WITH (FORMAT csv, HEADER);
\o
\set f :out '/pg_nearest.csv'
\o :f
COPY (SELECT cluster_id, nearest_m FROM pg_nearest ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER);
\o
