"""Reads Footprint's GeoJSON layers with GDAL and checks each polygon:
valid (OGR IsValid, GEOS) and wound as RFC 7946 asks, exterior rings
anticlockwise and holes clockwise.

    python3 geojson_gdal.py BASE_URL PATH...
"""
import json
import sys
import urllib.request

from osgeo import gdal, ogr

gdal.UseExceptions()


def signed_area(ring):
    a = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        a += x0 * y1 - x1 * y0
    return a / 2


def main():
    base, paths = sys.argv[1], sys.argv[2:]
    bad = False
    for path in paths:
        with urllib.request.urlopen(base + path) as r:
            fc = json.load(r)
        n = invalid = wound = 0
        examples = []
        for f in fc["features"]:
            g = f["geometry"]
            n += 1
            if g["type"] not in ("Polygon", "MultiPolygon"):
                continue
            og = ogr.CreateGeometryFromJson(json.dumps(g))
            if og is None or not og.IsValid():
                invalid += 1
                examples.append(str(f["properties"].get("code")))
            polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
            for p in polys:
                for k, ring in enumerate(p):
                    if (k == 0) != (signed_area(ring) > 0):
                        wound += 1
        ok = invalid == 0 and wound == 0
        bad = bad or not ok
        print(("ok   " if ok else "FAIL ") + f"{path}: {n} features; {invalid} invalid, {wound} rings wound the wrong way"
              + (f" (e.g. {', '.join(examples[:5])})" if examples else ""))
    sys.exit(1 if bad else 0)


main()
