#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# report_summary_check.py REPORT.html DB LANG: issue 18 items 1 and 3,
# checked against what this script works out from the results database
# itself (Python's sqlite3, none of the report's SQL):
#   - the summary section comes first and holds each proposal's verdict
#     and the rule that decided it (the first, in the rule table's order,
#     whose result is the proposal's verdict), the five clusters with most
#     housing inside and within 500 m at the last date and with most
#     growth, the free land per cluster (least first) and its total;
#   - every link (#anchor) in the page leads to an element of the page;
#     each cluster and proposal has its stable anchor;
#   - the appendices (provenance, quality log) come after the analyses,
#     and the input files are shown relative to the scenario's folder;
#   - a chart per cluster with housing: one bar per zone and date with
#     housing, its tooltip giving the database's figure, and bar heights
#     in proportion to the figures.
# Prints "ok ..." / "FAIL ..." lines; exits 1 on a failure.
import re
import sqlite3
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.hrefs, self.sections = [], [], []
        self.sec = None
        self.text = {}          # section id -> its text
        self.rows = {}          # section id -> table rows (cell texts)
        self.row = self.cell = None
        self.charts = {}        # cluster id -> [(title, height)]
        self.chart = None
        self.rect = None
        self.title = None

    def handle_starttag(self, tag, a):
        a = dict(a)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "section":
            self.sec = a["id"]
            self.sections.append(a["id"])
            self.text[self.sec] = []
            self.rows[self.sec] = []
        if tag == "figure" and a.get("id", "").startswith("chart-"):
            self.chart = a["id"][6:]
            self.charts[self.chart] = []
        if tag == "rect" and self.chart is not None:
            self.rect = float(a["height"])
        if tag == "title" and self.rect is not None:
            self.title = []
        if tag == "tr":
            self.row = []
        if tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "title" and self.title is not None:
            self.charts[self.chart].append(("".join(self.title), self.rect))
            self.title = None
        if tag == "rect":
            self.rect = None
        if tag == "figure":
            self.chart = None
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        if tag == "tr" and self.row is not None and self.sec:
            self.rows[self.sec].append(self.row)
            self.row = None

    def handle_data(self, d):
        if self.title is not None:
            self.title.append(d)
        if self.cell is not None:
            self.cell.append(d)
        if self.sec:
            self.text[self.sec].append(d)


def main():
    path, db, lang = sys.argv[1:4]
    en = lang == "en"
    html = open(path, encoding="utf-8").read()
    p = Page()
    p.feed(html)
    con = sqlite3.connect(db)
    fails = 0

    def check(what, cond, why=""):
        nonlocal fails
        print(("ok   " if cond else "FAIL ") + what + ("" if cond else ": " + str(why)))
        fails += 0 if cond else 1

    def fmt(v, dec=2):
        s = f"{v:,.{dec}f}"
        return s.replace(",", "") if en else s.translate(str.maketrans(",.", ".,"))

    check("the summary is the first section", p.sections[:1] == ["summary"], p.sections)
    if "summary" not in p.sections:
        return 1
    order = p.sections
    check("the appendices come last: provenance, then the quality log",
          order[-2:] == ["provenance", "qa"] and order.index("proposals") < order.index("provenance"),
          order)
    summary_rows = p.rows["summary"]

    # Proposals: verdict and the deciding rule.
    words = {"pass": ("Đạt", "Pass"), "warn": ("Cảnh báo", "Warning"),
             "fail": ("Không đạt", "Fail"), "skipped": ("Chưa đánh giá", "Not assessed")}
    props = con.execute("SELECT proposal_id, verdict FROM proposals ORDER BY fid").fetchall()
    for pid, verdict in props:
        row = next((r for r in summary_rows if r and r[0].split(" ")[0] == pid), None)
        checks = con.execute("SELECT rule_id, verdict FROM proposal_checks WHERE proposal_id = ? ORDER BY pk", (pid,)).fetchall()
        decider = next((rid for rid, v in checks if v == verdict), None) if verdict != "pass" else None
        ok = row is not None and row[1] == words[verdict][1 if en else 0]
        if decider:
            ok = ok and row[2].startswith(decider + " ")
        check(f"summary: {pid} {verdict}" + (f", decided by {decider}" if decider else ""), ok, row)

    # Clusters with most housing inside and within 500 m, and most growth.
    rows = con.execute("SELECT cluster_id, zone, epoch, residential_ha FROM encroachment ORDER BY pk").fetchall()
    dates = []
    for r in rows:
        if r[2] not in dates:
            dates.append(r[2])

    def outer(z):
        return 0.0 if z == "inside" else float(z.split("_")[2])
    lim = max(outer(z) for _, z, _, _ in rows if outer(z) <= 500)
    near = {}
    for cid, z, e, ha in rows:
        if outer(z) <= lim and ha is not None:
            near.setdefault(cid, {}).setdefault(e, 0.0)
            near[cid][e] += ha
    with_housing = {cid for cid, _, _, ha in rows if ha and ha > 0}
    first = {}
    for cid, *_ in rows:
        first.setdefault(cid, len(first))
    ids = sorted(with_housing, key=lambda c: first[c])
    last_v = sorted(ids, key=lambda c: (-near.get(c, {}).get(dates[-1], 0), first[c]))[:5]
    growth = sorted(ids, key=lambda c: (-(near.get(c, {}).get(dates[-1], 0) - near.get(c, {}).get(dates[0], 0)), first[c]))[:5]
    txt = "".join(p.text["summary"])
    near_words = f"within {lim:.0f} m" if en else f"trong vòng {lim:.0f} m"
    check(f"'{near_words}': the rings out to 500 m, said", lim == 500 and near_words in txt, lim)
    for title, chosen, val in (("housing", last_v, lambda c: near[c][dates[-1]]),
                               ("growth", growth, lambda c: near[c][dates[-1]] - near[c].get(dates[0], 0))):
        got = [r for r in summary_rows if len(r) == 2 and r[0].split(" ")[0] in with_housing]
        want = [(c, fmt(val(c))) for c in chosen]
        have = [(r[0].split(" ")[0], r[1].lstrip("+")) for r in got]
        check(f"summary: the top five by {title}: {want}", all(w in have for w in want), have)
    # Free land, least first, and its total.
    free = con.execute("SELECT cluster_id, free_ha FROM reserve ORDER BY free_ha, fid").fetchall()
    li = re.findall(r'<ol class="free">(.*?)</ol>', html, re.S)
    items = re.findall(r'<li><a href="#reserve">([^<]*)</a> ([^<]*) ha</li>', li[0]) if li else []
    check("summary: free land per cluster, least first",
          items == [(c, fmt(v)) for c, v in free], items[:3])
    total = sum(v for _, v in free)
    check(f"summary: free land in all {fmt(total)} ha", fmt(total) + " ha" in txt)
    n_ov, ov_ha = con.execute("SELECT count(*), total(overlap_ha) FROM cluster_overlaps").fetchone()
    check(f"summary: {n_ov} overlap(s), {fmt(ov_ha)} ha", fmt(ov_ha) + " ha" in txt and f"{n_ov} " in txt)

    # Links and anchors.
    ids_set = set(p.ids)
    dangling = [h for h in p.hrefs if h.startswith("#") and h[1:] not in ids_set]
    check(f"every link of the page has its target ({len(p.hrefs)} links)", not dangling, dangling[:5])
    clusters = [r[0] for r in con.execute("SELECT id FROM clusters ORDER BY fid")]
    check("an anchor per cluster (cluster-<id>)", all("cluster-" + c in ids_set for c in clusters))
    check("an anchor per proposal (proposal-<id>)", all("proposal-" + c in ids_set for c, _ in props))

    # Paths relative to the scenario's folder.
    prov = p.rows["provenance"]
    files = [r[1] for r in prov if len(r) >= 7 and r[0] != ("Role" if en else "Vai trò")]
    check(f"inputs shown relative to the scenario's folder ({len(files)})",
          files and not [f for f in files if f.startswith("/") or ".." in f], files[:3])
    recorded = [r[0] for r in con.execute("SELECT DISTINCT file FROM run_inputs")]
    check("no recorded absolute path in the page", not [f for f in recorded if f.startswith("/") and f in html])

    # Charts: one per cluster with housing; bars from the database.
    check(f"a chart per cluster with housing ({len(ids)})", sorted(p.charts) == sorted(ids),
          sorted(set(ids) ^ set(p.charts))[:5])
    bad = []
    for cid in ids:
        want = [(e, ha) for c, z, e, ha in rows if c == cid and ha and ha > 0]
        bars = p.charts.get(cid, [])
        if len(bars) != len(want):
            bad.append((cid, "bars", len(bars), len(want)))
            continue
        for (title, h), (e, ha) in zip(bars, want):
            if not title.endswith(f"{e}: {fmt(ha)} ha"):
                bad.append((cid, title, fmt(ha)))
        # Height per hectare is one scale within a chart (0.1 unit rounding).
        k = [h / ha for (_, h), (_, ha) in zip(bars, want)]
        big = [(h, ha) for (_, h), (_, ha) in zip(bars, want) if h > 5]
        if big and any(abs(h - ha * big[0][0] / big[0][1]) > 0.11 + 0.02 * h for h, ha in big):
            bad.append((cid, "heights", k[:3]))
    check("each chart's bars: one per zone and date with housing, the database's figure, heights to scale",
          not bad, bad[:3])
    print("done")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
