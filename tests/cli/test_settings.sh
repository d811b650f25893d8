# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The shared settings (threads, codes, rings, plane_crs...) are one table
# (zoneguard --help-settings): for every setting of it,
#  - a bad value is refused the same way from the command line (by every
#    command that takes it) and from a scenario: the same exit code, the
#    message naming the setting ("setting 'threads' ... (from --threads)"
#    and "key 'threads' ... on line 2"), before any input is read;
#  - a good value is accepted as a scenario key (the run goes on to read
#    the clusters, which do not exist here);
#  - no library message (engine/ outside cli/) names it as a flag.
# Expected ranges are the documented ones (README, `zoneguard run`).
. "$(dirname "$0")/lib.sh"

# Good and bad values of each setting; a key the table has and this list
# lacks is a failure below. Bad values: "VALUE=EXIT".
declare -A GOOD BAD
GOOD[threads]=2;                 BAD[threads]="0=2|1025=2|x=2|2.5=2"
GOOD[codes]=tt27_2018;           BAD[codes]="tt99=2|/nonexistent/codes.csv=3"
GOOD[code_field]=ma;             BAD[code_field]="=2"
GOOD[residential_code_field]=ma; BAD[residential_code_field]="=2"
GOOD[plane_crs]=EPSG:5897;       BAD[plane_crs]="EPSG:999999=4|EPSG:4326=4"
GOOD[declared_field]=dt;         BAD[declared_field]="=2"
GOOD[min_overlap_m2]=5;          BAD[min_overlap_m2]="-1=2|1 m2=2"
GOOD[rings]=10,20;               BAD[rings]="0=2|-5=2|100,50=2|50,abc=2|$(seq -s, 10 10 330)=2"
GOOD[unbuildable]=water,agri;    BAD[unbuildable]="water,beach=2"
GOOD[rules]="$GEO/rules/hanoi_ccn.csv"; BAD[rules]="/nonexistent/rules.csv=3"
GOOD[hazard_class]=II;           BAD[hazard_class]="VI=2|i=2"

# What each command needs besides the setting to get as far as it.
declare -A NEEDS=([areas]="" [overlaps]="" [landuse]="--landuse $T/l.gpkg"
                  [encroach]="--residential $T/r.gpkg" [check]="" [reserve]="")

"$ZG" --help-settings >"$T/table"
mapfile -t KEYS < <(grep -v '^ ' "$T/table" | cut -d' ' -f1)
expect_eq "the table has the settings of the issue" \
  "threads codes code_field residential_code_field plane_crs declared_field min_overlap_m2 rings unbuildable rules hazard_class" \
  "${KEYS[*]}"

for key in "${KEYS[@]}"; do
  if [[ -z ${GOOD[$key]+x} ]]; then bad "$key: no values in this test"; continue; fi
  flag=--${key//_/-}
  users=$(grep -A2 "^$key " "$T/table" | sed -n 's/.* of: \(.*\); scenario key.*/\1/p')
  [[ -n $users ]] || bad "$key: --help-settings names no command"
  # A good value: accepted; the run fails later, on the missing clusters.
  printf 'clusters = %s\n%s = %s\n' "$T/none.shp" "$key" "${GOOD[$key]}" >"$T/good.scenario"
  expect_exit "$key = ${GOOD[$key]}: a scenario key" 3 "none.shp" -- \
    "$ZG" run "$T/good.scenario" -o "$T/out"
  if grep -q "'$key'" "$T/stderr"; then bad "... $key named: $(cat "$T/stderr")"; fi
  rm -rf "$T/out" # the run's folder, made before the clusters are read
  IFS='|' read -ra cases <<<"${BAD[$key]}"
  for c in "${cases[@]}"; do
    v=${c%=*} code=${c##*=}
    printf 'clusters = %s\n%s = %s\n' "$T/none.shp" "$key" "$v" >"$T/bad.scenario"
    expect_exit "$key = '${v:0:20}' in a scenario" "$code" "key '$key' .* on line 2 " -- \
      "$ZG" run "$T/bad.scenario" -o "$T/out"
    for cmd in $users; do
      # shellcheck disable=SC2086 # NEEDS holds words
      expect_exit "$cmd $flag '${v:0:20}'" "$code" "setting '$key' .* (from $flag)" -- \
        "$ZG" "$cmd" "$T/none.shp" ${NEEDS[$cmd]} "$flag=$v" -o "$T/out.sqlite"
    done
  done
  [[ ! -e $T/out && ! -e $T/out.sqlite ]] || bad "$key: an output was written"
done

# The same table for programs (the QGIS plugin): --help-settings=json
# has the text table's keys, options and commands, and the ranges,
# words and defaults the README's settings table documents.
"$ZG" --help-settings=json >"$T/table.json"
res=$(python3 - "$T/table.json" "$T/table" <<'EOF2'
import json, re, sys
rows = json.load(open(sys.argv[1]))["settings"]
text = open(sys.argv[2]).read()
want_users = {m.group(1): m.group(2).split() for m in re.finditer(
    r"^(\w+) .*\n.*\n    option --[\w-]+ of: ([^;]*);", text, re.M)}
bad = []
if [r["key"] for r in rows] != list(want_users):
    bad.append("keys %s" % [r["key"] for r in rows])
# README, `zoneguard run`, "Settings".
readme = {
    "threads": ("int", 1, 1024, [], ""),
    "codes": ("codes", 0, 0, ["tt08_2024", "tt27_2018"], "tt08_2024"),
    "plane_crs": ("crs", 0, 0, [], "EPSG:5897"),
    "min_overlap_m2": ("real", 0, 0, [], "1"),
    "rings": ("rings", 1, 32, [], "50,100,300,500,1000"),
    "hazard_class": ("one_of", 0, 0, ["I", "II", "III", "IV", "V"], "I"),
    "rules": ("file", 0, 0, [], ""),
    "code_field": ("text", 0, 0, [], ""),
}
for r in rows:
    if r["option"] != "--" + r["key"].replace("_", "-"):
        bad.append("%s: option %s" % (r["key"], r["option"]))
    if r["used_by"] != want_users.get(r["key"]):
        bad.append("%s: used_by %s" % (r["key"], r["used_by"]))
    w = readme.get(r["key"])
    if w and (r["type"], r["min"], r["max"], r["values"], r["default"]) != w:
        bad.append("%s: %s" % (r["key"], r))
ub = [r for r in rows if r["key"] == "unbuildable"][0]
if ub["default"] != "residential,water,sensitive" or \
        not set(ub["default"].split(",")) <= set(ub["values"]):
    bad.append("unbuildable: %s" % ub)
print("; ".join(bad) or "ok")
EOF2
)
expect_eq "--help-settings=json: the table's keys, options, commands; README's ranges and defaults" ok "$res"

# A setting is an option only of the commands that use it.
expect_exit "areas --threads" 2 "--threads is an option of 'landuse', 'encroach', 'reserve', 'check', not 'areas'" -- \
  "$ZG" areas "$T/none.shp" --threads 2 -o "$T/out.sqlite"
# encroach's own name for residential_code_field, once.
expect_exit "encroach --code-field and --residential-code-field" 2 "one option" -- \
  "$ZG" encroach "$T/none.shp" --residential "$T/r.gpkg" --code-field a \
  --residential-code-field b -o "$T/out.sqlite"

# No library message names a setting as a command-line flag: string
# literals of engine/ (outside cli/), comments left out, adjacent
# literals joined.
flags=$(printf -- '--%s\n' "${KEYS[@]//_/-}")
found=$(/usr/bin/python3 - "$ZG_ROOT/engine" "$flags" <<'EOF'
import pathlib, re, sys
root, flags = pathlib.Path(sys.argv[1]), sys.argv[2].split()
lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
for f in sorted(root.rglob('*.[ch]')):
    if 'cli' in f.relative_to(root).parts:
        continue
    src = f.read_text(encoding='utf-8')
    src = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group().count('\n'), src, flags=re.S)
    src = re.sub(r'//[^\n]*', '', src)
    joined = re.sub(r'"\s*"', '', src)  # "abc " "def" -> "abc def"
    for m in lit.finditer(joined):
        for fl in flags:
            if re.search(re.escape(fl) + r'(?![a-z-])', m.group(1)):
                print(f'{f.relative_to(root)}: {fl}: "{m.group(1)[:60]}"')
EOF
)
expect_eq "no library message names a setting's flag" "" "$found"
finish
