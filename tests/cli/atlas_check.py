# SPDX-License-Identifier: MIT
"""atlas_check.py RESULTS.sqlite ATLAS.pdf flagged|all vi|en

Checks an atlas against its results database with tools other than
zoneguard: the page list (sqlite3, by the rule of the README), the text
of each page (poppler's pdftotext), the scale 1:N (the feature's extent
in the run's plane CRS by OGR, plus the outermost ring, must fit a frame
of 160 x 168 mm at N and not at the round scale before it) and the grid
labels (plane metres inside the frame so placed). Prints one line per
failure and exits 1 if any.
"""
import re
import sqlite3
import subprocess
import sys

from osgeo import ogr, osr

SCALES = [1000, 2000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
          500000, 1000000]
FRAME_MM = (160.0, 168.0)
# "skipped": a rule's input missing (README, check); demo_subset.py's
# copy has one such proposal (DX-07: the cluster it expands left out).
VERDICT = {"vi": {"pass": "đạt", "fail": "không đạt", "warn": "cảnh báo",
                  "skipped": "bỏ qua"},
           "en": {"pass": "pass", "fail": "fail", "warn": "warning",
                  "skipped": "skipped"}}


def main():
    db_path, pdf, mode, lang = sys.argv[1:5]
    fails = []
    db = sqlite3.connect(db_path)
    run = db.execute("SELECT max(run_id) FROM runs").fetchone()[0]
    opts = db.execute("SELECT options FROM runs WHERE run_id = ?",
                      (run,)).fetchone()[0]
    plane = re.findall(r"plane_crs=(\S+)", opts)[-1]
    rings = [float(v) for r in re.findall(r"rings_m=(\S+)", opts)[-1:]
             for v in r.split(",")]
    tables = {t for (t,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    y, mo, d = db.execute("SELECT substr(started_utc, 1, 10) FROM runs "
                          "WHERE run_id = ?", (run,)).fetchone()[0].split("-")
    run_date = (f"lượt chạy ngày {d}/{mo}/{y}" if lang == "vi"
                else f"run of {y}-{mo}-{d}")
    pages = [("proposal", i, n) for i, n in db.execute(
        "SELECT proposal_id, name FROM proposals WHERE run_id = ? "
        "ORDER BY proposal_id", (run,))] if "proposals" in tables else []
    flagged = "" if mode == "all" else (
        " AND (id IN (SELECT cluster_id FROM encroachment WHERE run_id = ?1"
        " AND zone = 'inside' AND residential_ha > 0) OR id IN (SELECT "
        "cluster_id FROM encroachment_new WHERE run_id = ?1 AND zone <> "
        "'inside' AND new_ha > 0))")
    pages += [("cluster", i, n) for i, n in db.execute(
        "SELECT id, name FROM clusters WHERE run_id = ?1" + flagged +
        " ORDER BY id", (run,))]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True,
                          check=True).stdout
    npages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if npages != len(pages):
        fails.append(f"pages: {npages}, expected {len(pages)}")
    print(f"pages {npages}")

    # Extents in the plane CRS, by OGR.
    ds = ogr.Open(db_path)
    dst = osr.SpatialReference()
    dst.SetFromUserInput(plane)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    env = {}
    for table, key in (("proposals", "proposal_id"), ("clusters", "id")):
        lyr = ds.GetLayerByName(table)
        if lyr is None:
            continue
        src = lyr.GetSpatialRef().Clone()
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ct = osr.CoordinateTransformation(src, dst)
        lyr.SetAttributeFilter(f"run_id = {run}")
        for f in lyr:
            g = f.GetGeometryRef().Clone()
            g.Transform(ct)
            env[f.GetField(key)] = g.GetEnvelope()  # minx, maxx, miny, maxy

    for no, (kind, fid, name) in enumerate(pages[:npages], 1):
        text = subprocess.run(["pdftotext", "-f", str(no), "-l", str(no),
                               "-layout", pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
        flat = " ".join(text.split())
        where = f"page {no} ({fid})"
        if fid not in flat:
            fails.append(f"{where}: id missing")
        if name and " ".join(name.split()) not in flat:
            fails.append(f"{where}: name '{name}' missing")
        if f"{no}/{npages}" not in flat:
            fails.append(f"{where}: page number {no}/{npages} missing")
        if run_date not in flat:
            fails.append(f"{where}: the run's date '{run_date}' missing")
        if kind == "proposal":
            v = db.execute("SELECT verdict FROM proposals WHERE run_id = ? "
                           "AND proposal_id = ?", (run, fid)).fetchone()[0]
            word = ("Kết luận: " if lang == "vi" else "Verdict: ") + \
                VERDICT[lang][v]
            if word not in flat:
                fails.append(f"{where}: verdict '{word}' missing")
            # Each piece of evidence, in words: rule, kind, other id, ha.
            for rule, other, ha in db.execute(
                    "SELECT rule_id, coalesce(other_id, ''), area_ha FROM "
                    "proposal_evidence WHERE run_id = ? AND proposal_id = ?",
                    (run, fid)):
                h = f"{ha:.2f}"
                h = h.replace(".", ",") if lang == "vi" else h
                pat = rf"{rule} [^:]*{re.escape(other)}: {re.escape(h)} ha"
                if not re.search(pat, flat):
                    fails.append(f"{where}: evidence '{pat}' missing")
            area = db.execute("SELECT area_ha FROM proposals WHERE run_id = "
                              "? AND proposal_id = ?", (run, fid)).fetchone()[0]
        else:
            area = db.execute("SELECT area_ha FROM clusters WHERE run_id = ? "
                              "AND id = ?", (run, fid)).fetchone()[0]
            # The housing table: a row per zone, its hectares at each date
            # and what is new (sqlite3's rows, formatted here).
            rows = {}
            for zone, ha in [] if "encroachment" not in tables else db.execute(
                    "SELECT zone, residential_ha FROM encroachment WHERE "
                    "run_id = ? AND cluster_id = ? ORDER BY pk", (run, fid)):
                rows.setdefault(zone, []).append(ha)
            for zone, new in [] if "encroachment_new" not in tables else db.execute(
                    "SELECT zone, sum(new_ha) FROM encroachment_new WHERE "
                    "run_id = ? AND cluster_id = ? GROUP BY zone",
                    (run, fid)):
                rows.setdefault(zone, []).append(new)
            for zone, vals in rows.items():
                m = re.fullmatch(r"ring_(\d+)_(\d+)", zone)
                label = f"{m.group(1)}–{m.group(2)} m" if m else (
                    "bên trong" if lang == "vi" else "inside")
                cells = [f"{v:.2f}" for v in vals]
                if lang == "vi":
                    cells = [c.replace(".", ",") for c in cells]
                row = " ".join([label] + cells)
                if row not in flat:
                    fails.append(f"{where}: housing row '{row}' missing")
        a = f"{area:.2f}"
        a = a.replace(".", ",") if lang == "vi" else a
        head = "Diện tích " if lang == "vi" else "Area "
        if head + a + " ha" not in flat:
            fails.append(f"{where}: area '{head}{a} ha' missing")
        # The scale: the smallest of the list at which the extent and its
        # outermost ring fit the frame.
        m = re.search(r"(?:Tỷ lệ|Scale) 1:([\d.]+)", flat)
        if not m:
            fails.append(f"{where}: no scale 1:N")
            continue
        n = int(m.group(1).replace(".", "")) if lang == "vi" else \
            int(m.group(1))
        x0, x1, y0, y1 = env[fid]
        # Without rings (a run of no encroachment): a fifth of the
        # feature's size around it, 50 m at least.
        pad = max(rings) if rings else max(50, 0.2 * max(x1 - x0, y1 - y0))
        w, h = x1 - x0 + 2 * pad, y1 - y0 + 2 * pad
        need = max(w * 1000 / FRAME_MM[0], h * 1000 / FRAME_MM[1])
        want = next(s for s in SCALES if s >= need)
        if n != want:
            fails.append(f"{where}: scale 1:{n}, expected 1:{want} (extent "
                         f"{w:.0f} x {h:.0f} m)")
        # Grid labels: plane metres within the frame at that scale,
        # centred on the feature; eastings below 1e6, northings above.
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        fw, fh = FRAME_MM[0] * n / 1000, FRAME_MM[1] * n / 1000
        pat = r"(?<![\d:.,])(\d{1,3}(?:\.\d{3})+)(?![\d,])" if lang == "vi" \
            else r"(?<![\d:.,])(\d{6,7})(?![\d.,])"
        vals = [int(t.replace(".", "")) for t in re.findall(pat, flat)]
        east = sorted({v for v in vals if 100000 <= v < 1000000})
        north = sorted({v for v in vals if v >= 1000000})
        if len(east) < 2 or len(north) < 2:
            fails.append(f"{where}: grid labels {east} {north}")
            continue
        for v in east:
            if not cx - fw / 2 <= v <= cx + fw / 2:
                fails.append(f"{where}: easting {v} outside the frame "
                             f"{cx - fw / 2:.0f}..{cx + fw / 2:.0f}")
        for v in north:
            if not cy - fh / 2 <= v <= cy + fh / 2:
                fails.append(f"{where}: northing {v} outside the frame "
                             f"{cy - fh / 2:.0f}..{cy + fh / 2:.0f}")
        steps = {b - a for a, b in zip(east, east[1:])} | \
            {b - a for a, b in zip(north, north[1:])}
        if len(steps) != 1:
            fails.append(f"{where}: grid not evenly spaced: {steps}")
    for f in fails:
        print("FAIL", f)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
