-- Free land per cluster (README "zoneguard reserve", default
-- --unbuildable residential,water,sensitive, no parks): the cluster minus
-- the union of the parcels whose code's role is residential, water or
-- sensitive and of the later date's footprints. Housing = residential
-- parcels and footprints together, counted once; "other" = sensitive.
CREATE TABLE pg_res_parts AS
SELECT c.ma_ccn AS cluster_id, c.geom AS cgeom,
       (SELECT ST_Intersection(c.geom, ST_Union(p.geom)) FROM parcels p JOIN codes k ON k.code = p.ma_ldat
        WHERE k.role = 'residential' AND ST_Intersects(c.geom, p.geom)) AS lu_resid,
       (SELECT ST_Intersection(c.geom, ST_Union(p.geom)) FROM parcels p JOIN codes k ON k.code = p.ma_ldat
        WHERE k.role = 'water' AND ST_Intersects(c.geom, p.geom)) AS water,
       (SELECT ST_Intersection(c.geom, ST_Union(p.geom)) FROM parcels p JOIN codes k ON k.code = p.ma_ldat
        WHERE k.role = 'sensitive' AND ST_Intersects(c.geom, p.geom)) AS other,
       (SELECT ST_Intersection(c.geom, ST_Union(h.geom)) FROM housing_2 h
        WHERE ST_Intersects(c.geom, h.geom)) AS homes
FROM clusters c;
CREATE TABLE pg_reserve AS
SELECT cluster_id, cgeom,
       ST_CollectionExtract(ST_Union(ARRAY[lu_resid, homes]), 3) AS housing,
       water, other,
       ST_CollectionExtract(ST_Difference(cgeom, coalesce(ST_Union(ARRAY[lu_resid, homes, water, other]),
                                                          'POLYGON EMPTY'::geometry)), 3) AS free
FROM pg_res_parts;
\set f :out '/pg_reserve.csv'
\o :f
COPY (SELECT cluster_id, ST_Area(ST_Transform(cgeom, 4326)::geography, true) / 1e4 AS cluster_ha, coalesce(ST_Area(ST_Transform(ST_CollectionExtract(housing, 3), 4326)::geography, true), 0) / 1e4 AS residential_ha, coalesce(ST_Area(ST_Transform(ST_CollectionExtract(water, 3), 4326)::geography, true), 0) / 1e4 AS water_ha, coalesce(ST_Area(ST_Transform(ST_CollectionExtract(other, 3), 4326)::geography, true), 0) / 1e4 AS other_unbuildable_ha, coalesce(ST_Area(ST_Transform(free, 4326)::geography, true), 0) / 1e4 AS free_ha FROM pg_reserve ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER);
\o
