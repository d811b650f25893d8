# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# `zoneguard run` given hostile scenario files and folders: each line the
# parser cannot take is refused with its key, line and file (exit 3, or 2
# for a setting's value), nothing is written; odd but valid files (a BOM,
# CRLF, spaces and commas in paths, a path through a symbolic link) run.
# Most runs are refused while the scenario is read; the ones that run
# read the demo's clusters alone (areas and overlaps: a few seconds).
# Then layers a scenario names that cannot be measured: each refused
# with the file, layer (and feature) and what is wrong.
. "$(dirname "$0")/lib.sh"
S="$T/s"
mkdir "$S"
for e in shp shx dbf prj cpg; do
  cp "$GEO/demo/hanoi_clusters_vn2000.$e" "$S/ccn.$e"
  cp "$GEO/demo/hanoi_clusters_vn2000.$e" "$S/c,1.$e"
done
cp "$GEO/demo/hanoi_proposals_vn2000.gpkg" "$S/a,b.gpkg"
C='clusters = ccn.shp'

# refused WHAT CODE PATTERN CONTENT: a scenario of CONTENT (printf
# format) is refused with CODE, stderr matching PATTERN, and no folder.
refused() {
  printf "$4" > "$S/x.scenario"
  expect_exit "$1" "$2" "$3" -- "$ZG" run "$S/x.scenario" -o "$T/out"
  expect_true "$1: nothing written" test ! -e "$T/out"
}

refused "a key twice" 3 "key 'clusters' given twice, again on line 2 (.*x.scenario)" "$C\n$C\n"
refused "an unknown key" 3 "unknown key 'cluster' on line 2 (.*x.scenario)" "$C\ncluster = b.shp\n"
refused "proposals = ," 3 "key 'proposals' names an empty path on line 2" "$C\nproposals = ,\n"
refused "a value that is not UTF-8" 3 "key 'title' is not valid UTF-8 on line 2 (.*x.scenario)" "$C\ntitle = H\xe0 N\xf4i\n"
refused "a NUL byte" 3 "line 2 holds a NUL byte" "$C\ntitle = a\0b\n"
# Before, an empty value was taken as no value at all: `s_srs =` read the
# layer's own CRS, `encoding =` guessed, `epochs =` named none: exit 0.
refused "s_srs with no value" 3 "key 's_srs' has no value on line 2 (.*x.scenario)" "$C\ns_srs =\n"
refused "encoding with no value" 3 "key 'encoding' has no value on line 2" "$C\nencoding =  \n"
refused "epochs with no value" 3 "key 'epochs' has no value on line 3" "$C\n\nepochs =\n"
# ... and format's error named neither the file nor the line.
refused "a format of no value" 3 "key 'format' has no value on line 2" "$C\nformat =\n"
refused "an unknown format names its line" 2 "format 'shp' is not one of sqlite, gpkg: key 'format' on line 2 (.*x.scenario)" "$C\nformat = shp\n"
refused "a setting's empty value is the setting's error" 2 "key 'threads' must be a whole number" "$C\nthreads =\n"
{ printf '%s\ntitle = ' "$C"; head -c 1048576 /dev/zero | tr '\0' 'a'; printf '\n'; } > "$S/long.scenario"
expect_exit "a line of 1 MB" 3 "line 2 is too long (.*long.scenario)" -- "$ZG" run "$S/long.scenario" -o "$T/out"
# A list split at its commas would be files "a" and "b.gpkg": said so.
refused "a list naming a file with a comma" 3 "key 'proposals' on line 2 (.*x.scenario) names 'a,b.gpkg', a file whose name holds a comma" "$C\nproposals = a,b.gpkg\n"

# ---- odd but valid -----------------------------------------------------
runs() { # runs WHAT SCENARIO: the run succeeds and writes results.sqlite
  rm -rf "$T/out"
  if "$ZG" run "$2" -o "$T/out" -q 2>"$T/err" && [[ -s $T/out/results.sqlite ]]; then
    ok "$1"
  else
    bad "$1: $(head -c 300 "$T/err")"
  fi
}
n_clusters() { q "$T/out/results.sqlite" "SELECT count(*) FROM clusters"; }
NCL=$(ogrinfo -ro -so -al "$S/ccn.shp" | sed -n 's/^Feature Count: //p')
# A path key that is not a list keeps its comma (before: "./c" and "./1.shp").
printf 'clusters = c,1.shp\n' > "$S/comma.scenario"
runs "clusters = c,1.shp reads that file" "$S/comma.scenario"
expect_eq "... all its clusters" "$NCL" "$(n_clusters)"
printf '\xef\xbb\xbfclusters = ccn.shp\r\ntitle = Cụm \r\n' > "$S/bom.scenario"
runs "a BOM and CRLF line ends" "$S/bom.scenario"
mkdir "$S/my data"
cp "$S"/ccn.* "$S/my data/"
printf 'clusters =   my data/ccn.shp  \n' > "$S/space.scenario"
runs "a path with spaces" "$S/space.scenario"

# ---- links and folders -------------------------------------------------
mkdir -p "$T/real/sub" "$T/scn"
cp "$S"/ccn.* "$T/real/"
ln -s "$T/real/sub" "$T/scn/link"
ln -s "$T/real" "$T/scn/data"
# link/.. is the link target's parent, as the kernel resolves it.
printf 'clusters = link/../ccn.shp\n' > "$T/scn/up.scenario"
runs "a relative path up through a symbolic link" "$T/scn/up.scenario"
expect_eq "... reads the clusters there" "$NCL" "$(n_clusters)"
printf 'clusters = data/ccn.shp\n' > "$T/scn/d.scenario"
expect_exit "the run folder is the input's folder, by its real name" 2 "holds the clusters input" -- \
  "$ZG" run "$T/scn/d.scenario" -o "$T/real"
expect_exit "... and through a link" 2 "holds the clusters input" -- \
  "$ZG" run "$T/scn/d.scenario" -o "$T/scn/link/.."
expect_true "... nothing written there" test ! -e "$T/real/results.sqlite"
# Before, occupied layers were left out of this check.
mkdir "$T/occ"
cp "$GEO/demo/hanoi_parks_vn2000.gpkg" "$T/occ/"
printf 'clusters = %s/ccn.shp\noccupied = %s/occ/hanoi_parks_vn2000.gpkg\n' "$S" "$T" > "$S/occ.scenario"
expect_exit "the run folder holds an occupied layer" 2 "holds the occupied input" -- \
  "$ZG" run "$S/occ.scenario" -o "$T/occ"
echo "not a folder" > "$T/file"
cp "$T/file" "$T/file.before"
expect_exit "the run folder is a file" 6 "Not a directory" -- "$ZG" run "$S/comma.scenario" -o "$T/file"
expect_exit "... also with --overwrite" 6 "Not a directory" -- "$ZG" run "$S/comma.scenario" -o "$T/file" --overwrite
expect_true "... the file is as it was" cmp -s "$T/file" "$T/file.before"

# A list whose paths, made absolute, are longer than 4 KiB together: each
# read whole (before, the list was cut at 4096 bytes and its last path
# named a file that is not there, cut short).
seg=$(printf 'd%.0s' $(seq 200))
deep="$S/$seg/$seg/$seg/$seg/$seg/$seg/$seg"
mkdir -p "$deep"
cp "$S"/ccn.* "$deep/"
miss="missing_$(printf 'p%.0s' $(seq 40)).gpkg"
printf 'clusters = ccn.shp\nproposals = ccn.shp, ccn.dbf, %s\n' "$miss" > "$deep/deep.scenario"
rm -rf "$T/out"
expect_exit "a long list: its last path named whole" 3 "$miss" -- \
  "$ZG" run "$deep/deep.scenario" -o "$T/out"
# A path longer than GDAL's file names (2048 bytes): GDAL opens it but
# names its files "", which was hashed: "cannot read  to hash it".
deeper="$deep/$seg/$seg/$seg/$seg"
mkdir -p "$deeper"
cp "$S"/ccn.* "$deeper/"
printf 'clusters = ccn.shp\n' > "$deeper/x.scenario"
expect_exit "a path longer than GDAL's file names" 3 "GDAL cannot name the files of this source: its path ([0-9]* bytes) is longer" -- \
  "$ZG" run "$deeper/x.scenario" -o "$T/out"

# ---- layers that cannot be measured --------------------------------------
L="$T/layers"
mkdir "$L"
fc() { # fc NAME FEATURES: a GeoJSON in VN-2000 (EPSG:5897)
  printf '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[%s]}' "$2" > "$L/$1.geojson"
}
feat() { printf '{"type":"Feature","properties":{"ma":"%s"},"geometry":{"type":"%s","coordinates":%s}}' "$@"; }
fc none ''
fc invalid "$(feat A Polygon '[[[588000,2326000],[588100,2326000],[588000,2326000]]]'),$(feat B Polygon '[[[588000,2326000],[588000,2326000],[588000,2326000],[588000,2326000]]]')"
fc points "$(feat P1 Point '[588000,2326000]')"
fc far "$(feat F1 Polygon '[[[1e300,1e300],[1.0000001e300,1e300],[1e300,1.0000001e300],[1e300,1e300]]]')"
ogr2ogr -f GPKG "$L/none.gpkg" "$GEO/demo/hanoi_proposals_vn2000.gpkg" -where "1 = 0" -nln proposals
with() { # with WHAT CODE PATTERN KEY=VALUE...: a run of those keys
  local what=$1 code=$2 pat=$3
  shift 3
  printf '%s\n' "$@" > "$L/x.scenario"
  rm -rf "$T/out"
  expect_exit "$what" "$code" "$pat" -- "$ZG" run "$L/x.scenario" -o "$T/out"
  expect_true "$what: nothing written" test ! -e "$T/out"
}
with "a proposals layer of 0 features" 3 "the layer is empty: no feature to measure (.*none.gpkg, layer proposals)" \
  "clusters = $S/ccn.shp" "proposals = none.gpkg"
with "proposals that are all invalid" 3 "no polygon: 2 features, all skipped (first: only rings of fewer than 4 points) (.*invalid.geojson, layer invalid)" \
  "clusters = $S/ccn.shp" "proposals = invalid.geojson"
with "a point layer given as clusters" 3 "no polygon: 1 features, all skipped (first: not a polygon (Point)) (.*points.geojson, layer points)" \
  "clusters = points.geojson"
with "coordinates at 1e300" 4 "coordinates (1e+300, 1e+300) cannot be transformed from EPSG:5897 to WGS 84 (.*far.geojson, layer far, feature F1)" \
  "clusters = far.geojson"
# A .prj GDAL cannot read was reported as no .prj at all.
for e in shp shx dbf; do cp "$S/ccn.$e" "$L/bad_prj.$e"; cp "$S/ccn.$e" "$L/local.$e"; done
echo 'PROJCS["weird",GEOGCS["x",DATUM["y",SPHEROID["z",1,0]]],PROJECTION["Nope"]]' > "$L/bad_prj.prj"
with "a .prj that is not a CRS" 4 "declares no CRS (its .prj is not a CRS GDAL can read): give it with --s-srs.*bad_prj.shp, layer bad_prj" \
  "clusters = bad_prj.shp"
# A local (engineering) CRS: PROJ gives no reason, the message had none.
echo 'LOCAL_CS["site grid",UNIT["metre",1]]' > "$L/local.prj"
with "a local CRS" 4 "no transformation from .* to WGS 84: it is not tied to the Earth.*--a-srs (.*local.shp, layer local)" \
  "clusters = local.shp"
printf 'clusters = local.shp\na_srs = EPSG:5897\n' > "$L/a.scenario"
"$ZG" run "$L/a.scenario" -o "$T/out_a" -q && ok "... which a_srs reads" || bad "a_srs did not read the local CRS"
finish
