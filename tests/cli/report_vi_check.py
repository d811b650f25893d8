#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks of the report's numbers and dates, by language (issue 18 item 4).

usage: report_vi_check.py REPORT.html RESULTS.sqlite vi|en

Parses the report with html.parser and reads the database with sqlite3;
every expected figure is formatted here, by Python, not by zoneguard.
Prints one line per check ("ok ..." or "FAIL ..."); exits 1 on a failure.
"""
import html.parser
import re
import sqlite3
import sys

VI_NUM = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$")
EN_NUM = re.compile(r"^[+-]?\d+(\.\d+)?$")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
VI_DATE = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")
TOKEN = re.compile(r"\d[\d.,]*\d|\d")


class Cells(html.parser.HTMLParser):
    """The text of every <td>, with its class, outside the <svg>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.cur, self.cls, self.svg = [], None, "", 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svg += 1
        elif tag == "td" and not self.svg:
            self.cur, self.cls = [], dict(attrs).get("class", "")

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg -= 1
        elif tag == "td" and self.cur is not None:
            self.cells.append((self.cls, "".join(self.cur).strip()))
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur.append(data)


def vi(v, dec):
    """v with `dec` decimals, a thousands dot and a decimal comma."""
    return f"{v:,.{dec}f}".translate(str.maketrans(",.", ".,"))


def main():
    path, db, lang = sys.argv[1:4]
    text = open(path, encoding="utf-8").read()
    p = Cells()
    p.feed(text)
    fails = 0

    def check(what, cond, why=""):
        nonlocal fails
        print(("ok   " if cond else "FAIL ") + what + ("" if cond else ": " + why))
        fails += 0 if cond else 1

    nums = [t for c, t in p.cells if c == "n"]
    check("the tables have numbers", len(nums) > 100, f"{len(nums)} cells")
    rx = VI_NUM if lang == "vi" else EN_NUM
    # A distance to housing that only touches a cluster carries its note
    # after the number ("0,0 (chạm ranh giới)"): the number is what counts.
    note = re.compile(r" \((chạm ranh giới|touches the boundary)\)$")
    badn = [t for t in nums if t != "—" and not rx.match(note.sub("", t))]
    check(f"every number cell in the {lang} format", not badn, repr(badn[:5]))
    con = sqlite3.connect(db)
    areas = [r[0] for r in con.execute(
        "SELECT area_ha FROM clusters WHERE area_ha >= 1000 OR "
        "area_ha < 1000 ORDER BY area_ha DESC LIMIT 3")]
    for a in areas:
        want = vi(a, 2) if lang == "vi" else f"{a:.2f}"
        check(f"a cluster's area_ha {a!r} shown as {want}", want in nums,
              "not in any number cell")
    total = con.execute("SELECT total(area_ha) FROM clusters").fetchone()[0]
    want = vi(total, 2) if lang == "vi" else f"{total:.2f}"
    check(f"the clusters' total area {total!r} shown as {want}",
          want in nums, "not in any number cell")
    if total >= 1000 and lang == "vi":
        check("the total has a thousands dot", "." in want, want)
    if lang == "vi":
        # Prose cells (details, QA messages): every number with a
        # separator is written the Vietnamese way.
        prose = [t for c, t in p.cells if c == ""]
        badt = [m for t in prose for m in TOKEN.findall(t)
                if ("." in m or "," in m) and not VI_NUM.match(m)]
        check("every number in the text cells in the Vietnamese format",
              not badt, repr(badt[:5]))
        check("no ISO date anywhere", not ISO_DATE.search(text),
              repr(ISO_DATE.findall(text)[:3]))
        check("the run's times are dd/mm/yyyy",
              len(VI_DATE.findall(text)) >= 3, repr(VI_DATE.findall(text)))
        check("no rule syntax (!=)", "!=" not in text and "&#33;=" not in text)
        check("no 'phải không quá 0 ha'", "phải không quá 0 ha" not in text)
        n_r4 = con.execute("SELECT count(*) FROM proposal_checks WHERE "
                           "rule_id = 'R4' AND verdict IN ('pass','fail')"
                           ).fetchone()[0]
        # Counted in the proposals' section: the summary quotes the
        # detail of the rule that decided each proposal once more.
        props = text[text.find('<section id="proposals">'):]
        check(f"R4 says 'không được có đất ở' ({n_r4} proposals)",
              text.find('<section id="proposals">') > 0 and
              props.count("; không được có đất ở") == n_r4 and n_r4 > 0,
              str(props.count("; không được có đất ở")))
        n_r1 = con.execute("SELECT count(*) FROM proposal_checks WHERE "
                           "rule_id = 'R1' AND verdict = 'n/a'").fetchone()[0]
        check(f"R1's condition in words ({n_r1} proposals)", n_r1 > 0 and
              text.count("<td>không áp dụng cho cụm công nghiệp làng nghề "
                         "hoặc miền núi</td>") == n_r1)
        for en in ("invalid geometry", "overlap counted once",
                   "is not in the code table", "Self-intersection",
                   "text encoding", "counted under role unknown"):
            check(f"QA log: no English '{en}'", en not in text)
        qa = [r[0] for r in con.execute(
            "SELECT feature_id FROM qa_log WHERE problem LIKE "
            "'invalid geometry: %' AND feature_id <> ''")]
        for fid in qa:
            row = [t for c, t in p.cells if c == ""]
            check(f"QA log: {fid}'s invalid geometry in Vietnamese",
                  any(t.startswith("hình học không hợp lệ: ") for t in row))
        check("the note on the decimal point, once",
              text.count("giữ dấu chấm thập phân") == 1)
    else:
        check("English: the ISO date kept", bool(ISO_DATE.search(text)))
        check("English: no Vietnamese number format",
              not [t for t in nums if "," in t])
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
