# SPDX-License-Identifier: MIT
"""demo_subset.py GEODATA OUT [PREFIX,...]: a small copy of the bundled
demo for the tests whose subject is not its size (test_memcheck.sh,
test_atlas.sh, test_append.sh), written by GDAL into OUT.

The clusters of Đông Anh and Gia Lâm (the demo's one overlap, CCN-DA-01
with CCN-DA-03, and the cluster of DX-06's evidence) as a shapefile with
its .cpg; the two land-use maps cut to the parcels within 1 000 m (the
outer ring) of those clusters or inside a proposal, each a GeoPackage
zipped as the demo's are; and OUT/subset.scenario, the demo's scenario
over them (parks, proposals, codes and districts as they are), without
its atlas. Every analysis, product and input route of the demo run, on
a tenth of its parcels. PREFIX,... keeps other clusters instead (ids
starting so), e.g. CCN-DA-01,CCN-DA-03: the overlap alone.
"""
import os
import re
import sys
import zipfile

from osgeo import gdal, ogr

gdal.UseExceptions()
KEEP = ("CCN-DA-", "CCN-GL-")


def main():
    geo, out = sys.argv[1], os.path.abspath(sys.argv[2])
    keep = sys.argv[3].split(",") if len(sys.argv) > 3 else KEEP
    demo = os.path.join(geo, "demo")
    os.makedirs(out, exist_ok=True)
    where = " OR ".join(f"ma_ccn LIKE '{k}%'" for k in keep)
    gdal.VectorTranslate(os.path.join(out, "clusters.shp"),
                         os.path.join(demo, "hanoi_clusters_vn2000.shp"),
                         options=f"-where \"{where}\" -lco ENCODING=UTF-8")
    cl_ds = ogr.Open(os.path.join(out, "clusters.shp"))
    pr_ds = ogr.Open(os.path.join(demo, "hanoi_proposals_vn2000.gpkg"))
    area = ogr.Geometry(ogr.wkbMultiPolygon)
    parts = [f.GetGeometryRef().Buffer(1000, 8) for f in cl_ds.GetLayer(0)]
    parts += [f.GetGeometryRef().Clone() for f in pr_ds.GetLayer(0)]
    for g in parts:
        area = area.Union(g)
    for year in (2020, 2025):
        name = f"hanoi_landuse_{year}.gpkg"
        src = "/vsizip/" + os.path.join(demo, name + ".zip", name)
        gpkg = os.path.join(out, name)
        src_ds = ogr.Open(src)
        lyr = src_ds.GetLayer(0)
        lyr.SetSpatialFilter(area)  # the parcels the area touches, whole
        dst = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
        dst.CopyLayer(lyr, lyr.GetName())
        dst = src_ds = None
        with zipfile.ZipFile(gpkg + ".zip", "w", zipfile.ZIP_DEFLATED) as z:
            z.write(gpkg, name)
        os.remove(gpkg)
    text = open(os.path.join(demo, "hanoi.scenario"), encoding="utf-8").read()
    text = text.replace("hanoi_clusters_vn2000.shp",
                        os.path.join(out, "clusters.shp"))
    text = re.sub(r"hanoi_landuse_(\d+)\.gpkg\.zip",
                  lambda m: os.path.join(out, m.group(0)), text)
    text = re.sub(r"(= *|, *)(hanoi_\w+\.gpkg)\b",
                  lambda m: m.group(1) + os.path.join(demo, m.group(2)), text)
    text = text.replace("../real", os.path.join(geo, "real"))
    with open(os.path.join(out, "subset.scenario"), "w",
              encoding="utf-8") as f:
        f.write(text + "atlas = none\n")


if __name__ == "__main__":
    main()
