# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# --csv DIR: every result table as CSV for spreadsheets: UTF-8 with a
# byte-order mark, Vietnamese text intact, the same numbers as the
# database; an existing CSV is not clobbered without --overwrite.
. "$(dirname "$0")/lib.sh"
"$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/o.sqlite" --csv "$T/csv" -q
expect_eq "tables exported" "cluster_overlap_slivers.csv cluster_overlaps.csv clusters.csv qa_log.csv run_inputs.csv run_tables.csv runs.csv" "$(cd "$T/csv" && echo *.csv)"
expect_eq "UTF-8 byte-order mark" "efbbbf" "$(head -c 3 "$T/csv/clusters.csv" | od -An -tx1 | tr -d ' \n')"
expect_eq "Vietnamese name intact" 1 "$(grep -c 'CCN-DA-01,Cụm công nghiệp Thiết Bình' "$T/csv/clusters.csv")"
n=$(python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
print(len(rows), '%.9f' % sum(float(r['area_ha']) for r in rows))" "$T/csv/clusters.csv")
expect_eq "rows and area sum match the database" "$(q "$T/o.sqlite" "SELECT count(*) || ' ' || printf('%.9f', sum(area_ha)) FROM clusters")" "$n"
expect_eq "no geometry column" 0 "$(head -1 "$T/csv/clusters.csv" | grep -c -i 'geom\|wkt')"
expect_exit "existing CSV kept without --overwrite" 6 "clusters.csv" -- \
  "$ZG" overlaps "$GEO/demo/hanoi_clusters_vn2000.shp" -o "$T/o2.sqlite" --csv "$T/csv"
finish
