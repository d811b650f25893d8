# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Legacy Vietnamese encodings on every input: the DBF fixtures of
# geodata/tests/encodings (TCVN3 with and without .cpg, VNI behind a .cpg
# that says 1252, CP1258, doubly encoded UTF-8) read through the real
# command, with --encoding auto (the default) and with the right encoding
# named; every name compared to expected_names.csv, which was made
# independently of zoneguard (glibc iconv and Python's codecs, see
# PROVENANCE.md there); the qa_log row of the detection checked. Then the
# per-input options (--landuse-encoding, --clusters-encoding, ... and the
# scenario's <role>_encoding keys), NFC for GeoJSON text, and the refusal
# of an unknown encoding (exit 2, naming the input).
. "$(dirname "$0")/lib.sh"
E="$GEO/tests/encodings"
CSV="$E/expected_names.csv"

# expected FILE COLUMN: the column's values for one fixture, '|'-joined,
# in the DBF's order.
expected() {
  python3 - "$CSV" "$1" "$2" <<'P'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["file"].endswith("/" + sys.argv[2] + ".shp")]
print("|".join(r[sys.argv[3]] for r in rows))
P
}

# How many of a fixture's names hold a non-ASCII character (each one a
# doubly encoded value to repair in the utf8-double fixture).
non_ascii_names() {
  python3 - "$CSV" "$1" <<'P'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["file"].endswith("/" + sys.argv[2] + ".shp")]
print(sum(1 for r in rows if any(ord(c) > 127 for c in r["ten_ccn"])))
P
}

# encodings DB: role:encoding per input, '!' when named by an option.
encodings() {
  q "$1" "SELECT group_concat(role || ':' || substr(encoding, 1, instr(encoding, ' ') - 1) || CASE WHEN encoding LIKE '%(--encoding)' THEN '!' ELSE '' END, '|') FROM (SELECT DISTINCT role, encoding FROM run_inputs ORDER BY role)"
}
names_of() { q "$1" "SELECT group_concat(name, '|') FROM (SELECT name FROM clusters ORDER BY fid)"; }
ids_of() { q "$1" "SELECT group_concat(id, '|') FROM (SELECT id FROM clusters ORDER BY fid)"; }

# fixture  encoding it is in  encoding to name explicitly
for spec in ccn_tcvn3:tcvn3:tcvn3 ccn_tcvn3_nocpg:tcvn3:tcvn3 ccn_vni:vni:vni \
            ccn_cp1258:cp1258:cp1258 ccn_utf8_double:utf8:utf8; do
  IFS=: read -r f enc explicit <<<"$spec"
  want=$(expected "$f" ten_ccn)
  want_ids=$(expected "$f" ma_ccn)
  [[ -n "$want" ]] || bad "$f: no expected names in $CSV"

  "$ZG" areas "$E/$f.shp" -o "$T/$f.auto.sqlite" -q
  db="$T/$f.auto.sqlite"
  expect_eq "$f, auto: names" "$want" "$(names_of "$db")"
  expect_eq "$f, auto: ids" "$want_ids" "$(ids_of "$db")"
  expect_eq "$f, auto: the source's text field too" "$want" \
    "$(q "$db" "SELECT group_concat(ten_ccn, '|') FROM (SELECT ten_ccn FROM clusters ORDER BY fid)")"
  expect_eq "$f, auto: field names whole (GDAL 3.6 gives ma_cc, ten_cc for TCVN)" 2 \
    "$(q "$db" "SELECT count(*) FROM pragma_table_info('clusters') WHERE name IN ('ma_ccn', 'ten_ccn')")"
  expect_eq "$f, auto: one qa_log row names the encoding" 1 \
    "$(q "$db" "SELECT count(*) FROM qa_log WHERE feature_id = '' AND layer = 'clusters:$f' AND problem LIKE 'text encoding:%' AND action LIKE 'read as $enc %'")"
  expect_eq "$f, auto: run_inputs.encoding" 1 \
    "$(q "$db" "SELECT count(*) > 0 AND min(encoding LIKE '$enc (%') FROM run_inputs")"

  "$ZG" areas "$E/$f.shp" --encoding "$explicit" -o "$T/$f.x.sqlite" -q
  db="$T/$f.x.sqlite"
  expect_eq "$f, --encoding $explicit: names" "$want" "$(names_of "$db")"
  expect_eq "$f, --encoding $explicit: recorded" 1 \
    "$(q "$db" "SELECT min(encoding = '$explicit (--encoding)') FROM run_inputs")"
  expect_eq "$f, --encoding $explicit: no detection row" 0 \
    "$(q "$db" "SELECT count(*) FROM qa_log WHERE problem LIKE 'text encoding:%'")"
done

# What the detection row says about the .cpg.
q1() { q "$T/$1.auto.sqlite" "SELECT problem || ' / ' || action FROM qa_log WHERE problem LIKE 'text encoding:%'"; }
expect_eq "ccn_vni: the lying .cpg is named" 1 "$(q1 ccn_vni | grep -c "the .cpg says '1252'.*read as vni (auto-detected, score 1.000")"
expect_eq "ccn_tcvn3: the .cpg confirmed" 1 "$(q1 ccn_tcvn3 | grep -c "the .cpg says 'TCVN5712-1'.*read as tcvn3 (as declared, confirmed by the text, score 1.000")"
expect_eq "ccn_tcvn3_nocpg: no .cpg" 1 "$(q1 ccn_tcvn3_nocpg | grep -c "no .cpg and no DBF language id.*read as tcvn3 (auto-detected")"
expect_eq "ccn_utf8_double: the UTF-8 .cpg trusted" 1 "$(q1 ccn_utf8_double | grep -c "the .cpg says 'UTF-8' and the text is valid UTF-8.*read as utf8")"
# The lying .cpg is also a warning on stderr.
"$ZG" areas "$E/ccn_vni.shp" -o "$T/warn.sqlite" 2>"$T/warn.txt"
expect_eq "ccn_vni: warning that the .cpg is overruled" 1 "$(grep -c "the .cpg says '1252', but the text reads as vni" "$T/warn.txt")"

# Doubly encoded UTF-8: one row for the field, with the count.
n=$(non_ascii_names ccn_utf8_double)
for db in "$T/ccn_utf8_double.auto.sqlite" "$T/ccn_utf8_double.x.sqlite"; do
  expect_eq "double UTF-8 repairs counted in one row ($(basename "$db"))" "1|$n of $n values of field 'ten_ccn' were UTF-8 encoded twice" \
    "$(q "$db" "SELECT count(*), substr(problem, 1, instr(problem, ' (') - 1) FROM qa_log WHERE action = 'text repaired: decoded once more'")"
done

# A wrong explicit encoding is obeyed (the user knows best), and shows.
"$ZG" areas "$E/ccn_vni.shp" --encoding latin1 -o "$T/latin.sqlite" -q
expect_eq "--encoding latin1 on VNI text: Windows-1252 mojibake, as GDAL shows it" \
  "Cuïm coâng nghieäp Ngoïc Sôn" "$(q "$T/latin.sqlite" "SELECT name FROM clusters WHERE id = 'CCN-CM-03'")"

# ---- every text value NFC, whatever the source --------------------------
python3 - "$T/nfd.geojson" <<'P'
import json, sys
ring = [[105.8, 21.0], [105.801, 21.0], [105.801, 21.001], [105.8, 21.001], [105.8, 21.0]]
names = ["Ha\u0300 No\u0323\u0302i",          # NFD, as macOS writes
         "Cu\u0323m co\u0302ng nghie\u0323\u0302p",  # marks in typed order
         "C\u00e1\u00bb\u00a5m c\u00c3\u00b4ng"]       # doubly encoded "Cụm công"
fs = [{"type": "Feature", "properties": {"id": "G%d" % i, "name": n},
       "geometry": {"type": "Polygon", "coordinates": [ring]}} for i, n in enumerate(names)]
json.dump({"type": "FeatureCollection", "features": fs}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
P
want=$(python3 -c "import unicodedata as u; print('|'.join(u.normalize('NFC', s) for s in ['Ha\u0300 No\u0323\u0302i', 'Cu\u0323m co\u0302ng nghie\u0323\u0302p', 'Cụm công']))")
"$ZG" areas "$T/nfd.geojson" -o "$T/nfd.sqlite" -q
expect_eq "GeoJSON text comes out NFC (Python's unicodedata), doubly encoded repaired" "$want" "$(names_of "$T/nfd.sqlite")"
expect_eq "GeoJSON: no detection row, the repair counted" "0|1" \
  "$(q "$T/nfd.sqlite" "SELECT (SELECT count(*) FROM qa_log WHERE problem LIKE 'text encoding:%'), (SELECT count(*) FROM qa_log WHERE problem LIKE '1 of 3 values of field ''name''%')")"
"$ZG" areas "$T/nfd.geojson" --encoding tcvn3 -o "$T/nfd2.sqlite" 2>"$T/nfd2.txt"
expect_eq "--encoding on GeoJSON: ignored with a warning naming the input" 1 \
  "$(grep -c "encoding tcvn3 ignored for the clusters input: GeoJSON stores UTF-8" "$T/nfd2.txt")"

# ---- unknown encodings: exit 2, naming the input ------------------------
expect_exit "unknown --encoding" 2 "unknown encoding 'klingon' for the clusters input.*ccn_vni.shp" -- \
  "$ZG" areas "$E/ccn_vni.shp" --encoding klingon -o "$T/u1.sqlite"
expect_exit "unknown --landuse-encoding" 2 "unknown encoding 'vnii' for the landuse input.*ccn_tcvn3.shp" -- \
  "$ZG" landuse "$E/ccn_vni.shp" --landuse "$E/ccn_tcvn3.shp" --landuse-encoding vnii -o "$T/u2.sqlite"
expect_exit "unknown --residential-encoding" 2 "unknown encoding 'x' for the residential_1 input" -- \
  "$ZG" encroach "$E/ccn_vni.shp" --residential "$E/ccn_tcvn3.shp" --residential-encoding x -o "$T/u3.sqlite"
expect_exit "unknown --parks-encoding" 2 "unknown encoding 'x' for the parks input" -- \
  "$ZG" reserve "$E/ccn_vni.shp" --parks "$E/ccn_tcvn3.shp" --parks-encoding x -o "$T/u4.sqlite"
expect_exit "unknown --clusters-encoding" 2 "unknown encoding 'x' for the clusters input" -- \
  "$ZG" check "$E/ccn_vni.shp" --clusters "$E/ccn_tcvn3.shp" --clusters-encoding x -o "$T/u5.sqlite"
expect_exit "an encoding for an input not given" 2 "parks-encoding is given without --parks" -- \
  "$ZG" check "$E/ccn_vni.shp" --parks-encoding vni -o "$T/u6.sqlite"
for f in u1 u2 u3 u4 u5 u6; do
  [[ -e "$T/$f.sqlite" ]] && bad "$f: an output was left behind" || ok "$f: no output written"
done

# ---- every input of every subcommand -------------------------------------
want_tcvn3_ids=$(expected ccn_tcvn3 ma_ccn)
# landuse: the land-use layer is streamed; its field names are decoded
# too (--code-field ma_ccn is found in the TCVN3 DBF, whose name GDAL
# would cut to ma_cc).
"$ZG" landuse "$E/ccn_vni.shp" --landuse "$E/ccn_tcvn3.shp" --code-field ma_ccn -o "$T/lu.sqlite" -q
# The fixture as its own land-use map: each cluster is 100 % its own code.
"$ZG" landuse "$E/ccn_tcvn3.shp" --landuse "$E/ccn_tcvn3.shp" --code-field ma_ccn -o "$T/lu_self.sqlite" -q
expect_eq "landuse: the code field found by its decoded name, codes read" "$want_tcvn3_ids" \
  "$(q "$T/lu_self.sqlite" "SELECT group_concat(code, '|') FROM (SELECT code FROM landuse_composition WHERE share_pct = 100 ORDER BY pk)")"
expect_eq "landuse: each input detected on its own" "clusters:ccn_vni:vni|landuse:ccn_tcvn3:tcvn3" \
  "$(q "$T/lu.sqlite" "SELECT group_concat(layer || ':' || substr(action, 9, instr(substr(action, 9), ' ') - 1), '|') FROM (SELECT * FROM qa_log WHERE problem LIKE 'text encoding:%' ORDER BY layer)")"
"$ZG" landuse "$E/ccn_vni.shp" --landuse "$E/ccn_tcvn3.shp" --code-field ma_ccn --landuse-encoding cp1258 -o "$T/lu2.sqlite" -q
expect_eq "landuse: --landuse-encoding reaches the land-use layer only" "clusters:vni|landuse:cp1258!" "$(encodings "$T/lu2.sqlite")"

"$ZG" encroach "$E/ccn_vni.shp" --residential "$E/ccn_cp1258.shp" --residential "$E/ccn_tcvn3_nocpg.shp" --residential-encoding tcvn3 -o "$T/en.sqlite" -q
expect_eq "encroach: --residential-encoding reaches every date" "clusters:vni|residential_1:tcvn3!|residential_2:tcvn3!" "$(encodings "$T/en.sqlite")"

"$ZG" reserve "$E/ccn_cp1258.shp" --parks "$E/ccn_vni.shp" --parks-encoding vni --landuse "$E/ccn_tcvn3.shp" --code-field ma_ccn -o "$T/rv.sqlite" -q
expect_eq "reserve: parks by --parks-encoding, the others auto" "clusters:cp1258|landuse:tcvn3|parks:vni!" "$(encodings "$T/rv.sqlite")"

"$ZG" check "$E/ccn_utf8_double.shp" --clusters "$E/ccn_vni.shp" --parks "$E/ccn_tcvn3_nocpg.shp" --clusters-encoding vni -o "$T/ck.sqlite" -q
expect_eq "check: proposals auto, clusters by option, parks auto" "clusters:vni!|parks:tcvn3|proposals:utf8" "$(encodings "$T/ck.sqlite")"
expect_eq "check: the proposals' names repaired" "$(expected ccn_utf8_double ten_ccn)" \
  "$(q "$T/ck.sqlite" "SELECT group_concat(name, '|') FROM (SELECT name FROM proposals ORDER BY rowid)")"

# map: the districts layer is an input too.
expect_exit "map: unknown --districts-encoding" 2 "unknown encoding 'x' for the districts input" -- \
  "$ZG" map "$T/ccn_vni.auto.sqlite" --districts "$E/ccn_tcvn3.shp" --districts-encoding x -o "$T/m.svg"
# (Labels are drawn as glyphs, so the decoded names cannot be read back
# from the SVG; the layer goes through the same reader as every input.)
"$ZG" map "$T/ccn_vni.auto.sqlite" --districts "$E/ccn_tcvn3.shp" --districts-encoding tcvn3 -o "$T/m.svg" -q \
  && ok "map: --districts-encoding tcvn3 accepted" || bad "map with --districts-encoding failed"

# ---- the scenario of `zoneguard run` --------------------------------------
mkdir "$T/s"
cat > "$T/s/enc.scenario" <<S
clusters = $E/ccn_cp1258.shp
clusters_encoding = latin1
parks = $E/ccn_vni.shp
parks_encoding = vni
S
"$ZG" run "$T/s/enc.scenario" -o "$T/run" -q
expect_eq "run: <role>_encoding keys reach their inputs" "clusters:latin1!|parks:vni!" "$(encodings "$T/run/results.sqlite")"
printf 'clusters = %s\nparks = %s\nparks_encoding = klingon\n' "$E/ccn_cp1258.shp" "$E/ccn_vni.shp" > "$T/s/bad.scenario"
expect_exit "run: unknown parks_encoding" 2 "unknown encoding 'klingon' for the parks input.*ccn_vni.shp" -- \
  "$ZG" run "$T/s/bad.scenario" -o "$T/run_bad"
printf 'clusters = %s\nencoding = vni\nclusters_encoding = tcvn3\n' "$E/ccn_cp1258.shp" > "$T/s/both.scenario"
expect_exit "run: encoding and clusters_encoding both" 3 "'encoding' and 'clusters_encoding' both" -- \
  "$ZG" run "$T/s/both.scenario" -o "$T/run_both"
finish
