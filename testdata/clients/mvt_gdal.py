"""Reads Footprint's vector tiles with GDAL's MVT driver, an independent
decoder, and checks each polygon: valid (OGR IsValid, GEOS) and wound as
MVT 2.1 asks. GDAL builds each polygon from the tile's rings by their
winding, as the specification says, and returns it in EPSG:3857 with y up,
where an exterior ring that was clockwise on screen (positive area in tile
coordinates) has a negative signed area and each hole a positive one.

    python3 mvt_gdal.py BASE_URL ZMIN ZMAX WEST SOUTH EAST NORTH

It fetches every tile from ZMIN to ZMAX over the bounds (degrees, WGS84),
prints one line per zoom and exits 1 if any polygon is invalid or wrongly
wound.
"""
import json
import math
import sys
import urllib.request

from osgeo import gdal, ogr

gdal.UseExceptions()


def tile_range(z, west, south, east, north):
    n = 2 ** z

    def tx(lon):
        return min(n - 1, max(0, int((lon + 180) / 360 * n)))

    def ty(lat):
        r = math.radians(lat)
        return min(n - 1, max(0, int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)))

    return range(tx(west), tx(east) + 1), range(ty(north), ty(south) + 1)


def signed_area(ring):
    pts = ring.GetPoints()
    a = 0.0
    for (x0, y0, *_), (x1, y1, *_) in zip(pts, pts[1:]):
        a += x0 * y1 - x1 * y0
    return a / 2


def polygons(g):
    t = ogr.GT_Flatten(g.GetGeometryType())
    if t == ogr.wkbPolygon:
        return [g]
    if t == ogr.wkbMultiPolygon:
        return [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    return []


def check_tile(base, z, x, y, stats):
    with urllib.request.urlopen(f"{base}/tiles/{z}/{x}/{y}.mvt") as r:
        data = r.read()
    path = f"/vsimem/{z}/{x}/{y}.mvt"
    gdal.FileFromMemBuffer(path, data)
    try:
        ds = gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["MVT"], open_options=[f"X={x}", f"Y={y}", f"Z={z}"])
        for i in range(ds.GetLayerCount()):
            layer = ds.GetLayer(i)
            for f in layer:
                stats["features"] += 1
                g = f.GetGeometryRef()
                if g is None or not g.IsValid():
                    stats["invalid"] += 1
                    if len(stats["examples"]) < 5:
                        stats["examples"].append(f"{z}/{x}/{y} {f.GetField('code')}")
                for p in polygons(g):
                    for k in range(p.GetGeometryCount()):
                        stats["rings"] += 1
                        a = signed_area(p.GetGeometryRef(k))
                        if (k == 0) != (a < 0):
                            stats["wound"] += 1
        ds = None
    finally:
        gdal.Unlink(path)


def main():
    base = sys.argv[1]
    zmin, zmax = int(sys.argv[2]), int(sys.argv[3])
    west, south, east, north = map(float, sys.argv[4:8])
    bad = False
    for z in range(zmin, zmax + 1):
        xs, ys = tile_range(z, west, south, east, north)
        stats = {"tiles": 0, "features": 0, "rings": 0, "invalid": 0, "wound": 0, "examples": []}
        for x in xs:
            for y in ys:
                stats["tiles"] += 1
                check_tile(base, z, x, y, stats)
        ok = stats["invalid"] == 0 and stats["wound"] == 0 and stats["features"] > 0
        bad = bad or not ok
        print(("ok   " if ok else "FAIL ") + f"z{z}: {stats['tiles']} tiles, {stats['features']} features, "
              f"{stats['rings']} rings; {stats['invalid']} invalid, {stats['wound']} rings wound the wrong way"
              + (f" (e.g. {', '.join(stats['examples'])})" if stats["examples"] else ""))
    sys.exit(1 if bad else 0)


main()
