// Browser test of a large atlas served as vector tiles (England): a plan
// opens, its LSOAs are coloured, the tally is right, and a click paints.
//
//	node static/e2e/tiles.mjs EDIT_URL ARTIFACT_DIR
import { ok, open, run } from "./lib.mjs";
import assert from "node:assert/strict";

const [url, out] = process.argv.slice(2);
await run(async (browser, errors) => {
  const page = await open(browser, errors, url);
  const s = await page.evaluate(() => ({ type: window.fp.map.getSource("units").type, units: window.fp.state.unit.size, id: window.fp.state.plan.footprints[0].id }));
  assert.equal(s.type, "vector", "the LSOAs come as vector tiles");
  const tally = await page.$eval(`#footprints li[data-id="${s.id}"] .fp-pop`, (e) => Number(e.textContent.replace(/,/g, "")));
  const sum = await page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).filter(([, f]) => f === id).reduce((n, [c]) => n + window.fp.state.unit.get(c).population, 0), s.id);
  assert.equal(tally, sum);
  ok(`${s.units} LSOAs from tiles; footprint ${s.id} tally ${tally}`);
  const coloured = await page.evaluate(() => window.fp.map.queryRenderedFeatures({ layers: ["units-fill"] }).filter((f) => f.state.colour).length);
  assert.ok(coloured > 50, `${coloured} painted tile features`);
  ok(`${coloured} tile features drawn in footprint colours`);
  await page.click("#tool-erase");
  const code = await page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).find(([, f]) => f === id)[0], s.id);
  const p = await page.evaluate((c) => window.fp.pointOf(c), code);
  await page.mouse.click(p.x, p.y);
  await page.waitForFunction((c) => !window.fp.state.plan.assignments[c] && !window.fp.state.sending && window.fp.state.queue.length === 0, code);
  ok(`erased ${code} by clicking a tile feature`);
  await page.screenshot({ path: `${out}/e2e-tiles.png` });
});
