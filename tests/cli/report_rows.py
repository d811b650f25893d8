#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# report_rows.py DB RUN_ID REPORT.html: the rows of an English report,
# each checked against what this script works out from the results
# database itself (Python's sqlite3 and plain Python, none of the
# report's SQL): row order, cluster ids and the names looked up for
# them, land-use codes, housing per zone and date with its change,
# housing built and removed, the proposals' headings and their rules.
# A report that takes a name from the wrong row or the wrong run, drops,
# repeats or reorders a row fails here.
#
# Only rows of run RUN_ID count. Numbers are compared to the database's
# within half a unit of the last decimal printed. Prints one line per
# problem and exits 1 when there is one; otherwise a count of what was
# checked.
import sqlite3
import sys
from html.parser import HTMLParser


class Sections(HTMLParser):
    """Per <section id>: its tables (lists of rows of cell texts, the
    header row included) and its h3 headings, in order."""

    def __init__(self):
        super().__init__()
        self.sec = None
        self.out = {}
        self.cell = None
        self.row = None
        self.h3 = None
        self.paras = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self.sec = a.get("id")
            self.out[self.sec] = {"tables": [], "h3": [], "p": []}
        elif self.sec is None:
            return
        elif tag == "table":
            self.out[self.sec]["tables"].append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "h3":
            self.h3 = []
        elif tag == "p":
            self.paras = []

    def handle_endtag(self, tag):
        if self.sec is None:
            return
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.out[self.sec]["tables"][-1].append(self.row)
            self.row = None
        elif tag == "h3" and self.h3 is not None:
            self.out[self.sec]["h3"].append("".join(self.h3).strip())
            self.h3 = None
        elif tag == "p" and self.paras is not None:
            self.out[self.sec]["p"].append("".join(self.paras).strip())
            self.paras = None
        elif tag == "section":
            self.sec = None

    def handle_data(self, data):
        for buf in (self.cell, self.h3, self.paras):
            if buf is not None:
                buf.append(data)


problems = []
checked = 0


def same(what, got, want):
    global checked
    checked += 1
    if got != want:
        problems.append("%s: report says %r, database %r" % (what, got, want))


def near(what, got, want):
    """A printed number against the database's: within half a unit of
    its last decimal ("—" for NULL; a leading + allowed)."""
    global checked
    checked += 1
    if want is None:
        if got != "—":
            problems.append("%s: report says %r, database NULL" % (what, got))
        return
    try:
        v = float(got.lstrip("+"))
    except ValueError:
        problems.append("%s: %r is not a number (database %r)"
                        % (what, got, want))
        return
    dec = len(got.split(".")[1]) if "." in got else 0
    if abs(v - want) > 0.5 * 10 ** -dec + 1e-9:
        problems.append("%s: report says %s, database %r" % (what, got, want))


def body(table):
    """The rows under the header, the total row (if any) left out."""
    return [r for r in table[1:] if r and r[0] != "Total"]


def main():
    db, run, html = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    p = Sections()
    with open(html, encoding="utf-8") as f:
        p.feed(f.read())
    S = p.out
    c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)

    def rows(sql):
        return c.execute(sql, (run,)).fetchall()

    # A cluster's name: that of its first row (by fid) in this run.
    names = {}
    for cid, name in rows("SELECT id, name FROM clusters WHERE run_id = ? "
                          "ORDER BY fid"):
        names.setdefault(cid, name)
    if not names:
        problems.append("run %d has no clusters" % run)

    # Clusters, in the order of the table.
    want = rows("SELECT id, name, area_ha FROM clusters WHERE run_id = ? "
                "ORDER BY fid")
    got = body(S["clusters"]["tables"][0])
    same("cluster rows", len(got), len(want))
    for g, (cid, name, ha) in zip(got, want):
        same("cluster id", g[0], cid)
        same("cluster %s name" % cid, g[1], name)
        near("cluster %s area" % cid, g[4], ha)

    # Overlaps: both names looked up.
    want = rows("SELECT id_a, id_b, overlap_ha FROM cluster_overlaps WHERE "
                "run_id = ? ORDER BY pk")
    got = body(S["overlaps"]["tables"][0]) if want else []
    same("overlap rows", len(got), len(want))
    for g, (a, b, ha) in zip(got, want):
        same("overlap ids", (g[0], g[2]), (a, b))
        same("overlap %s-%s names" % (a, b), (g[1], g[3]),
             (names.get(a, "—"), names.get(b, "—")))
        near("overlap %s-%s area" % (a, b), g[4], ha)

    # Land-use composition.
    want = rows("SELECT cluster_id, code, name_en, area_ha, share_pct FROM "
                "landuse_composition WHERE run_id = ? ORDER BY pk")
    got = body(S["landuse"]["tables"][0])
    same("land-use rows", len(got), len(want))
    for g, (cid, code, name_en, ha, pct) in zip(got, want):
        same("land-use row", (g[0], g[1], g[2]),
             (cid, names.get(cid, "—"), code))
        near("land-use %s %s area" % (cid, code), g[5], ha)
        near("land-use %s %s share" % (cid, code), g[6], pct)

    # Housing: one row per (cluster, zone) with housing at some date, in
    # the order of its first row; a column per date, in order of first
    # appearance; the change from the first date to the last; the sums of
    # housing built and removed in that cluster and zone.
    enc = rows("SELECT pk, cluster_id, zone, epoch, zone_ha, residential_ha "
               "FROM encroachment WHERE run_id = ? ORDER BY pk")
    epochs = []
    groups = {}
    for pk, cid, zone, epoch, zha, rha in enc:
        if epoch not in epochs:
            epochs.append(epoch)
        g = groups.setdefault((cid, zone), {"first": pk, "zone_ha": zha,
                                            "at": {}, "max": rha})
        g["zone_ha"] = max(g["zone_ha"], zha)
        g["max"] = max(g["max"], rha)
        g["at"].setdefault(epoch, rha)
    shown = sorted((g["first"], k) for k, g in groups.items()
                   if g["max"] > 0)
    built, removed = {}, {}
    for table, col, into in (("encroachment_new", "new_ha", built),
                             ("encroachment_lost", "lost_ha", removed)):
        for cid, zone, ha in rows("SELECT cluster_id, zone, %s FROM %s "
                                  "WHERE run_id = ? ORDER BY pk"
                                  % (col, table)):
            into[(cid, zone)] = into.get((cid, zone), 0.0) + ha
    got = body(S["encroachment"]["tables"][0]) if shown else []
    same("housing rows", len(got), len(shown))
    ne = len(epochs)
    for g, (_, key) in zip(got, shown):
        cid, zone = key
        grp = groups[key]
        same("housing row %s %s" % key, (g[0], g[1]),
             (cid, names.get(cid, "—")))
        near("housing %s %s zone area" % key, g[3], grp["zone_ha"])
        for k, e in enumerate(epochs):
            near("housing %s %s at %s" % (cid, zone, e), g[4 + k],
                 grp["at"].get(e))
        col = 4 + ne
        if ne > 1:
            first, last = grp["at"].get(epochs[0]), grp["at"].get(epochs[-1])
            near("housing %s %s change" % key, g[col],
                 None if first is None or last is None else last - first)
            col += 1
        near("housing %s %s built" % key, g[col], built.get(key, 0.0))
        near("housing %s %s removed" % key, g[col + 1],
             removed.get(key, 0.0))
    quiet = len({cid for (cid, _), gr in groups.items()} -
                {cid for (cid, _), gr in groups.items() if gr["max"] > 0})
    note = [t for t in S["encroachment"]["p"] if "other clusters" in t]
    same("clusters without housing", note[0].split()[0] if note else None,
         str(quiet) if quiet and shown else None)

    # Proposals: a heading per proposal (in the order of its first rule),
    # with its name and verdict, then its rules in order.
    order, checks = [], {}
    for pid, rule, value in rows("SELECT proposal_id, rule_id, value FROM "
                                 "proposal_checks WHERE run_id = ? "
                                 "ORDER BY pk"):
        if pid not in checks:
            order.append(pid)
            checks[pid] = []
        checks[pid].append((rule, value))
    pinfo = {}
    for pid, name, verdict in rows("SELECT proposal_id, name, verdict FROM "
                                   "proposals WHERE run_id = ? ORDER BY fid"):
        pinfo.setdefault(pid, (name, verdict))
    words = {"pass": "Pass", "warn": "Warning", "fail": "Fail",
             "skipped": "Not assessed", "n/a": "Not applicable"}
    heads = [h for h in S["proposals"]["h3"] if h != "Evidence"]
    same("proposal headings", len(heads), len(order))
    tables = S["proposals"]["tables"][1:1 + len(order)]
    for h, t, pid in zip(heads, tables, order):
        name, verdict = pinfo.get(pid, (None, None))
        same("proposal %s heading" % pid, h,
             "%s — %s %s" % (pid, name, words[verdict]))
        got = body(t)
        same("proposal %s rules" % pid, [r[0] for r in got],
             [r for r, _ in checks[pid]])
        for g, (rule, value) in zip(got, checks[pid]):
            near("proposal %s %s value" % (pid, rule), g[2], value)

    for m in problems[:40]:
        print(m)
    if problems:
        print("%d of %d checks failed" % (len(problems), checked))
        return 1
    print("%d checks of run %d" % (checked, run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
