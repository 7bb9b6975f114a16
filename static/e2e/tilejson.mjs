// Browser test of the tiles from another origin: a MapLibre page served
// from PAGE_URL is given only the TileJSON URL of a Footprint server on
// another origin. The tiles must load (CORS), render filled, carry their
// fields, and the attribution must show.
//
//	node static/e2e/tilejson.mjs PAGE_URL TILEJSON_URL ARTIFACT_DIR
import { ok, page, run } from "./lib.mjs";
import assert from "node:assert/strict";

const [pageURL, tilejson, out] = process.argv.slice(2);
await run(async (browser, errors) => {
  const p = await page(browser, errors, { viewport: { width: 800, height: 600 } });
  const failed = [];
  p.on("requestfailed", (r) => failed.push(r.url() + " " + (r.failure() || {}).errorText));
  p.on("response", (r) => { if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) failed.push(r.url() + " " + r.status()); });
  await p.goto(pageURL);
  assert.notEqual(new URL(pageURL).origin, new URL(tilejson).origin, "the page is on another origin");
  const res = await p.evaluate(async (url) => {
    const tj = await (await fetch(url)).json();
    const map = new maplibregl.Map({
      container: "map", center: tj.center.slice(0, 2), zoom: 12, attributionControl: { compact: false },
      style: { version: 8, sources: { fp: { type: "vector", url } },
        layers: [{ id: "bg", type: "background", paint: { "background-color": "#ffffff" } },
          { id: "units", type: "fill", source: "fp", "source-layer": tj.vector_layers[0].id, paint: { "fill-color": "#000000" } }] },
    });
    map.fitBounds([[tj.bounds[0], tj.bounds[1]], [tj.bounds[2], tj.bounds[3]]], { animate: false, padding: 20 });
    await new Promise((resolve) => map.once("idle", resolve));
    const feats = map.queryRenderedFeatures({ layers: ["units"] });
    return {
      features: new Set(feats.map((f) => f.properties.code)).size,
      props: feats.length ? Object.keys(feats[0].properties).sort() : [],
      attribution: document.querySelector(".maplibregl-ctrl-attrib").textContent,
      fields: Object.keys(tj.vector_layers[0].fields).sort(),
      tjAttribution: new DOMParser().parseFromString(tj.attribution, "text/html").body.textContent,
    };
  }, tilejson);
  assert.deepEqual(failed, [], "no request failed");
  assert.ok(res.features > 0, `${res.features} LSOAs drawn`);
  assert.deepEqual(res.props, res.fields, "the tiles carry the fields TileJSON names");
  assert.ok(res.tjAttribution.length > 0 && res.attribution.includes(res.tjAttribution.slice(0, 40)), `attribution shown: ${res.attribution}`);
  ok(`MapLibre on ${new URL(pageURL).origin} drew ${res.features} LSOAs from ${tilejson}, fields ${res.fields.join(", ")}`);
  ok(`attribution shown: ${res.attribution.slice(0, 80)}…`);
  await p.screenshot({ path: `${out}/e2e-tilejson.png` });
});
