# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# A damaged shapefile is refused (exit 3, naming file, layer and feature),
# never read as a wrong polygon or a NULL geometry with exit 0:
#  - a .shx entry that points at another feature's record, past the end of
#    the .shp, or into the middle of a record (GDAL 3.6 reads the first
#    silently, as the other feature's polygon, and the last as a NULL
#    geometry), on the clusters route and on the streamed land-use route;
#  - a shape GDAL reports it cannot read (a corrupt part count), even when
#    a good feature follows it;
#  - a .dbf whose header GDAL cannot read is named as damaged, not missing.
# The files are made from a valid one with Python's struct, byte by byte;
# where each record starts is read from the .shx by the same script.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3 # GDAL's Python bindings are the system's

cd "$T"
$PY - <<'EOF'
from osgeo import ogr, osr
import shutil, struct
def shapefile(name, code_field):
    d = ogr.GetDriverByName('ESRI Shapefile').CreateDataSource(name + '.shp')
    srs = osr.SpatialReference(); srs.ImportFromEPSG(4326)
    l = d.CreateLayer(name, srs, ogr.wkbPolygon)
    l.CreateField(ogr.FieldDefn(code_field, ogr.OFTString))
    for i in range(3):
        f = ogr.Feature(l.GetLayerDefn())
        f.SetField(code_field, 'C%d' % (i + 1) if code_field == 'ma_ccn' else 'SKN')
        x = 105.8 + i * 0.01
        f.SetGeometry(ogr.CreateGeometryFromWkt(
            'POLYGON((%r 21,%r 21,%r 21.005,%r 21.005,%r 21))' % (x, x + 0.005, x + 0.005, x, x)))
        l.CreateFeature(f)
shapefile('good', 'ma_ccn')
shapefile('lu', 'ma_ldat')
shx = open('good.shx', 'rb').read()
shp = open('good.shp', 'rb').read()
# .shx entries: (offset, content length) in 16-bit words, big-endian.
rec = [struct.unpack('>ii', shx[100 + 8 * i:108 + 8 * i]) for i in range(3)]
assert [struct.unpack('>i', shp[o * 2:o * 2 + 4])[0] for o, _ in rec] == [1, 2, 3]
def variant(src, name, shx_entry=None, shp_patch=None, dbf=None):
    for ext in ('shp', 'shx', 'dbf', 'prj'):
        shutil.copy(src + '.' + ext, name + '.' + ext)
    if shx_entry is not None:  # entry 1 (FID 1) gets this offset
        b = bytearray(open(name + '.shx', 'rb').read())
        struct.pack_into('>i', b, 100 + 8 * 1, shx_entry)
        open(name + '.shx', 'wb').write(b)
    if shp_patch is not None:
        b = bytearray(open(name + '.shp', 'rb').read())
        shp_patch(b)
        open(name + '.shp', 'wb').write(b)
    if dbf is not None:
        b = bytearray(open(name + '.dbf', 'rb').read())
        open(name + '.dbf', 'wb').write(dbf(b))
for src in ('good', 'lu'):
    variant(src, src + '_other', shx_entry=rec[0][0])        # FID 1 -> record of FID 0
    variant(src, src + '_past', shx_entry=100000)            # past the end
    variant(src, src + '_middle', shx_entry=rec[1][0] + 10)  # 20 bytes into its record
# Shape 1's part count (after type and box: 8 + 4 + 32 bytes into its
# record) made absurd: GDAL says "Corrupted .shp file".
variant('good', 'body', shp_patch=lambda b: struct.pack_into('<i', b, rec[1][0] * 2 + 44, 1000000))
# Records numbered from 0, as a few writers do: consistent, so accepted.
def renumber(b):
    for i, (o, _) in enumerate(rec):
        struct.pack_into('>i', b, o * 2, i)
variant('good', 'from0', shp_patch=renumber)
variant('good', 'dbf_cut', dbf=lambda b: b[:20])
def header_len(b):
    struct.pack_into('<H', b, 8, 60000)
    return b
variant('good', 'dbf_hdr', dbf=header_len)
variant('good', 'dbf_empty', dbf=lambda b: b'')
EOF

expect_exit "valid shapefile" 0 "3 features measured" -- "$ZG" areas good.shp -o good.sqlite
expect_exit "records numbered from 0: consistent, read" 0 "3 features measured" -- "$ZG" areas from0.shp -o from0.sqlite

expect_exit "FID 1's .shx entry points at FID 0's record" 3 \
  "the .shx index is damaged: it points feature 1 at the record of feature 0 .*(good_other.shp, layer good_other, FID 1)" -- \
  "$ZG" areas good_other.shp -o a1.sqlite
expect_exit "FID 1's .shx entry points past the end of the .shp" 3 \
  "the .shx index is damaged: .*feature 1 at bytes 200000 to .*outside .*(good_past.shp, layer good_past, FID 1)" -- \
  "$ZG" areas good_past.shp -o a2.sqlite
expect_exit "FID 1's .shx entry points into the middle of its record" 3 \
  "the .shx index is damaged: it points feature 1 at byte $(( $($PY -c "import struct; print(struct.unpack('>i', open('good.shx','rb').read()[108:112])[0])") * 2 + 20 )) of the .shp, where its record does not start .*(good_middle.shp, layer good_middle, FID 1)" -- \
  "$ZG" areas good_middle.shp -o a3.sqlite
expect_eq "... no output written" "" "$(ls a1.sqlite a2.sqlite a3.sqlite 2>/dev/null)"

# The land-use layer is streamed (another reader): the same refusal.
for v in other past middle; do
  expect_exit "landuse: damaged .shx ($v)" 3 "the .shx index is damaged: .*(lu_$v.shp, layer lu_$v, FID 1)" -- \
    "$ZG" landuse good.shp --landuse "lu_$v.shp" -o "l_$v.sqlite"
done
expect_exit "landuse: the valid land-use layer" 0 "composition rows" -- \
  "$ZG" landuse good.shp --landuse lu.shp -o l.sqlite

expect_exit "a shape GDAL cannot read, a good one after it" 3 \
  "GDAL cannot read this feature: Corrupted .shp file.*(body.shp, layer body, feature C2)" -- \
  "$ZG" areas body.shp -o b.sqlite

for v in cut hdr empty; do
  expect_exit "damaged .dbf ($v): named as damaged" 3 "the shapefile's .dbf is damaged: .*dbf_$v.dbf" -- \
    "$ZG" areas "dbf_$v.shp" -o "d_$v.sqlite"
  if grep -q "has no .dbf" "$T/stderr"; then bad "... not 'no .dbf'"; else ok "... not 'no .dbf'"; fi
done
rm good_other.dbf
expect_exit "a .dbf that is not there is still missing" 3 "shapefile has no .dbf" -- \
  "$ZG" areas good_other.shp -o m.sqlite
finish
