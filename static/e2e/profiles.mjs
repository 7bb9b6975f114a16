// Browser test of the profile panel and its comparison view:
//
//	node static/e2e/profiles.mjs EDIT_URL ARTIFACT_DIR
import { ok, open, run } from "./lib.mjs";
import assert from "node:assert/strict";

const [url, out] = process.argv.slice(2);
await run(async (browser, errors) => {
  const page = await open(browser, errors, url);
  await page.$eval("#profile-box", (d) => { d.open = true; });
  await page.waitForSelector("#cmp-bars .bar", { timeout: 15000 });
  const place = await page.$eval("#cmp-place", (s) => s.options[s.selectedIndex].text);
  const n = await page.evaluate(() => window.fp.state.profiles.profiles.length);
  ok(`profiles of ${n} footprints; comparing ${place}`);

  // Each figure sorts the place's footprints, highest first.
  for (const fig of ["need_capacity", "older_65", "list_per_resident", "mean_distance_m"]) {
    await page.selectOption("#cmp-figure", fig);
    const vals = await page.$$eval("#cmp-bars .bar .v", (v) => v.map((e) => parseFloat(e.textContent.replace(/[,%m ]/g, ""))));
    assert.ok(vals.length > 1, `${fig}: ${vals.length} bars`);
    for (let i = 1; i < vals.length; i++) assert.ok(vals[i - 1] >= vals[i], `${fig} sorted: ${vals}`);
  }
  ok("every figure shows the place's footprints as a sorted bar chart");

  // A ratio's legend diverges around 1.0; the others are quantiles; each
  // class has its numbers and its count of footprints.
  for (const [fig, scale, classes] of [["need_capacity", /Diverging around 1\.00/, 5], ["older_65", /Quantiles/, null]]) {
    await page.selectOption("#cmp-figure", fig);
    const legend = await page.textContent("#cmp-legend");
    assert.match(legend, scale, `${fig} legend: ${legend}`);
    const n = await page.$$eval("#cmp-legend .cmp-class", (c) => c.length);
    assert.ok(classes ? n === classes : n >= 2, `${fig}: ${n} classes`);
    assert.match(legend, /\d.*\(\d+\)/, `${fig}: numbers and counts in the legend`);
    ok(`${fig} legend: ${legend}`);
  }

  // The map takes the figure's colours, and gives them back.
  await page.selectOption("#cmp-figure", "need_capacity");
  await page.check("#cmp-map");
  const top = await page.$eval("#cmp-bars .bar", (b) => b.dataset.id);
  const code = await page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).find(([, f]) => f === id)[0], top);
  const choropleth = await page.evaluate((c) => window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: c }).colour, code);
  const bar = await page.$eval("#cmp-bars .bar .fill", (f) => f.style.background);
  assert.ok(choropleth && choropleth !== (await page.evaluate((id) => window.fp.state.plan.footprints.find((f) => f.id === id).colour, top)), "the footprint is coloured by the figure");
  ok(`highest need against capacity: ${await page.$eval("#cmp-bars .bar .name", (e) => e.textContent)} (${choropleth}, bar ${bar})`);
  await page.click("#cmp-bars .bar");
  assert.match(await page.textContent("#profile"), /Older people, 65\+/);
  assert.match(await page.textContent("#profile"), /Hub candidates/);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/e2e-profiles.png` });
  await page.uncheck("#cmp-map");
  const restored = await page.evaluate((c) => window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: c }).colour, code);
  assert.equal(restored, await page.evaluate((id) => window.fp.state.plan.footprints.find((f) => f.id === id).colour, top));
  ok("turning the comparison off restores the footprint colours");
});
