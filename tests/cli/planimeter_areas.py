#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Ellipsoidal area of every feature of a WGS 84 GeoJSON file, computed by
GeographicLib's Planimeter command (an implementation independent of
zoneguard's), printed as "<index> <area_m2>" per feature.

For each polygon: |shell| - sum |holes|, as PostGIS geography does."""
import json
import subprocess
import sys


def ring_areas(rings):
    """|area| of each ring, from one Planimeter process: a blank line ends
    a polygon, and Planimeter prints one line per polygon."""
    text = "".join("".join("%.17g %.17g\n" % (p[1], p[0])
                           for p in (r[:-1] if r[0] == r[-1] else r)) + "\n"
                   for r in rings)
    out = subprocess.run(["Planimeter", "-p", "10"], input=text,
                         capture_output=True, text=True, check=True).stdout
    areas = [abs(float(line.split()[2])) for line in out.splitlines()]
    if len(areas) != len(rings):
        sys.exit("Planimeter gave %d areas for %d rings" % (len(areas), len(rings)))
    return areas


def main():
    fc = json.load(open(sys.argv[1], encoding="utf-8"))
    polys = []  # (feature index, [shell, holes...])
    for i, f in enumerate(fc["features"]):
        g = f["geometry"]
        for p in g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]:
            polys.append((i, p))
    areas = iter(ring_areas([r for _, p in polys for r in p]))
    total = [0.0] * len(fc["features"])
    for i, p in polys:
        total[i] += next(areas) - sum(next(areas) for _ in p[1:])
    for i, a in enumerate(total):
        print(i, repr(a))


main()
