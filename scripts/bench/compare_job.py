#!/usr/bin/python3
"""compare_job.py: do PostGIS's full job and `zoneguard run` agree?

  compare_job.py --pg DIR --zg RESULTS.sqlite --epochs 2020,2025
                 [--tol 1e-6] [--abs-tol-m2 0.1] [--abs-tol-m 0.001]

DIR holds bench_run.sh's PostGIS CSV files (pg_areas, pg_overlaps, pg_comp,
pg_uncov, pg_encroach, pg_nearest, pg_reserve, pg_proposals .csv);
RESULTS.sqlite is `zoneguard run`'s database. For each figure it prints the
keys compared, those only one side has, the worst relative difference (over
values of at least 1 m² or 1 m) and the worst absolute one. A key passes
within --tol relative, or --abs-tol-m2 (areas; 1e-5 ha, the tiny-pieces
tolerance of numbers.md) or --abs-tol-m (distances). A key missing on one
side counts as 0 there (PostGIS lists pieces that only touch, zoneguard
drops pieces under 0.01 m²); a distance missing on one side is a
difference. Exit 0 if all pass, 1 if not, 2 if an input is missing.
Python 3 standard library only.
"""
import argparse
import csv
import math
import os
import sqlite3
import sys


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(v):
    if v is None or v == "":
        return None
    return float(v)


class Report:
    def __init__(self, tol, abs_m2, abs_m):
        self.tol, self.abs_m2, self.abs_m = tol, abs_m2, abs_m
        self.ok = True

    def compare(self, what, pg, zg, unit):
        """pg, zg: dict key -> value (m² for areas, m for distances)."""
        abs_tol = self.abs_m2 if unit == "m2" else self.abs_m
        keys = sorted(set(pg) | set(zg))
        only_pg = sum(1 for k in keys if k not in zg)
        only_zg = sum(1 for k in keys if k not in pg)
        bad = 0
        wr = (0.0, None, 0.0, 0.0)
        wa = (0.0, None, 0.0, 0.0)
        for k in keys:
            x, y = pg.get(k), zg.get(k)
            if unit == "m2":
                x, y = x or 0.0, y or 0.0
            elif x is None or y is None:
                if x is not None or y is not None:
                    bad += 1
                continue
            d = abs(x - y)
            m = max(abs(x), abs(y))
            rel = d / m if m > 0 else 0.0
            if rel > self.tol and d > abs_tol:
                bad += 1
            if m >= 1.0 and rel > wr[0]:
                wr = (rel, k, x, y)
            if d > wa[0]:
                wa = (d, k, x, y)

        def fmt(w, u):
            if w[1] is None:
                return "0"
            return "%.3g at %s (PostGIS %.6f, zoneguard %.6f %s)" % (
                w[0], "/".join(str(p) for p in w[1]), w[2], w[3],
                "m²" if u == "m2" else "m")
        verdict = "OK" if bad == 0 else "DIFFER (%d keys)" % bad
        self.ok &= bad == 0
        print("%-34s %5d keys (only PostGIS %d, only zoneguard %d): %s"
              % (what, len(keys), only_pg, only_zg, verdict))
        print("    worst relative %s" % fmt(wr, unit))
        print("    worst absolute %s" % fmt(wa, unit))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", required=True)
    ap.add_argument("--zg", required=True)
    ap.add_argument("--epochs", required=True)
    ap.add_argument("--tol", type=float, default=1e-6)
    ap.add_argument("--abs-tol-m2", type=float, default=0.1)
    ap.add_argument("--abs-tol-m", type=float, default=0.001)
    a = ap.parse_args()
    e1, e2 = a.epochs.split(",")
    need = ["pg_areas", "pg_overlaps", "pg_comp", "pg_uncov", "pg_encroach",
            "pg_nearest", "pg_reserve", "pg_proposals"]
    P = {}
    for n in need:
        p = os.path.join(a.pg, n + ".csv")
        if not os.path.exists(p):
            print("compare_job: %s missing (PostGIS did not finish?)" % p)
            return 2
        P[n] = read_csv(p)
    if not os.path.exists(a.zg):
        print("compare_job: %s missing (zoneguard run did not finish?)" % a.zg)
        return 2
    con = sqlite3.connect("file:%s?mode=ro" % a.zg, uri=True)
    q = con.execute
    R = Report(a.tol, a.abs_tol_m2, a.abs_tol_m)
    print("pass: relative <= %g, or absolute <= %g m² (areas) / %g m "
          "(distances)" % (a.tol, a.abs_tol_m2, a.abs_tol_m))

    # areas
    for col in ("area_ha", "area_plane_ha"):
        R.compare("clusters." + col,
                  {(r["cluster_id"],): float(r[col]) * 1e4 for r in P["pg_areas"]},
                  {(i,): v * 1e4 for i, v in q("SELECT id, %s FROM clusters" % col)},
                  "m2")
    # overlaps (unordered pairs)
    R.compare("cluster_overlaps.overlap_ha",
              {tuple(sorted((r["id_a"], r["id_b"]))): float(r["overlap_ha"]) * 1e4
               for r in P["pg_overlaps"]},
              {tuple(sorted((x, y))): v * 1e4 for x, y, v in
               q("SELECT id_a, id_b, overlap_ha FROM cluster_overlaps")}, "m2")
    print("    (PostGIS %d overlapping pairs, zoneguard %d)" % (
        len(P["pg_overlaps"]),
        q("SELECT count(*) FROM cluster_overlaps").fetchone()[0]))
    # land-use composition and uncovered
    R.compare("landuse_composition (cluster, code)",
              {(r["cluster_id"], r["code"]): float(r["area_m2"])
               for r in P["pg_comp"]},
              {(c, k): v * 1e4 for c, k, v in q(
                  "SELECT cluster_id, code, area_ha FROM landuse_composition "
                  "WHERE code <> 'NONE'")}, "m2")
    R.compare("landuse_composition NONE",
              {(r["cluster_id"],): float(r["uncovered_m2"]) for r in P["pg_uncov"]},
              {(c,): v * 1e4 for c, v in q(
                  "SELECT cluster_id, area_ha FROM landuse_composition "
                  "WHERE code = 'NONE'")}, "m2")
    roles_pg = {(r["cluster_id"], r["code"]): r["role"] for r in P["pg_comp"]}
    roles_zg = {(c, k): r for c, k, r in q(
        "SELECT cluster_id, code, role FROM landuse_composition")}
    nrole = sum(1 for k, r in roles_pg.items()
                if k in roles_zg and roles_zg[k] != r)
    print("%-34s %5d keys in both: %s" % ("landuse_composition.role",
          len(set(roles_pg) & set(roles_zg)),
          "OK" if nrole == 0 else "DIFFER (%d keys)" % nrole))
    R.ok &= nrole == 0
    # encroachment: zone areas, housing per zone and date, new and lost
    enc = P["pg_encroach"]
    R.compare("encroachment.zone_ha",
              {(r["cluster_id"], r["zone"]): float(r["zone_ha"]) * 1e4 for r in enc},
              {(c, z): v * 1e4 for c, z, v in q(
                  "SELECT cluster_id, zone, zone_ha FROM encroachment "
                  "WHERE epoch = ?", (e2,))}, "m2")
    for ep, col in ((e1, "resid_1_ha"), (e2, "resid_2_ha")):
        R.compare("encroachment.residential_ha " + ep,
                  {(r["cluster_id"], r["zone"]): float(r[col]) * 1e4 for r in enc},
                  {(c, z): v * 1e4 for c, z, v in q(
                      "SELECT cluster_id, zone, residential_ha FROM "
                      "encroachment WHERE epoch = ?", (ep,))}, "m2")
    R.compare("encroachment_new.new_ha",
              {(r["cluster_id"], r["zone"]): float(r["new_ha"]) * 1e4 for r in enc},
              {(c, z): v * 1e4 for c, z, v in q(
                  "SELECT cluster_id, zone, new_ha FROM encroachment_new")}, "m2")
    R.compare("encroachment_lost.lost_ha",
              {(r["cluster_id"], r["zone"]): float(r["lost_ha"]) * 1e4 for r in enc},
              {(c, z): v * 1e4 for c, z, v in q(
                  "SELECT cluster_id, zone, lost_ha FROM encroachment_lost")}, "m2")
    R.compare("clusters.nearest_residential_m",
              {(r["cluster_id"],): num(r["nearest_m"]) for r in P["pg_nearest"]},
              {(i,): v for i, v in q(
                  "SELECT id, nearest_residential_m FROM clusters")}, "m")
    # free land
    for col in ("cluster_ha", "residential_ha", "water_ha",
                "other_unbuildable_ha", "free_ha"):
        R.compare("reserve." + col,
                  {(r["cluster_id"],): float(r[col]) * 1e4 for r in P["pg_reserve"]},
                  {(c,): (v or 0.0) * 1e4 for c, v in q(
                      "SELECT cluster_id, %s FROM reserve" % col)}, "m2")
    # proposals: the measures the rules read
    pp = {r["proposal_id"]: r for r in P["pg_proposals"]}
    for col in ("area_ha", "area_plane_ha", "residential_ha", "luc_ha",
                "cluster_overlap_ha"):
        R.compare("proposals." + col,
                  {(k,): float(r[col]) * 1e4 for k, r in pp.items()},
                  {(i,): (v or 0.0) * 1e4 for i, v in q(
                      "SELECT proposal_id, %s FROM proposals" % col)}, "m2")
    R.compare("proposals.min_dist_residential_m",
              {(k,): num(r["min_dist_residential_m"]) for k, r in pp.items()},
              {(i,): v for i, v in q(
                  "SELECT proposal_id, min_dist_residential_m FROM proposals")},
              "m")
    for rule, col in (("R13", "resid_growth_rings_ha"),
                      ("R3", "expansion_total_ha"),
                      ("R14", "existing_area_ha")):
        R.compare("proposal_checks %s (%s)" % (rule, col),
                  {(k,): num(r[col]) * 1e4 for k, r in pp.items()
                   if num(r[col]) is not None},
                  {(i,): v * 1e4 for i, v in q(
                      "SELECT proposal_id, value FROM proposal_checks "
                      "WHERE rule_id = ? AND value IS NOT NULL", (rule,))},
                  "m2")
    con.close()
    return 0 if R.ok else 1


if __name__ == "__main__":
    sys.exit(main())
