# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 items 1 and 3: the report opens with the committee's summary
# (proposals and the rule that decided each, the clusters with most
# housing near them and most growth, free land, overlaps), the data
# record and quality log come last with paths relative to the scenario,
# and each cluster with housing has its chart. report_summary_check.py
# works out every expected figure from the database itself; the run's
# report (Vietnamese, the scenario's folder known) and `report --lang en`
# (no scenario: the inputs' common folder) are both checked. The run is
# the fixture's (lib.sh's demo_run), read only.
. "$(dirname "$0")/lib.sh"
CHECK="python3 $ZG_ROOT/tests/cli/report_summary_check.py"
RUN=$(demo_run)
R="$RUN/results.sqlite"
"$ZG" report "$R" -o "$T/en.html" --lang en -q
for f in "$RUN/report.html:vi" "$T/en.html:en"; do
  lang=${f##*:}
  end=
  while IFS= read -r line; do
    case $line in
      ok*) ok "$lang: ${line#ok   }" ;;
      done) end=1 ;;
      *) bad "$lang: ${line#FAIL }" ;;
    esac
  done < <($CHECK "${f%:*}" "$R" "$lang" 2>&1 || true)
  expect_eq "$lang: the check ran to its end" 1 "$end"
done
has_text() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: '$3' not in $2"; fi; }
has_text "the run's report: paths from the scenario's folder" "$RUN/report.html" \
  "Đường dẫn tệp tính từ thư mục của kịch bản (<code>demo/</code>)"
has_text "report alone: paths from the inputs' common folder" "$T/en.html" \
  "File paths are relative to the folder that holds the inputs (<code>demo/</code>)"
has_text "options: the code table relative to the scenario" "$RUN/report.html" "codes=../codes/tt08_2024.csv"
# Charts and summary are deterministic: the same bytes twice.
"$ZG" report "$R" -o "$T/en2.html" --lang en -q
expect_eq "the same report twice, the same bytes" "" "$(cmp "$T/en.html" "$T/en2.html" 2>&1 || true)"
# The print layout option and its scenario key are checked.
expect_exit "an unknown --layout" 2 "--layout must be standard or official" -- \
  "$ZG" report "$R" -o "$T/x.html" --layout fancy
printf 'clusters = %s\nreport_layout = fancy\n' "$GEO/demo/hanoi_clusters_vn2000.shp" > "$T/bad.scenario"
expect_exit "an unknown report_layout in a scenario, with its line" 3 \
  "key 'report_layout' on line 2 (.*bad.scenario) must be standard or official" -- \
  "$ZG" run "$T/bad.scenario" -o "$T/bad"
finish
