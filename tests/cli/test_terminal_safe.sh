# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Text from inputs (feature ids, field and layer names, paths, the words of
# the command line) reaches stderr with control characters escaped: an id
# holding ESC ] 0 ; ... BEL (retitle the terminal) or ESC [ 2 J (clear it)
# is shown, not obeyed. C0 controls, DEL, C1 controls (U+0080-U+009F) and
# bytes that are not UTF-8 are escaped; Vietnamese letters are kept. Each
# check reads the raw bytes of stderr with od, not through a terminal.
. "$(dirname "$0")/lib.sh"

# raw FILE: 1 when stderr holds a byte a terminal acts on (C0 but LF and
# the CR that starts a message to wipe the progress bar, DEL, C1 controls
# U+0080-U+009F, or a byte that is not UTF-8), else 0.
raw() {
  python3 -c "
import re, sys
b = open(sys.argv[1], 'rb').read()
t = b.decode('utf-8', errors='surrogateescape').replace('\n\r', '\n')
t = t[1:] if t.startswith('\r') else t
bad = [c for c in t if (ord(c) < 0x20 and c != '\n') or ord(c) == 0x7f
       or 0x80 <= ord(c) <= 0x9f or 0xdc80 <= ord(c) <= 0xdcff]
print(1 if bad else 0)" "$1"
}
lines() { wc -l <"$1" | tr -d ' '; }
has() { if grep -qF -- "$2" "$T/stderr"; then ok "$1"; else bad "$1: '$2' not in: $(cat -v "$T/stderr")"; fi; }

# 1. A feature id that retitles the terminal, in an error naming the
#    feature (coordinates impossible in WGS 84: exit 4).
cat >"$T/title.geojson" <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ma_ccn":"Cụm\u001b]0;pwned\u0007Công\u001b[2J\nzoneguard: done"},
 "geometry":{"type":"Polygon","coordinates":[[[105.8,95],[105.9,95],[105.9,95.1],[105.8,95]]]}}]}
J
expect_exit "an id with ESC and BEL, in an error" 4 "feature" -- \
  "$ZG" areas "$T/title.geojson" -o "$T/a.sqlite"
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"
has "... the id shown escaped, Vietnamese letters kept" 'Cụm\x1b]0;pwned\x07Công\x1b[2J\nzoneguard: done'
expect_eq "... one line: a newline in the id cannot fake another message" 1 "$(lines "$T/stderr")"

# 2. Layer names that clear the screen, in the list of layers.
ogr2ogr -f GPKG "$T/two.gpkg" "$ZG_ROOT/geodata/demo/hanoi_clusters_vn2000.shp" -nln $'clear\e[2J\e[H'
ogr2ogr -f GPKG -update "$T/two.gpkg" "$ZG_ROOT/geodata/demo/hanoi_clusters_vn2000.shp" -nln $'c1\xc2\x9b31m\x7f'
expect_exit "layer names with ESC, C1 CSI and DEL" 3 "choose one with --layer" -- \
  "$ZG" areas "$T/two.gpkg" -o "$T/b.sqlite"
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"
has "... ESC shown as \\x1b" 'clear\x1b[2J\x1b[H'
has "... C1 CSI shown as \\u009b, DEL as \\x7f" 'c1\u009b31m\x7f'

# 3. Field names, in the list of fields of an unknown --id-field.
cat >"$T/fields.geojson" <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ma\u001b]2;x\u0007":"A","tên":"B"},
 "geometry":{"type":"Polygon","coordinates":[[[105.8,21],[105.81,21],[105.81,21.01],[105.8,21]]]}}]}
J
expect_exit "a field name with OSC ... BEL" 2 "no field 'nope'" -- \
  "$ZG" areas "$T/fields.geojson" --id-field nope -o "$T/c.sqlite"
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"
has "... shown escaped, tên kept" 'ma\x1b]2;x\x07, tên'

# 4. A path, and a word of the command line, with ESC and a byte that is
#    not UTF-8.
expect_exit "a missing input whose name holds ESC and 0xff" 3 "no such file" -- \
  "$ZG" areas "$T/no"$'\e]0;pwned\a\xff'".shp" -o "$T/d.sqlite"
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"
has "... shown escaped" 'no\x1b]0;pwned\x07\xff.shp'
expect_exit "a mistyped command with ESC" 2 "unknown command" -- \
  "$ZG" $'areas\e[2J'
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"
expect_exit "an option value with ESC" 2 "rings" -- \
  "$ZG" encroach "$T/fields.geojson" --residential "$T/fields.geojson" --rings $'50,\e[2J' -o "$T/e.sqlite"
expect_eq "... no raw control byte on stderr" 0 "$(raw "$T/stderr")"

# 5. A message of success names the output as given.
mkdir -p "$T/out"
"$ZG" areas "$ZG_ROOT/geodata/demo/hanoi_clusters_vn2000.shp" -o "$T/out/r"$'\e[2J'".sqlite" 2>"$T/stderr"
expect_eq "the output's name in the closing line: no raw control byte" 0 "$(raw "$T/stderr")"
has "... shown escaped" 'r\x1b[2J.sqlite'
finish
