# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The bad-input corpus, as README.md documents it: every row of the table
# between <!-- bad-corpus:begin --> and <!-- bad-corpus:end --> is run with
# `zoneguard areas` and must give its exit code and its message (stderr; for
# exit 0, a "problem :: action" line of qa_log). Then every file of the table
# goes through `landuse` (as the parcels) and `encroach` (as the housing):
# whatever they say, none may crash (a signal, exit 8, or a sanitizer
# report).
. "$(dirname "$0")/lib.sh"
R="$GEO/real"
CL="$GEO/demo/hanoi_clusters_vn2000.shp"

# One row per line: file, options, exit, pattern (separated by US, 0x1f,
# as a tab would let empty fields collapse) (README's
# escaped \| unescaped).
python3 - "$ZG_ROOT/README.md" > "$T/rows" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
block = text.split("<!-- bad-corpus:begin -->")[1].split("<!-- bad-corpus:end -->")[0]
for line in block.splitlines():
    if not line.startswith("| `"):
        continue
    cells = [c.strip().replace("\\|", "|")
             for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
    file = re.match(r"`([^`]+)`", cells[0]).group(1)
    opts = cells[1].strip("`")
    pat = re.match(r"`(.*)`$", cells[3]).group(1)
    print("\x1f".join([file, opts, cells[2], pat]))
PY
n=$(wc -l < "$T/rows")
[[ $n -ge 12 ]] && ok "README's corpus table read ($n rows)" || bad "README's corpus table: only $n rows"

crashed() { # rc stderr-file
  [[ $1 -ge 128 || $1 -eq 8 ]] || grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" "$2"
}

while IFS=$'\x1f' read -r file opts code pat; do
  o="$T/o.sqlite"
  rm -f "$o"
  read -r -a args <<<"$opts"
  rc=0
  "$ZG" areas "$R/$file" "${args[@]}" -o "$o" -q >"$T/out" 2>"$T/err" || rc=$?
  what="$file${opts:+ $opts}"
  if [[ $rc -ne $code ]]; then
    bad "$what: exit $rc, expected $code: $(head -c 300 "$T/err")"
  elif [[ $code -ne 0 ]]; then
    if grep -Eq -- "$pat" "$T/err"; then ok "$what: exit $code, message"
    else bad "$what: stderr does not match '$pat': $(head -c 300 "$T/err")"; fi
  else
    if q "$o" "SELECT problem || ' :: ' || action FROM qa_log" | grep -Eq -- "$pat"; then
      ok "$what: exit 0, qa_log has '$pat'"
    else bad "$what: qa_log lacks '$pat': $(q "$o" "SELECT problem || ' :: ' || action FROM qa_log")"; fi
    expect_eq "$what: features measured" 1 \
      "$(q "$o" "SELECT count(*) > 0 AND min(area_ha) > 0 FROM clusters")"
  fi
  [[ -z $(find "$T" -maxdepth 1 -name '.zoneguard-tmp-*') ]] || bad "$what: temporary directory left"
done < "$T/rows"

# The same files in the other roles: no crash, whatever the verdict.
cut -d $'\x1f' -f1,2 "$T/rows" | sort -u > "$T/files"
while IFS=$'\x1f' read -r file opts; do
  read -r -a args <<<"${opts/--layer/--landuse-layer}"
  rc=0
  "$ZG" landuse "$CL" --landuse "$R/$file" "${args[@]}" -o "$T/l.sqlite" \
    --overwrite -q 2>"$T/err" || rc=$?
  if crashed "$rc" "$T/err"; then bad "landuse --landuse $file: crashed (exit $rc): $(head -c 300 "$T/err")"
  else ok "landuse --landuse $file: no crash (exit $rc)"; fi
  read -r -a args <<<"${opts/--layer/--residential-layer}"
  rc=0
  "$ZG" encroach "$CL" --residential "$R/$file" --residential "$R/$file" \
    "${args[@]}" -o "$T/e.sqlite" --overwrite -q 2>"$T/err" || rc=$?
  if crashed "$rc" "$T/err"; then bad "encroach --residential $file: crashed (exit $rc): $(head -c 300 "$T/err")"
  else ok "encroach --residential $file: no crash (exit $rc)"; fi
done < "$T/files"
finish
