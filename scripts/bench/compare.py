#!/usr/bin/python3
"""compare.py: do the benchmark routes agree on the numbers?

Reads the per-(cluster, code) areas each route produced and prints, for every
pair of routes, the worst difference. Uncovered area is compared as code NONE
(zoneguard's name for what no parcel covers).

  compare.py --pg-comp pg_comp.csv --pg-uncov pg_uncov.csv
             --sl SPATIALITE.sqlite [--zg OUT.sqlite] [--tol 1e-6]

pg_comp.csv:  cluster_id,code,area_m2            (psql \\copy ... CSV HEADER)
pg_uncov.csv: cluster_id,cluster_m2,uncovered_m2
SPATIALITE.sqlite: tables sl_comp, sl_uncov with the same columns
OUT.sqlite (zoneguard): table landuse_composition(cluster_id, code, role,
  area_ha, share_pct, ...)

A key passes when |a - b| <= --tol * max(|a|, |b|) (default 1e-6) or
|a - b| <= --abs-tol (default 0.1 m² = 1e-5 ha, for tiny pieces); a key missing
on one side counts as 0 there. The worst relative difference is printed over
keys of at least 1 m², the worst absolute over all keys; composition (real
codes) and uncovered (NONE) are reported apart. Exit status 0 if every compared pair is within --tol, 1 if
not, 2 if an input is missing. Python 3 standard library only.
"""
import argparse
import csv
import os
import sqlite3
import sys


def load_csv_comp(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            a = r["area_m2"]
            out[(r["cluster_id"], r["code"])] = float(a) if a else 0.0
    return out


def add_csv_uncov(path, d):
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            u = r["uncovered_m2"]
            d[(r["cluster_id"], "NONE")] = float(u) if u else 0.0


def load_sqlite(path, comp_sql, uncov_sql=None):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        out = {}
        for cid, code, a in con.execute(comp_sql):
            key = (str(cid), code if code is not None else "NONE")
            out[key] = out.get(key, 0.0) + (a or 0.0)
        if uncov_sql:
            for cid, u in con.execute(uncov_sql):
                out[(str(cid), "NONE")] = u or 0.0
        return out
    finally:
        con.close()


def compare(name_a, a, name_b, b, tol, abs_tol, what, sel):
    """Worst differences over the keys selected by sel(key). A key passes when
    |a-b| <= tol * max(|a|, |b|) or |a-b| <= abs_tol (tiny pieces)."""
    keys = [k for k in set(a) | set(b) if sel(k)]
    worst_rel = (0.0, None, 0.0, 0.0)
    worst_abs = (0.0, None, 0.0, 0.0)
    bad = 0
    for k in sorted(keys):
        x, y = a.get(k, 0.0), b.get(k, 0.0)
        d = abs(x - y)
        m = max(abs(x), abs(y))
        rel = d / m if m > 0 else 0.0
        if rel > tol and d > abs_tol:
            bad += 1
        if m >= 1.0 and rel > worst_rel[0]:
            worst_rel = (rel, k, x, y)
        if d > worst_abs[0]:
            worst_abs = (d, k, x, y)

    def fmt(w):
        if w[1] is None:
            return "0 (all equal)"
        return "%.3e at %s %s (%.6f vs %.6f m²)" % (w[0], w[1][0], w[1][1],
                                                   w[2], w[3])
    verdict = "OK" if bad == 0 else "DIFFER (%d keys)" % bad
    print("%-10s vs %-10s %-11s %5d keys: %s\n    worst relative %s\n"
          "    worst absolute %s" % (name_a, name_b, what, len(keys), verdict,
                                     fmt(worst_rel), fmt(worst_abs)))
    return bad == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg-comp")
    ap.add_argument("--pg-uncov")
    ap.add_argument("--sl")
    ap.add_argument("--zg")
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--abs-tol", type=float, default=0.1,
                    help="m²; default 0.1 m² = 1e-5 ha (numbers.md)")
    a = ap.parse_args()
    routes = []
    if a.pg_comp and os.path.exists(a.pg_comp):
        pg = load_csv_comp(a.pg_comp)
        if a.pg_uncov and os.path.exists(a.pg_uncov):
            add_csv_uncov(a.pg_uncov, pg)
        routes.append(("postgis", pg))
    if a.sl and os.path.exists(a.sl):
        routes.append(("spatialite", load_sqlite(
            a.sl, "SELECT cluster_id, code, area_m2 FROM sl_comp",
            "SELECT cluster_id, uncovered_m2 FROM sl_uncov")))
    if a.zg and os.path.exists(a.zg):
        try:
            routes.append(("zoneguard", load_sqlite(
                a.zg, "SELECT cluster_id, code, area_ha * 10000.0 "
                      "FROM landuse_composition")))
        except sqlite3.Error as e:
            print("zoneguard output %s not comparable: %s" % (a.zg, e))
    if len(routes) < 2:
        print("compare: fewer than two routes' results to compare")
        return 2
    for name, d in routes:
        tot = sum(v for k, v in d.items() if k[1] != "NONE")
        unc = sum(v for k, v in d.items() if k[1] == "NONE")
        print("%-10s: %6d (cluster, code) keys, covered %.4f ha, "
              "uncovered %.4f ha" % (name, len(d), tot / 1e4, unc / 1e4))
    print("pass: relative difference <= %g, or absolute <= %g m²"
          % (a.tol, a.abs_tol))
    ok = True
    for what, sel in (("composition", lambda k: k[1] != "NONE"),
                      ("uncovered", lambda k: k[1] == "NONE")):
        for i in range(len(routes)):
            for j in range(i + 1, len(routes)):
                ok &= compare(routes[i][0], routes[i][1], routes[j][0],
                              routes[j][1], a.tol, a.abs_tol, what, sel)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
