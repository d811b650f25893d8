# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# Issue 18 item 4: the Vietnamese report of the demo run writes numbers
# and dates as Vietnam does (1.234,56 ha; dd/mm/yyyy), rule conditions and
# the data-quality log in words; the English report keeps its format.
# report_vi_check.py reads the HTML and the database, and formats every
# expected figure itself.
. "$(dirname "$0")/lib.sh"
RUN=$(demo_run)
R="$RUN/results.sqlite"
CHECK="python3 $ZG_ROOT/tests/cli/report_vi_check.py"
while IFS= read -r line; do
  case $line in ok*) ok "${line#ok   }" ;; *) bad "${line#FAIL }" ;; esac
done < <($CHECK "$RUN/report.html" "$R" vi || true)
"$ZG" report "$R" -o "$T/en.html" --lang en -q
while IFS= read -r line; do
  case $line in ok*) ok "en: ${line#ok   }" ;; *) bad "en: ${line#FAIL }" ;; esac
done < <($CHECK "$T/en.html" "$R" en || true)
# The database and the CSV keep the decimal point.
expect_eq "the CSV keeps the decimal point" 1 \
  "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))); print(int(all('.' in x['area_ha'] and ',' not in x['area_ha'] for x in r if x['area_ha'])))" "$RUN/csv/clusters.csv")"
expect_eq "the database keeps the decimal point in the details" 1 \
  "$(q "$R" "SELECT count(*) > 0 FROM proposal_checks WHERE detail_vi GLOB '*[0-9].[0-9][0-9][0-9][0-9] ha*'")"
finish
