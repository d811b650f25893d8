# SPDX-License-Identifier: MIT
# shellcheck shell=bash
#
# --csv files are for spreadsheets: a text value that starts with = + - @,
# a tab or a carriage return is written with a leading ' (OWASP's rule
# against CSV injection), so that Excel or LibreOffice shows it instead of
# running it as a formula; numbers, negative ones included, stay numbers;
# other text stays as it was. The cells are read back with Python's csv
# module and the expected values are the input's, prefixed by hand.
. "$(dirname "$0")/lib.sh"

sq() { # a square of 100 m at column $1 of a row near Hanoi (EPSG:5897)
  local x=$((588000 + $1 * 200))
  echo "[[[$x,2326000],[$((x + 100)),2326000],[$((x + 100)),2326100],[$x,2326100],[$x,2326000]]]"
}
cat > "$T/c.geojson" <<J
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"=HYPERLINK(\"http://x.test/\",\"open\")","ten":"@SUM(A1)","delta":-3.5,"ghi_chu":"-1+2"},"geometry":{"type":"Polygon","coordinates":$(sq 0)}},
{"type":"Feature","properties":{"ma_ccn":"-1+2","ten":"+cmd|' /C calc'!A0","delta":-0.25,"ghi_chu":"\tTAB"},"geometry":{"type":"Polygon","coordinates":$(sq 1)}},
{"type":"Feature","properties":{"ma_ccn":"@SUM(A1)","ten":"\r=1+1","delta":2,"ghi_chu":"-3.5"},"geometry":{"type":"Polygon","coordinates":$(sq 2)}},
{"type":"Feature","properties":{"ma_ccn":"CCN-01","ten":"Cụm công nghiệp = ổn","delta":-7,"ghi_chu":"a-b@c"},"geometry":{"type":"Polygon","coordinates":$(sq 3)}}]}
J
"$ZG" areas "$T/c.geojson" -o "$T/c.sqlite" --csv "$T/csv" -q

cell() { # cell FILE ROW COLUMN: the cell as Python's csv reads it, repr'd
  python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(repr(rows[int(sys.argv[2])][sys.argv[3]]))" "$@"
}
C="$T/csv/clusters.csv"
expect_eq "=HYPERLINK id gets a leading '" "'\\'=HYPERLINK(\"http://x.test/\",\"open\")'" "$(cell "$C" 0 id)"
expect_eq "... the input's own column too" "'\\'=HYPERLINK(\"http://x.test/\",\"open\")'" "$(cell "$C" 0 ma_ccn)"
expect_eq "-1+2 id" "\"'-1+2\"" "$(cell "$C" 1 id)"
expect_eq "@SUM(A1) id" "\"'@SUM(A1)\"" "$(cell "$C" 2 id)"
expect_eq "@SUM(A1) name" "\"'@SUM(A1)\"" "$(cell "$C" 0 name)"
expect_eq "+cmd name" "\"'+cmd|' /C calc'!A0\"" "$(cell "$C" 1 name)"
expect_eq "carriage return first" "\"'\\r=1+1\"" "$(cell "$C" 2 name)"
expect_eq "tab first" "\"'\\tTAB\"" "$(cell "$C" 1 ghi_chu)"
expect_eq "a text that looks like a negative number is text: prefixed" "\"'-3.5\"" "$(cell "$C" 2 ghi_chu)"
expect_eq "a text with = inside, not first, unchanged" "'Cụm công nghiệp = ổn'" "$(cell "$C" 3 name)"
expect_eq "ordinary id unchanged" "'CCN-01'" "$(cell "$C" 3 id)"
expect_eq "a-b@c unchanged" "'a-b@c'" "$(cell "$C" 3 ghi_chu)"
# The numeric column, byte for byte: the 5th field of each data line.
hdr=$(head -1 "$C" | sed 's/^\xef\xbb\xbf//')
expect_eq "delta is a column" 1 "$(tr ',' '\n' <<<"$hdr" | grep -cx delta)"
expect_eq "negative numbers stay numbers (the column, as written)" "-3.5 -0.25 2 -7" \
  "$(python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(' '.join(r['delta'] for r in rows))" "$C")"
expect_eq "... no quote mark before a number anywhere" 0 "$(grep -c ",'-[0-9.]*," "$C" || true)"
expect_eq "... the database keeps the values as they were" "=HYPERLINK(\"http://x.test/\",\"open\")|-3.5" \
  "$(q "$T/c.sqlite" "SELECT id || '|' || delta FROM clusters WHERE fid = 1")"
# A column named by the input's author is a header cell: one whose name a
# spreadsheet would run gets a leading '_' (the database keeps the name).
cat > "$T/h.geojson" <<J
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"CCN-09","=HYPERLINK(\"http://x.test/\")":"a","@SUM(A1)":1,"-x":"b","+y":2,"ok=1":"c"},"geometry":{"type":"Polygon","coordinates":$(sq 0)}}]}
J
"$ZG" areas "$T/h.geojson" -o "$T/h.sqlite" --csv "$T/hcsv" -q
expect_eq "header cells a spreadsheet would run get a leading _; others unchanged" \
  "['_=HYPERLINK(\"http://x.test/\")', '_@SUM(A1)', '_-x', '_+y', 'ok=1']" \
  "$(python3 -c "
import csv, sys
h = next(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print([c for c in h if c[1:2] in ('=', '@', '-', '+') or '=' in c])" "$T/hcsv/clusters.csv")"
expect_eq "... no header cell starts with = + - @" 0 \
  "$(head -1 "$T/hcsv/clusters.csv" | sed 's/^\xef\xbb\xbf//' | tr ',' '\n' | grep -c '^"\{0,1\}[-=+@]' || true)"
expect_eq "... the values under them as written" "a|1|b|2" \
  "$(python3 -c "
import csv, sys
r = next(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print('|'.join(r[k] for k in ('_=HYPERLINK(\"http://x.test/\")', '_@SUM(A1)', '_-x', '_+y')))" "$T/hcsv/clusters.csv")"
# A renamed header cell never repeats another column's name: beside a
# column already named _=x, the column =x becomes __=x (every header cell
# distinct, each over its own values).
cat > "$T/d.geojson" <<J
{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::5897"}},"features":[
{"type":"Feature","properties":{"ma_ccn":"CCN-10","=x":"run","_=x":"kept","__=x":"kept too"},"geometry":{"type":"Polygon","coordinates":$(sq 0)}}]}
J
"$ZG" areas "$T/d.geojson" -o "$T/d.sqlite" --csv "$T/dcsv" -q
expect_eq "a renamed header cell takes a name no other column has" \
  "3 distinct; kept:_=x|kept too:__=x|run:___=x" \
  "$(python3 -c "
import csv, sys
h, v = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))[:2]
x = [i for i in range(len(h)) if h[i].endswith('=x')]
print('%d distinct;' % len(set(h[i] for i in x)), '|'.join('%s:%s' % (v[i], h[i]) for i in sorted(x, key=lambda i: v[i])))" "$T/dcsv/clusters.csv")"
finish
