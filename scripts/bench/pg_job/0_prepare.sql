-- The full job, step 0 (part of the load): repair what is invalid the way
-- zoneguard does (GEOS MakeValid, structure method, polygonal parts kept),
-- then ANALYZE. The layers were loaded by ogr2ogr as MULTIPOLYGON with a
-- GiST index each; the code table with its roles as table codes.
UPDATE clusters SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom, 'method=structure'), 3)) WHERE NOT ST_IsValid(geom);
UPDATE parcels SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom, 'method=structure'), 3)) WHERE NOT ST_IsValid(geom);
UPDATE housing_1 SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom, 'method=structure'), 3)) WHERE NOT ST_IsValid(geom);
UPDATE housing_2 SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom, 'method=structure'), 3)) WHERE NOT ST_IsValid(geom);
UPDATE proposals SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(geom, 'method=structure'), 3)) WHERE NOT ST_IsValid(geom);
-- area (m², ellipsoid) of the polygonal parts of g of at least 0.01 m²:
-- zoneguard drops smaller parts of a difference as overlay noise
CREATE FUNCTION pg_pos_area_m2(g geometry) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(sum(a), 0) FROM (
    SELECT ST_Area(ST_Transform(d.geom, 4326)::geography, true) AS a
    FROM ST_Dump(ST_CollectionExtract(g, 3)) d) s WHERE a >= 0.01 $$;
CREATE INDEX ON codes (code);
ANALYZE clusters; ANALYZE parcels; ANALYZE housing_1; ANALYZE housing_2; ANALYZE proposals; ANALYZE codes;
