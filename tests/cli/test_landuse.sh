# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Land-use composition worked out by hand, in EPSG:5897 metres.
# Cluster K1 = 588000..588200 x 2326000..2326200 (4 ha in the plane):
#   P1 LUC  588000..588100 x 2326000..2326200   inside, 2 ha
#   P2 ONT  588100..588300 x 2326000..2326100   half inside, 1 ha
#   P3 SKN  588100..588200 x 2326100..2326150   inside, 0.5 ha
#   P4 XYZ  588150..588200 x 2326150..2326175   inside, 0.125 ha, unknown code
#   P5 LUC  588050..588150 x 2326150..2326200   0.5 ha, of which 0.25 ha
#           lies over P1 (met first): only 0.25 ha counts
#   NONE    588150..588200 x 2326175..2326200 = 0.125 ha
# Cluster K2 = 590000..590100 x 2326000..2326100: no parcel, 100 % NONE.
# P6 DGT far away touches nothing.
# Plane areas are exact; the ellipsoidal ones differ from them by the
# TM-3 scale (0.01 % here), which cancels in the shares.
. "$(dirname "$0")/lib.sh"
feat() { # props x0 y0 x1 y1
  printf '{"type":"Feature","properties":{%s},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" "$2" "$3" "$4" "$3" "$4" "$5" "$2" "$5" "$2" "$3"
}
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ccn":"K1"' 588000 2326000 588200 2326200; printf ','
  feat '"ma_ccn":"K2"' 590000 2326000 590100 2326100
  printf ']}'
} > "$T/clusters.geojson"
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ldat":"LUC"' 588000 2326000 588100 2326200; printf ','
  feat '"ma_ldat":"ONT"' 588100 2326000 588300 2326100; printf ','
  feat '"ma_ldat":"SKN"' 588100 2326100 588200 2326150; printf ','
  feat '"ma_ldat":"XYZ"' 588150 2326150 588200 2326175; printf ','
  feat '"ma_ldat":"luc "' 588050 2326150 588150 2326200; printf ','
  feat '"ma_ldat":"DGT"' 600000 2326000 600100 2326100
  printf ']}'
} > "$T/parcels.geojson"
printf 'code,name_vi,name_en,role\nLUC,Đất chuyên trồng lúa,Specialised rice land,protected_agri\nONT,Đất ở tại nông thôn,Rural residential land,residential\nSKN,Đất cụm công nghiệp,Industrial cluster land,industrial\nDGT,Đất giao thông,Transport land,infrastructure\n' > "$T/codes.csv"

"$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --codes "$T/codes.csv" -o "$T/lu.sqlite" -q
rows=$(q "$T/lu.sqlite" "SELECT group_concat(cluster_id || ':' || code || ':' || role, ' ') FROM (SELECT * FROM landuse_composition ORDER BY pk)")
expect_eq "rows, codes in order, NONE last" "K1:LUC:protected_agri K1:ONT:residential K1:SKN:industrial K1:XYZ:unknown K1:NONE:none K2:NONE:none" "$rows"
share() { q "$T/lu.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = '$1' AND code = '$2'"; }
expect_rel "LUC share 2.25/4 (overlap counted once)" 56.25 "$(share K1 LUC)" 1e-6
expect_rel "ONT share 1/4 (cut at the boundary)" 25 "$(share K1 ONT)" 1e-6
expect_rel "SKN share 0.5/4" 12.5 "$(share K1 SKN)" 1e-6
expect_rel "unknown code share 0.125/4" 3.125 "$(share K1 XYZ)" 1e-5
expect_rel "NONE share 0.125/4" 3.125 "$(share K1 NONE)" 1e-5
expect_rel "K2: no parcel, 100 % NONE" 100 "$(share K2 NONE)" 1e-12
sum=$(q "$T/lu.sqlite" "SELECT printf('%.12f', sum(share_pct)) FROM landuse_composition WHERE cluster_id = 'K1'")
expect_rel "shares of K1 add up to 100 %" 100 "$sum" 1e-12
tot=$(q "$T/lu.sqlite" "SELECT printf('%.12f', sum(area_ha)) FROM landuse_composition WHERE cluster_id = 'K1'")
k1=$(q "$T/lu.sqlite" "SELECT printf('%.12f', area_ha) FROM clusters WHERE id = 'K1'")
expect_rel "areas of K1 add up to its area_ha" "$k1" "$tot" 1e-9
luc=$(q "$T/lu.sqlite" "SELECT area_ha FROM landuse_composition WHERE cluster_id = 'K1' AND code = 'LUC'")
expect_rel "LUC about 2.25 ha" 2.25 "$luc" 2e-4
expect_eq "the overlap is logged with its area" 1 \
  "$(q "$T/lu.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'overlaps feature 0 %' AND feature_id = '4' AND abs(area_before_m2 - 2500) < 1")"
expect_eq "the unknown code is logged" 1 \
  "$(q "$T/lu.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE '%''XYZ'' is not in the code table (1 features)%'")"
expect_eq "parcel input recorded" "landuse|EPSG:5897" "$(q "$T/lu.sqlite" "SELECT role, crs FROM run_inputs WHERE role = 'landuse'")"

# Parcels in another CRS (WGS 84): the same composition.
ogr2ogr -f GeoJSON -t_srs EPSG:4326 -lco COORDINATE_PRECISION=12 "$T/parcels_ll.geojson" "$T/parcels.geojson"
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels_ll.geojson" --codes "$T/codes.csv" -o "$T/ll.sqlite" -q
s2=$(q "$T/ll.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K1' AND code = 'ONT'")
# ogr2ogr's VN-2000 -> WGS 84 and PROJ's way back differ by about a
# millimetre at these points, which moves a 100 m cut by 1e-5.
expect_rel "parcels in WGS 84: same ONT share" 25 "$s2" 2e-5

# 1 thread or 2: the same rows, byte for byte.
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --codes "$T/codes.csv" -o "$T/t1.sqlite" --threads 1 -q
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --codes "$T/codes.csv" -o "$T/t2.sqlite" --threads 2 -q
d1=$(q "$T/t1.sqlite" "SELECT * FROM landuse_composition; SELECT layer, feature_id, problem, action, area_before_m2 FROM qa_log")
d2=$(q "$T/t2.sqlite" "SELECT * FROM landuse_composition; SELECT layer, feature_id, problem, action, area_before_m2 FROM qa_log")
expect_eq "1 and 2 threads give identical tables" "$d1" "$d2"

# Invalid parcels are repaired (GEOS MakeValid), measured and logged, never
# dropped. Cluster K3 = 592000..592200 x 2326000..2326200 (4 ha). Two
# bowties of code TMD, each two triangles of 2500 m² meeting at their
# crossing: B1 (592000..592100 x 2326000..2326100) lies inside, 5000 m²;
# B2 (592150..592250 x 2326000..2326100) crosses the east edge at its
# crossing point (592200, 2326050): its west triangle, 2500 m², is inside.
# TMD = 7500 m² of 40000: 18.75 %.
bow() { # id x0 y0 (a 100 m bowtie from there)
  local x1=$(( $2 + 100 )) y1=$(( $3 + 100 ))
  printf '{"type":"Feature","properties":{"ma_ldat":"TMD","n":"%s"},"geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}' \
    "$1" "$2" "$3" "$x1" "$y1" "$x1" "$3" "$2" "$y1" "$2" "$3"
}
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ccn":"K3"' 592000 2326000 592200 2326200
  printf ']}'
} > "$T/k3.geojson"
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  bow B1 592000 2326000; printf ','
  bow B2 592150 2326000
  printf ']}'
} > "$T/bowties.geojson"
"$ZG" landuse "$T/k3.geojson" --landuse "$T/bowties.geojson" --codes tt08_2024 -o "$T/bow.sqlite" -q
expect_rel "repaired bowties counted: TMD 7500/40000" 18.75 \
  "$(q "$T/bow.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K3' AND code = 'TMD'")" 1e-6
expect_eq "both bowties logged as repaired" "0 1" \
  "$(q "$T/bow.sqlite" "SELECT group_concat(feature_id, ' ') FROM (SELECT feature_id FROM qa_log WHERE layer LIKE 'landuse%' AND problem LIKE 'invalid geometry%' AND action LIKE 'repaired%' ORDER BY feature_id)")"

# Overlaps hidden from the edge proof (landuse.c, coverage_check). K4 is a
# multipolygon: part A 594000..594100 x 2326000..2326100 (1 ha) and part B
# 594200..594400 x the same (2 ha), which no parcel covers. A is covered
# twice: by two LUC halves split east-west (met first), then by two ONT
# halves split north-south. Every edge inside A is shared, every other one
# lies on A's boundary and the pieces (2 ha) do not exceed K4 (3 ha): only
# the union test sees the overlap. LUC 1/3, ONT nothing, NONE 2/3; the
# four overlaps (2500 m2 each) logged.
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  printf '{"type":"Feature","properties":{"ma_ccn":"K4"},"geometry":{"type":"MultiPolygon","coordinates":[[[[594000,2326000],[594100,2326000],[594100,2326100],[594000,2326100],[594000,2326000]]],[[[594200,2326000],[594400,2326000],[594400,2326100],[594200,2326100],[594200,2326000]]]]}}'
  printf ']}'
} > "$T/k4.geojson"
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ldat":"LUC"' 594000 2326000 594050 2326100; printf ','
  feat '"ma_ldat":"LUC"' 594050 2326000 594100 2326100; printf ','
  feat '"ma_ldat":"ONT"' 594000 2326000 594100 2326050; printf ','
  feat '"ma_ldat":"ONT"' 594000 2326050 594100 2326100
  printf ']}'
} > "$T/twice.geojson"
"$ZG" landuse "$T/k4.geojson" --landuse "$T/twice.geojson" --codes "$T/codes.csv" -o "$T/twice.sqlite" -q
k4() { q "$T/twice.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K4' AND code = '$1'"; }
expect_rel "covered twice, edges all shared: LUC 1/3" 33.333333333 "$(k4 LUC)" 1e-6
expect_eq "covered twice: the later ONT halves count nothing" "" "$(k4 ONT)"
expect_rel "covered twice: NONE 2/3" 66.666666667 "$(k4 NONE)" 1e-6
expect_eq "covered twice: four overlaps of 2500 m2 logged" 4 \
  "$(q "$T/twice.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'overlaps feature%inside cluster K4' AND abs(area_before_m2 - 2500) < 1")"

# K5 = 596000..596200 x 2326000..2326100 (2 ha), one polygon with a gap:
# its west half tiled by two LUC parcels, its east half bare, and an ONT
# parcel 596010..596040 x 2326025..2326075 met later, inside the west LUC
# one. Only the pieces with unshared edges (the ONT one, the east LUC one
# at the gap) and their neighbours take the union test; the west LUC one,
# all of whose edges are shared or on the boundary, is in only as the ONT
# one's neighbour, and the overlap (1500 m2) is between those two. LUC
# 1/2, ONT nothing, NONE 1/2.
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ccn":"K5"' 596000 2326000 596200 2326100
  printf ']}'
} > "$T/k5.geojson"
{
  printf '{"type":"FeatureCollection",%s,"features":[' "$CRS"
  feat '"ma_ldat":"LUC"' 596000 2326000 596050 2326100; printf ','
  feat '"ma_ldat":"LUC"' 596050 2326000 596100 2326100; printf ','
  feat '"ma_ldat":"ONT"' 596010 2326025 596040 2326075
  printf ']}'
} > "$T/gap.geojson"
"$ZG" landuse "$T/k5.geojson" --landuse "$T/gap.geojson" --codes "$T/codes.csv" -o "$T/gap.sqlite" -q
k5() { q "$T/gap.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K5' AND code = '$1'"; }
expect_rel "gap and overlap: LUC 1/2" 50 "$(k5 LUC)" 1e-6
expect_eq "gap and overlap: the ONT parcel counts nothing" "" "$(k5 ONT)"
expect_rel "gap and overlap: NONE 1/2" 50 "$(k5 NONE)" 1e-6
expect_eq "gap and overlap: the overlap of 1500 m2 logged" 1 \
  "$(q "$T/gap.sqlite" "SELECT count(*) FROM qa_log WHERE problem LIKE 'overlaps feature 0 %inside cluster K5' AND abs(area_before_m2 - 1500) < 1")"

# A GeoPackage is read through GDAL's column-oriented (Arrow) reader, any
# other source feature by feature: both must see the same parcels. Mixed
# on purpose, in K1 (4 ha): a 2D square (LUC, 2 ha), a 3D one half inside
# (ONT, 1 ha), a circle of radius 20 m as a CURVEPOLYGON (SKN; OGR
# linearises it in 91 equal sides, as ogr2ogr -nlt CONVERT_TO_LINEAR
# shows: 0.5 * 91 * 400 * sin(2 pi / 91) = 1255.63883 m2), a bowtie (TMD, repaired: 200 m2), a feature without geometry and a
# point (2 without polygon), a Vietnamese code not in the table and an
# empty code (400 m2 each). The GeoPackage and a plain SQLite copy of it
# (no fast Arrow reader) must give the same tables, row for row.
cat > "$T/mixed.csv" <<'CSV'
n,ma_ldat,WKT
1,LUC,"POLYGON ((588000 2326000,588100 2326000,588100 2326200,588000 2326200,588000 2326000))"
2,ONT,"POLYGON Z ((588100 2326000 5,588300 2326000 5,588300 2326100 5,588100 2326100 5,588100 2326000 5))"
3,SKN,"CURVEPOLYGON (CIRCULARSTRING (588130 2326150,588170 2326150,588130 2326150))"
4,TMD,"POLYGON ((588100 2326150,588120 2326170,588120 2326150,588100 2326170,588100 2326150))"
5,DGT,
6,DGT,"POINT (588150 2326050)"
7,Đất lạ,"POLYGON ((588180 2326180,588200 2326180,588200 2326200,588180 2326200,588180 2326180))"
8,,"POLYGON ((588180 2326100,588200 2326100,588200 2326120,588180 2326120,588180 2326100))"
CSV
ogr2ogr -f GPKG "$T/mixed.gpkg" "$T/mixed.csv" -a_srs EPSG:5897 -nlt GEOMETRY -nln parcels -preserve_fid
ogr2ogr -f SQLite "$T/mixed.sqlite" "$T/mixed.csv" -a_srs EPSG:5897 -nlt GEOMETRY -nln parcels -preserve_fid
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/mixed.gpkg" --codes "$T/codes.csv" -o "$T/mx_arrow.sqlite" -q
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/mixed.sqlite" --codes "$T/codes.csv" -o "$T/mx_feat.sqlite" -q
tables="SELECT * FROM landuse_composition; SELECT layer, feature_id, problem, action, area_before_m2 FROM qa_log WHERE layer LIKE 'landuse%'"
expect_eq "GeoPackage (Arrow) and SQLite (feature by feature): same tables" \
  "$(q "$T/mx_feat.sqlite" "$tables")" "$(q "$T/mx_arrow.sqlite" "$tables")"
mx() { q "$T/mx_arrow.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K1' AND code = '$1'"; }
expect_rel "mixed: 2D square LUC 2/4" 50 "$(mx LUC)" 1e-6
expect_rel "mixed: 3D square, flattened and cut: ONT 1/4" 25 "$(mx ONT)" 1e-6
expect_rel "mixed: linearised circle SKN 1255.63883/40000" 3.13909707 "$(mx SKN)" 1e-6
expect_rel "mixed: bowtie repaired, TMD 200/40000" 0.5 "$(mx TMD)" 1e-5
expect_rel "mixed: Vietnamese code upper-cased whole (ĐẤT LẠ), 400/40000" 1 "$(mx 'ĐẤT LẠ')" 1e-5
expect_eq "mixed: feature without geometry and the point are counted" 1 \
  "$(q "$T/mx_arrow.sqlite" "SELECT count(*) FROM qa_log WHERE problem = '2 features without polygon geometry'")"

# A geometry blob GDAL cannot read (feature 1 of the GeoPackage): logged by
# its FID and skipped, on the Arrow route (the text code) and on the
# feature route (an integer code field, which the Arrow route leaves to
# it), never lumped with the features that have no geometry.
cp "$T/mixed.gpkg" "$T/blob.gpkg"
ogrinfo -q "$T/blob.gpkg" -sql "UPDATE parcels SET geom = X'4750000100000000DEADBEEF' WHERE fid = 1" >/dev/null
ogr2ogr -f GPKG "$T/blob_int.gpkg" "$T/mixed.csv" -oo AUTODETECT_TYPE=YES -a_srs EPSG:5897 -nlt GEOMETRY -nln parcels -preserve_fid
ogrinfo -q "$T/blob_int.gpkg" -sql "UPDATE parcels SET geom = X'4750000100000000DEADBEEF' WHERE fid = 1" >/dev/null
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/blob.gpkg" --codes "$T/codes.csv" -o "$T/blob.sqlite" -q
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/blob_int.gpkg" --code-field n --codes "$T/codes.csv" -o "$T/blob_int.sqlite" -q
for db in blob blob_int; do
  expect_eq "$db: the unreadable geometry logged by its FID, skipped" "1|skipped: its land is counted as NONE" \
    "$(q "$T/$db.sqlite" "SELECT feature_id, action FROM qa_log WHERE problem LIKE 'geometry GDAL cannot read%'")"
  expect_eq "$db: not counted again among those without geometry" 1 \
    "$(q "$T/$db.sqlite" "SELECT count(*) FROM qa_log WHERE problem = '2 features without polygon geometry'")"
done
# NONE: 40000 - (10000 ONT + 1255.63883 SKN + 200 TMD + 400 + 400) m2 of
# 40000 = 69.3609029 %.
expect_rel "unreadable LUC square: its 2 ha go to NONE" 69.3609029 \
  "$(q "$T/blob.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K1' AND code = 'NONE'")" 1e-6

# A GeoPackage damaged in the middle (8 KiB of a table page overwritten):
# GDAL's Arrow reader reports the SQLite error only through CPLError and
# then hands out empty batches; taken as the end, the layer would read as
# a short one with exit 0. Both routes must stop, name the file and layer,
# and leave no output.
awk 'BEGIN { print "n,ma_ldat,so_to,WKT"; for (i = 0; i < 20000; i++) { x = 600000 + (i % 200) * 10; y = 2330000 + int(i / 200) * 10; printf "%d,LUC,%d,\"POLYGON ((%d %d,%d %d,%d %d,%d %d,%d %d))\"\n", i, i, x, y, x + 10, y, x + 10, y + 10, x, y + 10, x, y } }' > "$T/many.csv"
ogr2ogr -f GPKG "$T/damaged.gpkg" "$T/many.csv" -oo AUTODETECT_TYPE=YES -a_srs EPSG:5897 -nlt POLYGON -nln parcels
python3 -c "import os, sys; p = sys.argv[1]; f = open(p, 'r+b'); f.seek(os.path.getsize(p) * 2 // 3); f.write(b'\xff' * 8192)" "$T/damaged.gpkg"
expect_exit "damaged GeoPackage, Arrow route: stops, names file and layer" 3 "damaged.gpkg, layer parcels" -- \
  "$ZG" landuse "$T/clusters.geojson" --landuse "$T/damaged.gpkg" --codes "$T/codes.csv" -o "$T/damaged_a.sqlite"
expect_exit "damaged GeoPackage, feature route: the same" 3 "damaged.gpkg, layer parcels" -- \
  "$ZG" landuse "$T/clusters.geojson" --landuse "$T/damaged.gpkg" --code-field so_to --codes "$T/codes.csv" -o "$T/damaged_f.sqlite"
expect_eq "damaged GeoPackage: no output left behind" "" "$(ls "$T"/damaged_*.sqlite 2>/dev/null)"

# Coordinates that are not numbers (GDAL writes and reads NaN as it is;
# GeoJSON and WKT cannot hold it, so Python's OGR writes the layer). In K1:
# fid 1, the 2 ha LUC half with one corner's x NaN (its box is still
# finite: the worker's validity test finds it); fid 2, a 1 ha ONT square
# whose first and last x are NaN (its box is not: the reader finds it);
# fid 3, a clean 1 ha SKN square. Both are logged and skipped, never
# "repaired" by dropping the vertex: K1 is SKN 1 ha of 4 (25 %), NONE the
# rest, on the Arrow route and the feature route alike. Debian's python3
# has python3-gdal (a python3 earlier on PATH may not).
/usr/bin/python3 - "$T/nan.gpkg" <<'PY'
import math, sys
from osgeo import ogr, osr
ogr.UseExceptions()
nan = math.nan
srs = osr.SpatialReference(); srs.ImportFromEPSG(5897)
ds = ogr.GetDriverByName("GPKG").CreateDataSource(sys.argv[1])
lyr = ds.CreateLayer("parcels", srs, ogr.wkbPolygon)
lyr.CreateField(ogr.FieldDefn("ma_ldat", ogr.OFTString))
for code, pts in (
    ("LUC", [(588000, 2326000), (588100, 2326000), (nan, 2326200), (588000, 2326200), (588000, 2326000)]),
    ("ONT", [(nan, 2326000), (588200, 2326000), (588200, 2326100), (588100, 2326100), (nan, 2326000)]),
    ("SKN", [(588100, 2326100), (588200, 2326100), (588200, 2326200), (588100, 2326200), (588100, 2326100)])):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon); poly.AddGeometry(ring)
    f = ogr.Feature(lyr.GetLayerDefn()); f.SetField("ma_ldat", code); f.SetGeometry(poly)
    lyr.CreateFeature(f)
ds = None
PY
ogr2ogr -f SQLite "$T/nan.sqlite" "$T/nan.gpkg" -preserve_fid
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/nan.gpkg" --codes "$T/codes.csv" -o "$T/nan_a.sqlite" -q
"$ZG" landuse "$T/clusters.geojson" --landuse "$T/nan.sqlite" --codes "$T/codes.csv" -o "$T/nan_f.sqlite" -q
for db in nan_a nan_f; do
  expect_eq "$db: K1 holds only the clean square, and NONE" "SKN NONE" \
    "$(q "$T/$db.sqlite" "SELECT group_concat(code, ' ') FROM (SELECT code FROM landuse_composition WHERE cluster_id = 'K1' ORDER BY pk)")"
  expect_rel "$db: SKN 1 ha of 4" 25 \
    "$(q "$T/$db.sqlite" "SELECT printf('%.9f', share_pct) FROM landuse_composition WHERE cluster_id = 'K1' AND code = 'SKN'")" 1e-5
  expect_eq "$db: the NaN corner found by the validity test, skipped" \
    "1|a coordinate is not a finite number: Invalid Coordinate[nan 2326200]|skipped: its land is counted as NONE" \
    "$(q "$T/$db.sqlite" "SELECT feature_id || '|' || problem || '|' || action FROM qa_log WHERE layer LIKE 'landuse%' AND feature_id = '1'")"
  expect_eq "$db: the NaN box found by the reader, skipped" \
    "2|geometry GDAL cannot read: a coordinate is not a finite number|skipped: its land is counted as NONE" \
    "$(q "$T/$db.sqlite" "SELECT feature_id || '|' || problem || '|' || action FROM qa_log WHERE layer LIKE 'landuse%' AND feature_id = '2'")"
done

expect_exit "missing --landuse" 2 "give the land-use layer" -- "$ZG" landuse "$T/clusters.geojson" -o "$T/x.sqlite"
expect_exit "no code field" 2 "no field 'nope'" -- "$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --code-field nope --codes "$T/codes.csv" -o "$T/x.sqlite"
printf 'code,role\nLUC,rice\n' > "$T/bad_codes.csv"
expect_exit "bad role in a code table names the line" 3 "unknown role 'rice' for code LUC on line 2" -- \
  "$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --codes "$T/bad_codes.csv" -o "$T/x.sqlite"
expect_exit "bad --threads" 2 "threads" -- "$ZG" landuse "$T/clusters.geojson" --landuse "$T/parcels.geojson" --threads 0 -o "$T/x.sqlite"
finish
