"""Renders Footprint's vector tiles in QGIS, headless, and counts the pixels
they fill: QGIS follows MVT 2.1, so rings wound the wrong way draw as holes
and fill almost nothing.

    QT_QPA_PLATFORM=offscreen python3 qgis_tiles.py TILEJSON_URL OUT.png WEST SOUTH EAST NORTH

It reads the TileJSON document at TILEJSON_URL (tiles, minzoom, maxzoom,
vector_layers, attribution), makes a QGIS vector tile layer of it, renders
the bounds (degrees, WGS84) at 512 × 512 pixels in Web Mercator, saves the
image and prints the share of pixels filled, in per cent.
"""
import json
import sys
import urllib.parse
import urllib.request

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFillSymbol,
                       QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle,
                       QgsVectorTileBasicRenderer, QgsVectorTileBasicRendererStyle, QgsVectorTileLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor


def main():
    url, out = sys.argv[1], sys.argv[2]
    west, south, east, north = map(float, sys.argv[3:7])
    with urllib.request.urlopen(url) as r:
        tj = json.load(r)
    assert tj["tilejson"].startswith("3."), tj["tilejson"]
    layer_id = tj["vector_layers"][0]["id"]
    uri = "type=xyz&" + urllib.parse.urlencode({"url": tj["tiles"][0], "zmin": tj["minzoom"], "zmax": tj["maxzoom"]}, safe="{}/:")
    app = QgsApplication([], False)
    app.initQgis()
    layer = QgsVectorTileLayer(uri, "footprint units")
    if not layer.isValid():
        print("FAIL QGIS could not open " + uri)
        sys.exit(1)
    layer.setAttribution(tj.get("attribution", ""))
    style = QgsVectorTileBasicRendererStyle("units", layer_id, QgsWkbTypes.PolygonGeometry)
    style.setSymbol(QgsFillSymbol.createSimple({"color": "0,0,0,255", "outline_style": "no"}))
    renderer = QgsVectorTileBasicRenderer()
    renderer.setStyles([style])
    layer.setRenderer(renderer)
    QgsProject.instance().addMapLayer(layer)

    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    tr = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), merc, QgsProject.instance())
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(merc)
    settings.setExtent(tr.transformBoundingBox(QgsRectangle(west, south, east, north)))
    settings.setOutputSize(QSize(512, 512))
    settings.setBackgroundColor(QColor(255, 255, 255, 0))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(out)
    filled = sum(1 for y in range(img.height()) for x in range(img.width()) if img.pixelColor(x, y).alpha() > 0)
    share = 100.0 * filled / (img.width() * img.height())
    print(f"ok   QGIS {QgsApplication.instance().applicationVersion() if hasattr(QgsApplication.instance(), 'applicationVersion') else ''}"
          f" rendered {layer_id} from {url}: {share:.1f}% of {img.width()}x{img.height()} pixels filled "
          f"(attribution {'set' if layer.attribution() else 'missing'})")
    print(json.dumps({"filled_percent": round(share, 2)}))
    app.exitQgis()


main()
