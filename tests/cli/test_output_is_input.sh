# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# An output is never an input of the same command (issue 15, item 2): -o,
# --geojson, --csv or a run folder that reaches an input by any name (the
# same name, ./x, an absolute path, a symbolic or a hard link, the zip
# behind /vsizip/, a shapefile's .dbf, a file inside an input folder) is
# refused with exit 2 before any work, even with --overwrite or --append;
# so are two outputs naming one file. Each refused input is compared byte
# for byte (sha256sum) with its copy from before, and no staging folder is
# left. A few legitimate neighbours (--csv into the inputs' folder) still
# work, so the check does not refuse too much.
. "$(dirname "$0")/lib.sh"
G="$GEO/demo"
cp "$G"/hanoi_clusters_vn2000.* "$T/"
for f in "$T"/hanoi_clusters_vn2000.*; do mv "$f" "$T/c.${f##*.}"; done
CL="$T/c.shp"
unzip -q -d "$T" "$G/hanoi_landuse_2025.gpkg.zip"
LU="$T/hanoi_landuse_2025.gpkg"
(cd "$T" && zip -q lu.zip hanoi_landuse_2025.gpkg)
"$ZG" areas "$CL" -o "$T/r.sqlite" -q

# refused WHAT PATTERN FILE -- command...: exit 2 with PATTERN on stderr,
# FILE byte for byte as before, no staging folder left in $T.
refused() {
  local what=$1 pat=$2 file=$3; shift 4
  local sum; sum=$(sha256sum < "$file")
  expect_exit "$what" 2 "$pat" -- "$@"
  expect_eq "$what: $(basename "$file") untouched" "$sum" "$(sha256sum < "$file")"
  expect_eq "$what: no staging left" "" "$(find "$T" -name '.zoneguard-*' | head -3)"
}

# ---- the two cases of the issue -------------------------------------------
refused "report -o its own database, --overwrite" "-o names the results database input" "$T/r.sqlite" -- \
  "$ZG" report "$T/r.sqlite" -o "$T/r.sqlite" --overwrite
expect_eq "the results database is still SQLite" "36" "$(q "$T/r.sqlite" "SELECT count(*) FROM clusters")"
refused "landuse -o its --landuse layer, --overwrite" "-o names the --landuse input" "$LU" -- \
  "$ZG" landuse "$CL" --landuse "$LU" -o "$LU" --overwrite --threads 1

# ---- other names of the same file -------------------------------------------
ln -s r.sqlite "$T/link.sqlite"
ln "$T/r.sqlite" "$T/hard.sqlite"
refused "input through a symbolic link" "same file" "$T/r.sqlite" -- \
  "$ZG" report "$T/link.sqlite" -o "$T/r.sqlite" --overwrite
refused "output through a symbolic link" "same file" "$T/r.sqlite" -- \
  "$ZG" report "$T/r.sqlite" -o "$T/link.sqlite" --overwrite
refused "output through a hard link" "same file" "$T/r.sqlite" -- \
  "$ZG" report "$T/r.sqlite" -o "$T/hard.sqlite" --overwrite
refused "./x and an absolute path" "same file" "$T/r.sqlite" -- \
  bash -c "cd '$T' && '$ZG' report ./r.sqlite -o '$T/r.sqlite' --overwrite"
refused "the zip behind /vsizip/" "-o names the --landuse input" "$T/lu.zip" -- \
  "$ZG" landuse "$CL" --landuse "/vsizip/$T/lu.zip/hanoi_landuse_2025.gpkg" -o "$T/lu.zip" --overwrite
refused "a shapefile's .dbf" "-o names the clusters input" "$T/c.dbf" -- \
  "$ZG" areas "$CL" -o "$T/c.dbf" --overwrite
refused "a shapefile's .shx, through --geojson" "--geojson names the clusters input" "$T/c.shx" -- \
  "$ZG" areas "$CL" -o "$T/new.sqlite" --geojson "$T/c.shx" --overwrite
expect_eq "the refused run did not write its -o either" "" "$(ls "$T/new.sqlite" 2>/dev/null || true)"
refused "--append to the database it reads" "-o names the clusters input" "$T/r.sqlite" -- \
  "$ZG" areas "$T/r.sqlite" --layer clusters -o "$T/r.sqlite" --append
mkdir "$T/shpdir"
cp "$T"/c.* "$T/shpdir/"
refused "an output inside an input folder (a shapefile folder)" "inside the clusters input's folder" "$T/shpdir/c.shp" -- \
  "$ZG" areas "$T/shpdir" -o "$T/shpdir/out.sqlite"
expect_eq "nothing written in the input folder" "c.cpg c.dbf c.prj c.shp c.shx" "$(ls "$T/shpdir" | tr '\n' ' ' | sed 's/ $//')"

# ---- folders of outputs -----------------------------------------------------
mkdir "$T/d"
cp "$GEO/codes/tt08_2024.csv" "$T/d/codes.csv"
refused "--csv into the folder of a CSV input" "--csv is the folder of the --codes input" "$T/d/codes.csv" -- \
  "$ZG" landuse "$CL" --landuse "$LU" --codes "$T/d/codes.csv" -o "$T/lu.sqlite" --csv "$T/d" --threads 1
cp "$G/hanoi_clusters_wgs84.geojson" "$T/d/res.geojson"
refused "--geojson DIR holding a GeoJSON input" "--geojson is the folder of the --residential input" "$T/d/res.geojson" -- \
  "$ZG" encroach "$CL" --residential "$T/d/res.geojson" -o "$T/en.sqlite" --geojson "$T/d"

# ---- two outputs naming one file --------------------------------------------
refused "-o and --geojson the same file" "-o and --geojson name the same file" "$T/r.sqlite" -- \
  bash -c "cd '$T' && '$ZG' areas c.shp -o r.sqlite --geojson ./r.sqlite --overwrite"
mkdir "$T/o"
expect_exit "-o a .csv in the --csv folder" 2 "-o names a .csv file in the folder --csv writes" -- \
  "$ZG" areas "$CL" -o "$T/o/clusters.csv" --csv "$T/o"
expect_eq "nothing written there" "" "$(ls -A "$T/o")"

# ---- zoneguard run: the folder holds an input ---------------------------------
mkdir "$T/sc"
cp "$T"/c.* "$T/sc/"
printf 'clusters = c.shp\n' > "$T/sc/s.scenario"
refused "run into the scenario's own folder" "the run folder (-o) holds the scenario input" "$T/sc/c.shp" -- \
  "$ZG" run "$T/sc/s.scenario" -o "$T/sc" --overwrite
refused "run into a folder above the inputs" "the run folder (-o) holds the" "$T/sc/c.dbf" -- \
  "$ZG" run "$T/sc/s.scenario" -o "$T" --overwrite
expect_eq "no results.sqlite written into the input folder" "" "$(ls "$T/sc/results.sqlite" 2>/dev/null || true)"
ln -s sc "$T/sclink"
refused "run into the inputs' folder by a link" "the run folder (-o) holds the" "$T/sc/c.shp" -- \
  "$ZG" run "$T/sc/s.scenario" -o "$T/sclink/." --overwrite

# ---- what is still allowed ----------------------------------------------------
expect_exit "--csv into the folder of the inputs (none is a .csv)" 0 "features measured" -- \
  "$ZG" areas "$CL" -o "$T/ok.sqlite" --csv "$T"
expect_eq "its CSV written" "36" "$(($(wc -l < "$T/clusters.csv") - 1))"
expect_exit "report of one database into another name" 0 "report ->" -- \
  "$ZG" report "$T/link.sqlite" -o "$T/r.html"
finish
