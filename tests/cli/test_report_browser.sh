# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# The planner's report in a browser (headless Chromium, when installed):
#   all.html   `report` of the demo run's database (every table)
#   evil.html  `report` of a layer whose name, id and file name are
#              markup and quotes, with a control character
# each renders, is not blank and logs no console error or blocked load
# (printed, the reports are test_report_print.sh's). test_report.sh checks the same
# files' contents. Chromium runs no zoneguard code: this test is labelled
# "once" (tests/CMakeLists.txt), the plain build's run is enough.
. "$(dirname "$0")/lib.sh"
CHECK="python3 $ZG_ROOT/tests/cli/report_check.py"
check() {
  local what=$1 out rc=0; shift 2
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc -eq 0 ]]; then ok "$what: $out"; else bad "$what: $out"; fi
}
"$ZG" report "$(demo_run)/results.sqlite" -o "$T/all.html" -q
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
EVIL="$T/evil<marquee>&\"q\".geojson"
cat > "$EVIL" <<J
{"type":"FeatureCollection",$CRS,"features":[
{"type":"Feature","properties":{"ma":"<blink>A</blink>","ten":"<script>alert(\"x\")</script> & 'Cụm'\u0007"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588400,2326400],[588400,2326000],[588000,2326400],[588000,2326000]]]}},
{"type":"Feature","properties":{"ma":"B","ten":"Cụm công nghiệp Thạch Thất"},
 "geometry":{"type":"Polygon","coordinates":[[[589000,2326000],[589400,2326000],[589400,2326400],[589000,2326400],[589000,2326000]]]}}]}
J
"$ZG" areas "$EVIL" -o "$T/evil.sqlite" -q
"$ZG" report "$T/evil.sqlite" -o "$T/evil.html" -q

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$CHROMIUM" ]]; then
  echo "skip headless Chromium checks: chromium is not installed (scripts/install_deps.sh --tests)"
else
  for f in all evil; do
    prof=$(mktemp -d "$T/chromium_XXXXXX")
    rc=0
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
      --no-first-run --disable-background-networking --disable-component-update \
      --disable-sync --user-data-dir="$prof" --enable-logging=stderr --v=0 \
      --screenshot="$T/shot_$f.png" --window-size=1280,2000 "file://$T/$f.html" \
      > "$T/chromium_$f.out" 2> "$T/chromium_$f.err" || rc=$?
    expect_eq "Chromium renders $f.html" 0 "$rc"
    # The report's header, summary, tables and the map's colours.
    check "Chromium screenshot of $f.html is not blank" -- \
      $CHECK png "$T/shot_$f.png" 1280 2000 40
    errs=$(grep -E "Uncaught|ERROR:CONSOLE|Refused to|net::ERR_" "$T/chromium_$f.err" || true)
    expect_eq "no console error or blocked load in $f.html" "" "$errs"
  done
fi
finish
