-- The measures the rules of hanoi_ccn.csv read, per proposal (README
-- "zoneguard check"): areas; housing of the later date inside (union);
-- specialised rice land (LUC) inside (union); overlap with the existing
-- clusters other than the one it expands (mo_rong) and with the other
-- proposals (interiors meet); the least boundary distance to housing of
-- the later date (plane); housing added between the dates in its rings
-- (@RINGS@, as the clusters'); for an expansion, the plane area of the
-- proposal united with the cluster it expands and that cluster's.
CREATE TABLE pg_prop_zones AS
SELECT p.ma AS proposal_id, r.k,
       ST_Multi(ST_CollectionExtract(ST_Difference(
           ST_Buffer(p.geom, r.hi, 'quad_segs=8'),
           CASE WHEN r.lo = 0 THEN p.geom
                ELSE ST_Buffer(p.geom, r.lo, 'quad_segs=8') END), 3)) AS geom
FROM proposals p CROSS JOIN (VALUES @RINGS@) AS r(k, lo, hi);
CREATE TABLE pg_prop AS
SELECT p.ma AS proposal_id,
       ST_Area(ST_Transform(p.geom, 4326)::geography, true) / 1e4 AS area_ha,
       ST_Area(p.geom) / 1e4 AS area_plane_ha,
       coalesce((SELECT ST_Area(ST_Transform(ST_CollectionExtract(ST_Intersection(p.geom, ST_Union(h.geom)), 3), 4326)::geography, true)
                 FROM housing_2 h WHERE ST_Intersects(p.geom, h.geom)), 0) / 1e4 AS residential_ha,
       coalesce((SELECT ST_Area(ST_Transform(ST_CollectionExtract(ST_Intersection(p.geom, ST_Union(l.geom)), 3), 4326)::geography, true)
                 FROM parcels l WHERE l.ma_ldat = 'LUC' AND ST_Intersects(p.geom, l.geom)), 0) / 1e4 AS luc_ha,
       (coalesce((SELECT sum(ST_Area(ST_Transform(ST_CollectionExtract(ST_Intersection(p.geom, c.geom), 3), 4326)::geography, true))
                  FROM clusters c WHERE ST_Intersects(p.geom, c.geom) AND ST_Relate(p.geom, c.geom, 'T********')
                    AND c.ma_ccn IS DISTINCT FROM nullif(p.mo_rong, '')), 0)
        + coalesce((SELECT sum(ST_Area(ST_Transform(ST_CollectionExtract(ST_Intersection(p.geom, q.geom), 3), 4326)::geography, true))
                  FROM proposals q WHERE q.ma <> p.ma AND ST_Intersects(p.geom, q.geom) AND ST_Relate(p.geom, q.geom, 'T********')), 0)) / 1e4
           AS cluster_overlap_ha,
       (SELECT ST_Distance(p.geom, h.geom) FROM housing_2 h ORDER BY p.geom <-> h.geom LIMIT 1) AS min_dist_residential_m,
       (SELECT sum(CASE WHEN u2 IS NULL THEN 0 WHEN u1 IS NULL THEN pg_pos_area_m2(u2)
                        ELSE pg_pos_area_m2(ST_Difference(u2, u1)) END)
        FROM (SELECT (SELECT ST_CollectionExtract(ST_Intersection(z.geom, ST_Union(h.geom)), 3) FROM housing_1 h WHERE ST_Intersects(z.geom, h.geom)) AS u1,
                     (SELECT ST_CollectionExtract(ST_Intersection(z.geom, ST_Union(h.geom)), 3) FROM housing_2 h WHERE ST_Intersects(z.geom, h.geom)) AS u2
              FROM pg_prop_zones z WHERE z.proposal_id = p.ma) s) / 1e4 AS resid_growth_rings_ha,
       (SELECT ST_Area(ST_Union(p.geom, c.geom)) FROM clusters c WHERE c.ma_ccn = nullif(p.mo_rong, '')) / 1e4 AS expansion_total_ha,
       (SELECT ST_Area(c.geom) FROM clusters c WHERE c.ma_ccn = nullif(p.mo_rong, '')) / 1e4 AS existing_area_ha
FROM proposals p;
\set f :out '/pg_proposals.csv'
\o :f
COPY (SELECT * FROM pg_prop ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER);
\o
