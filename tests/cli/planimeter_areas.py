#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Ellipsoidal area of every feature of a WGS 84 GeoJSON file, computed by
GeographicLib's Planimeter command (an implementation independent of
zoneguard's), printed as "<index> <area_m2>" per feature.

For each polygon: |shell| - sum |holes|, as PostGIS geography does."""
import json
import subprocess
import sys


def ring_area(ring):
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    text = "\n".join("%.17g %.17g" % (p[1], p[0]) for p in pts)
    out = subprocess.run(["Planimeter", "-p", "10"], input=text,
                         capture_output=True, text=True, check=True).stdout
    return abs(float(out.split()[2]))


def main():
    fc = json.load(open(sys.argv[1], encoding="utf-8"))
    for i, f in enumerate(fc["features"]):
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        a = 0.0
        for p in polys:
            a += ring_area(p[0]) - sum(ring_area(h) for h in p[1:])
        print(i, repr(a))


main()
