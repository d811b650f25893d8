-- Cluster areas: ellipsoidal (geography, GeographicLib) and in the plane
-- (the data's own EPSG:5897).
\set f :out '/pg_areas.csv'
\o :f
COPY (SELECT ma_ccn AS cluster_id, ST_Area(ST_Transform(geom, 4326)::geography, true) / 1e4 AS area_ha, ST_Area(geom) / 1e4 AS area_plane_ha FROM clusters ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER);
\o
