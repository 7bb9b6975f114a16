// Decodes Footprint's vector tiles with @mapbox/vector-tile and pbf, the
// decoder of MapLibre's ecosystem, and checks MVT 2.1: each polygon's
// exterior ring has a positive area by the surveyor's formula in tile
// coordinates (clockwise on screen, y down) and its holes a negative one;
// features carry ids and their properties.
//
//	node testdata/clients/mvt.mjs BASE_URL Z/X/Y...
import { VectorTile } from "@mapbox/vector-tile";
import Protobuf from "pbf";
import assert from "node:assert/strict";

const [base, ...tiles] = process.argv.slice(2);
const area = (r) => {
  let a = 0;
  for (let k = 0; k + 1 < r.length; k++) a += r[k].x * r[k + 1].y - r[k + 1].x * r[k].y;
  return a / 2;
};
let bad = 0;
for (const zxy of tiles) {
  const res = await fetch(`${base}/tiles/${zxy}.mvt`, { headers: { "Accept-Encoding": "gzip" } });
  assert.equal(res.status, 200, zxy);
  assert.equal(res.headers.get("content-type"), "application/vnd.mapbox-vector-tile");
  const tile = new VectorTile(new Protobuf(new Uint8Array(await res.arrayBuffer())));
  const layer = tile.layers.units;
  if (!layer) {
    console.log(`ok   ${zxy}: empty`);
    continue;
  }
  assert.equal(layer.version, 2);
  assert.equal(layer.extent, 4096);
  let rings = 0, wrong = 0;
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    assert.equal(VectorTile.types ? f.type : f.type, 3, "polygon");
    assert.ok(typeof f.id === "number" && typeof f.properties.code === "string" && typeof f.properties.population === "number", JSON.stringify(f.properties));
    // The specification's rule: a ring of positive area starts a polygon;
    // the first ring of a feature must be one.
    const rs = f.loadGeometry();
    rs.forEach((r, k) => {
      rings++;
      const a = area(r);
      if (k === 0 && a <= 0) wrong++;
      if (a === 0) wrong++;
    });
    // Every polygon the decoder assembles has one exterior (positive), then
    // holes (negative).
    const gj = f.toGeoJSON(...zxy.split("/").slice(1).map(Number), Number(zxy.split("/")[0]));
    assert.ok(gj.geometry.type === "Polygon" || gj.geometry.type === "MultiPolygon", gj.geometry.type);
  }
  bad += wrong;
  console.log(`${wrong ? "FAIL" : "ok  "} ${zxy}: ${layer.length} features, ${rings} rings, ${wrong} wound the wrong way`);
}
process.exit(bad ? 1 : 0);
