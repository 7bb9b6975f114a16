"""Loads a Footprint GeoPackage export in QGIS (headless) and checks that
its default style from layer_styles is applied: a categorized renderer on
band_status and labels by name. Prints one line of findings as JSON.

    QT_QPA_PLATFORM=offscreen python3 testdata/clients/qgis_gpkg.py PLAN.gpkg
"""
import json
import os
import sys

from qgis.core import QgsApplication, QgsCategorizedSymbolRenderer, QgsVectorLayer

app = QgsApplication([], False)
app.initQgis()
path = sys.argv[1]
layer = QgsVectorLayer(path + "|layername=footprints", "footprints", "ogr")
if not layer.isValid():
    print(json.dumps({"valid": False}))
    sys.exit(1)
renderer = layer.renderer()
labeling = layer.labeling()
found = {
    "valid": True,
    "features": layer.featureCount(),
    "renderer": renderer.type(),
    "attribute": renderer.classAttribute() if isinstance(renderer, QgsCategorizedSymbolRenderer) else None,
    "categories": [c.value() for c in renderer.categories()] if isinstance(renderer, QgsCategorizedSymbolRenderer) else [],
    "labels": layer.labelsEnabled(),
    "label_field": labeling.settings().fieldName if labeling is not None and hasattr(labeling, "settings") else None,
    "styles": layer.listStylesInDatabase()[0] if hasattr(layer, "listStylesInDatabase") else None,
}
print(json.dumps(found), flush=True)
ok = found["renderer"] == "categorizedSymbol" and found["attribute"] == "band_status" and found["labels"] and found["label_field"] == "name"
# QGIS 3.22 can crash in exitQgis when layers outlive it; the findings
# are printed, so leave without tearing down.
os._exit(0 if ok else 1)
