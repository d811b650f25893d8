#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# report_print_check.py PDF HTML DB LANG LAYOUT MIN_PAGES MAX_PAGES:
# a report printed to PDF by a browser, read with poppler's pdfinfo and
# pdftotext (issue 18 item 5):
#   - the page count is within MIN_PAGES..MAX_PAGES, every page A4
#     (portrait, or landscape for the wide tables, which must exist);
#   - every page carries its number ("Trang N / M", "Page N of M") and
#     the run's date, worked out here from runs.started_utc;
#   - each table with a total row has it once: the lines of the printed
#     text that start with the total's word number the tables of the HTML
#     that have one (a repeated footer would add a line per page);
#   - the summary is page 1, whole (its last line, the free land in all,
#     is there), and holds each proposal with its verdict on its line;
#   - LAYOUT official: Decree 30/2020/NĐ-CP: the national heading and the
#     issuing body on page 1, Liberation Serif (Times New Roman's metrics)
#     embedded, text 13-14 pt, a 30-35 mm left and 15-20 mm right margin.
# Prints "ok ..." / "FAIL ..." lines; exits 1 on a failure.
import re
import sqlite3
import statistics
import subprocess
import sys
from html.parser import HTMLParser

MM = 72 / 25.4


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


class Totals(HTMLParser):
    """Tables whose first cell of a body row is `word`."""

    def __init__(self, word):
        super().__init__(convert_charrefs=True)
        self.word, self.n, self.in_table, self.cell, self.first = word, 0, False, None, True
        self.found = False

    def handle_starttag(self, tag, a):
        if tag == "table":
            self.in_table, self.found = True, False
        elif tag == "tr":
            self.first = True
        elif tag == "td" and self.first:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            if "".join(self.cell).strip() == self.word and not self.found:
                self.found = True
                self.n += 1
            self.cell, self.first = None, False
        elif tag == "td":
            self.first = False

    def handle_data(self, d):
        if self.cell is not None:
            self.cell.append(d)


def main():
    pdf, html, db, lang, layout, lo, hi = sys.argv[1:8]
    en = lang == "en"
    fails = 0

    def check(what, cond, why=""):
        nonlocal fails
        print(("ok   " if cond else "FAIL ") + what + ("" if cond else ": " + str(why)))
        fails += 0 if cond else 1

    info = run("pdfinfo", "-f", "1", "-l", "9999", pdf)
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(f"{n} pages, within {lo}..{hi}", int(lo) <= n <= int(hi))
    sizes = [tuple(map(float, m)) for m in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]
    a4 = lambda w, h: abs(w - 595.28) < 1.5 and abs(h - 841.89) < 1.5
    check("every page A4, portrait or landscape", len(sizes) == n and
          all(a4(w, h) or a4(h, w) for w, h in sizes), sizes[:3])
    check("the wide tables on landscape pages", any(w > h for w, h in sizes))
    started = sqlite3.connect(db).execute(
        "SELECT started_utc FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()[0]
    y, m, d = started[:10].split("-")
    date = f"{y}-{m}-{d}" if en else f"{d}/{m}/{y}"
    pages = [run("pdftotext", "-layout", "-f", str(i), "-l", str(i), pdf, "-") for i in range(1, n + 1)]
    no_num = [i for i, t in enumerate(pages, 1)
              if (f"Page {i} of {n}" if en else f"Trang {i} / {n}") not in t]
    check("every page carries its number", not no_num, no_num[:5])
    no_date = [i for i, t in enumerate(pages, 1) if date not in t]
    check(f"every page carries the run's date ({date})", not no_date, no_date[:5])

    word = "Total" if en else "Tổng"
    p = Totals(word)
    p.feed(open(html, encoding="utf-8").read())
    lines = [l for t in pages for l in t.splitlines() if re.match(rf"\s*{word}\s{{2,}}\S", l)]
    check(f"each total row printed once ({p.n} tables with a total, {len(lines)} total lines)",
          p.n >= 3 and len(lines) == p.n, lines[:5])

    # The summary is one page; in the official layout's 13 pt, two.
    k = 2 if layout == "official" else 1
    first = "".join(pages[:k])
    check("the summary opens page 1", ("Summary of findings" if en else "Tóm tắt kết quả") in pages[0])
    check(f"the summary is whole on page(s) 1..{k}", ("Free land in all" if en else "Tổng đất còn trống") in first)
    check(f"the map's section starts after it, on page {k + 1}", len(pages) > k and
          ("1. Overview map" if en else "1. Bản đồ tổng quan") in pages[k])
    words = {"pass": ("Đạt", "Pass"), "warn": ("Cảnh báo", "Warning"),
             "fail": ("Không đạt", "Fail"), "skipped": ("Chưa đánh giá", "Not assessed")}
    for pid, v in sqlite3.connect(db).execute("SELECT proposal_id, verdict FROM proposals ORDER BY fid"):
        line = next((l for l in first.splitlines() if l.strip().startswith(pid + " ")), "")
        check(f"page 1: {pid} with its verdict ({v})", words[v][1 if en else 0] in line, line)

    if layout == "official":
        check("national heading on page 1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
              and "Độc lập - Tự do - Hạnh phúc" in first)
        check("the issuing body on page 1", "SỞ CÔNG THƯƠNG HÀ NỘI" in first)
        fonts = run("pdffonts", pdf)
        check("Liberation Serif (Times New Roman's metrics) embedded", "LiberationSerif" in fonts, fonts)
        bbox = run("pdftotext", "-bbox", "-f", "2", "-l", "2", pdf, "-")
        words_ = [tuple(map(float, w)) for w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)]
        body = [w for w in words_ if w[3] < 841.89 - 22 * MM]  # above the page foot
        x0 = min(w[0] for w in body)
        x1 = max(w[2] for w in body)
        check(f"left margin 30-35 mm ({x0 / MM:.1f} mm)", 30 * MM - 1 <= x0 <= 35 * MM + 1)
        check(f"right margin at least 15 mm ({(595.28 - x1) / MM:.1f} mm)", 595.28 - x1 >= 15 * MM - 1)
        bbox1 = run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-")
        hs = [float(b) - float(a) for a, b in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', bbox1)]
        # A word's box is the font's ascent + descent, 0.891 + 0.216 em
        # in Liberation Serif: 13 pt text is 14.4 pt high, 14 pt 15.5.
        # The header's and the summary's text (tables are 10 pt, 11.1
        # high): the most common height of the words above 12 pt.
        med = statistics.mode(round(h, 1) for h in hs if h > 12) if hs else 0
        check(f"page 1's text 13-14 pt (most words {med:.1f} pt high)", 13 * 1.107 - 0.2 <= med <= 14 * 1.107 + 0.2)
    print("done")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
