-- Pairwise overlaps of the clusters: interiors meet (DE-9IM T********),
-- intersection cut in the plane, measured on the ellipsoid.
\set f :out '/pg_overlaps.csv'
\o :f
COPY (SELECT a.ma_ccn AS id_a, b.ma_ccn AS id_b, ST_Area(ST_Transform(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3), 4326)::geography, true) / 1e4 AS overlap_ha FROM clusters a JOIN clusters b ON a.ma_ccn < b.ma_ccn AND ST_Intersects(a.geom, b.geom) AND ST_Relate(a.geom, b.geom, 'T********') ORDER BY 1, 2) TO STDOUT WITH (FORMAT csv, HEADER);
\o
