# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 5: the report printed. Headless Chromium prints the demo
# run's report to PDF, in the standard layout and in the official one
# (Decree 30/2020/NĐ-CP, asked for by the scenario's report_layout and
# issuing_body), and report_print_check.py reads the PDFs with poppler:
# page count, A4 pages (landscape for the wide tables), every page's
# number and the run's date, each table's total row once, the summary on
# page 1 with each proposal's verdict; for the official layout the
# national heading, the issuing body, Liberation Serif at 13-14 pt and
# the decree's margins. Chromium also renders a report whose data is
# markup (names, ids, a file name) without a console error or a load.
# The suite's one Chromium test (label "once").
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$CHROMIUM" ]] || ! command -v pdftotext > /dev/null; then
  echo "skip: chromium or poppler-utils is not installed (scripts/install_deps.sh --tests)"
  finish
  exit 0
fi
CHECK="python3 $ZG_ROOT/tests/cli/report_print_check.py"

# print HTML PDF: headless Chromium's print, its stderr kept.
print() {
  local prof
  prof=$(mktemp -d "$T/chromium_XXXXXX")
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$prof" --enable-logging=stderr --v=0 \
    --no-pdf-header-footer --print-to-pdf="$2" "file://$1" \
    > /dev/null 2> "$2.err" || true
  if [[ -s $2 ]]; then ok "Chromium printed $(basename "$1")"; else bad "Chromium printed nothing for $1"; fi
  local errs
  errs=$(grep -E "Uncaught|ERROR:CONSOLE|Refused to|net::ERR_" "$2.err" || true)
  expect_eq "no console error or blocked load in $(basename "$1")" "" "$errs"
}
# verdicts PDF HTML LAYOUT MIN MAX: report_print_check.py's lines.
verdicts() {
  local end=
  while IFS= read -r line; do
    case $line in
      ok*) ok "$3: ${line#ok   }" ;;
      done) end=1 ;;
      *) bad "$3: ${line#FAIL }" ;;
    esac
  done < <($CHECK "$1" "$2" "$R" vi "$3" "$4" "$5" 2>&1 || true)
  expect_eq "$3: the check ran to its end" 1 "$end"
}

# The demo: the fixture's run (lib.sh's demo_run), read only.
RUN=$(demo_run)
R="$RUN/results.sqlite"
print "$RUN/report.html" "$T/standard.pdf"
# The demo: a summary page, the map, 13 sections and appendices, the
# charts: 25 to 40 pages (30 when this test was written).
verdicts "$T/standard.pdf" "$RUN/report.html" standard 25 40

# The official layout from the scenario: the demo's keys with absolute
# paths, and the two report keys.
sed -e "s#= hanoi_#= $GEO/demo/hanoi_#g" -e "s#, hanoi_#, $GEO/demo/hanoi_#g" \
  -e "s#= \.\./#= $GEO/#" "$GEO/demo/hanoi.scenario" > "$T/official.scenario"
printf 'report_layout = official\nissuing_body = SỞ CÔNG THƯƠNG HÀ NỘI\n' >> "$T/official.scenario"
"$ZG" run "$T/official.scenario" -o "$T/off" -q
print "$T/off/report.html" "$T/official.pdf"
# 13 pt text: more pages (46 when this test was written).
verdicts "$T/official.pdf" "$T/off/report.html" official 35 60

# Markup, quotes and a control character in a name, an id and a file
# name (test_report.sh checks the escaping itself): a browser renders
# the page with no console error and loads nothing.
CRS='"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}}'
EVIL="$T/evil<marquee>&\"q\".geojson"
cat > "$EVIL" <<J
{"type":"FeatureCollection",$CRS,"features":[
{"type":"Feature","properties":{"ma":"<blink>A</blink>","ten":"<script>alert(\"x\")</script> & 'Cụm'\u0007"},
 "geometry":{"type":"Polygon","coordinates":[[[588000,2326000],[588400,2326400],[588400,2326000],[588000,2326400],[588000,2326000]]]}}]}
J
"$ZG" areas "$EVIL" -o "$T/evil.sqlite" -q
"$ZG" report "$T/evil.sqlite" -o "$T/evil.html" -q
print "$T/evil.html" "$T/evil.pdf"
n=$(pdftotext "$T/evil.pdf" - | grep -c '<script>alert("x")</script>' || true)
expect_true "the escaped name is printed as text ($n times)" test "$n" -ge 1
finish
