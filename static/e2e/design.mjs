// Browser test of automatic design: Propose for the plan's places, see
// every footprint in band, undo by restoring; Repair a broken draft.
//
//	node static/e2e/design.mjs EDIT_URL ARTIFACT_DIR
import { ok, open, run } from "./lib.mjs";
import assert from "node:assert/strict";

const [url, out] = process.argv.slice(2);
await run(async (browser, errors) => {
  const page = await open(browser, errors, url);
  const v0 = await page.evaluate(() => window.fp.state.plan.version);
  await page.click("#design-propose");
  await page.waitForFunction(() => document.getElementById("banner").textContent.includes("Proposed as version"), null, { timeout: 30000 });
  const sc = await page.evaluate(() => window.fp.state.scores.plan);
  assert.ok(sc.footprints >= 4 && sc.in_band === sc.footprints && sc.contiguous === sc.footprints, `all in band and contiguous: ${JSON.stringify(sc)}`);
  assert.match(await page.textContent("#banner"), /all \d+ footprints in band, all \d+ contiguous/);
  ok(`proposed ${sc.footprints} footprints, all in band and contiguous; PCN containment ${(100 * sc.pcn_containment_mean).toFixed(1)}%`);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${out}/e2e-design.png` });

  // Undo the design by restoring the previous version.
  await page.click("#undo-design");
  await page.waitForFunction((v) => window.fp.state.plan.version === v + 2, v0);
  assert.equal(await page.evaluate(() => Object.keys(window.fp.state.plan.assignments).length), 0, "back to the empty plan");
  ok("undo restored the plan as it was");

  // Change one weight: the summary counts it and the request carries the
  // defaults with it over them.
  await page.click("#weights-summary");
  // From PCNs' own defaults show beside the fields where they differ.
  const d = await page.evaluate(() => window.fp.state.designDefaults);
  const alt = await page.$eval('#weights-fields input[name="aligned"]', (i) => i.closest("label").querySelector(".alt")?.textContent || "");
  assert.equal(alt, d.from_pcn.aligned !== d.propose.aligned ? `From PCNs ${d.from_pcn.aligned.toFixed(2)}` : "", "From PCNs' default beside aligned");
  ok(`the weights show Propose's defaults, and From PCNs' where they differ (aligned: ${alt || "the same"})`);
  await page.fill('#weights-fields input[name="ward"]', "2");
  assert.equal(await page.textContent("#weights-summary"), "Weights (1 changed)");
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/design") && r.method() === "POST");
  await page.click("#design-propose");
  const body = JSON.parse((await sent).postData());
  assert.equal(body.weights.ward, 2, "the changed weight is sent");
  assert.ok(body.weights.containment > 0, "over the defaults");
  await page.waitForFunction(() => document.getElementById("banner").textContent.includes("Proposed as version"), null, { timeout: 30000 });
  ok(`weights sent with ward = 2 over the defaults: ${JSON.stringify(body.weights)}`);

  // The three options show side by side; another can be chosen.
  const rows = await page.$$eval("#design-options tr", (trs) => trs.slice(1).map((tr) => [...tr.cells].map((c) => c.textContent).join(" · ")));
  assert.equal(rows.length, 3, `three options: ${rows.join(" | ")}`);
  await page.screenshot({ path: `${out}/e2e-design-options.png` });
  const vOpt = await page.evaluate(() => window.fp.state.plan.version);
  await page.click('#design-options button[data-option="communities-first"]');
  await page.waitForFunction(() => /saved as version|Not saved/.test(document.getElementById("banner").textContent), null, { timeout: 30000 });
  assert.match(await page.textContent("#banner"), /Communities first saved as version/);
  assert.equal(await page.evaluate(() => window.fp.state.plan.version), vOpt + 1);
  const cf = await page.evaluate(() => window.fp.state.scores.plan);
  assert.equal(cf.in_band, cf.footprints, "the option chosen is in band");
  ok(`options: ${rows.map((r) => r.replace(/ · (Use|saved, v\d+)$/, "")).join(" | ")}; communities first saved as version ${vOpt + 1}`);
  await page.click('#weights-reset');
  assert.equal(await page.textContent("#weights-summary"), "Weights (defaults)");

  // Break a footprint by hand, then Repair.
  const victim = await page.evaluate(() => window.fp.state.scores.footprints[0].id);
  await page.click("#tool-erase");
  const codes = await page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).filter(([, f]) => f === id).map(([c]) => c).slice(0, 6), victim);
  for (const c of codes) {
    await page.evaluate((c) => window.fp.map.jumpTo({ center: window.fp.state.unit.get(c).label, zoom: 14 }), c);
    await page.waitForTimeout(150);
    const p = await page.evaluate((c) => window.fp.pointOf(c), c);
    await page.mouse.click(p.x, p.y);
  }
  await page.waitForFunction(() => !window.fp.state.sending && window.fp.state.queue.length === 0);
  await page.click("#design-repair");
  await page.waitForFunction(() => document.getElementById("banner").textContent.includes("Repaired as version"), null, { timeout: 30000 });
  const after = await page.evaluate(() => window.fp.state.scores.plan);
  assert.equal(after.in_band, after.footprints, "repair puts every footprint in band");
  ok(`erased ${codes.length} LSOAs of ${victim}, repaired: ${after.footprints} footprints in band`);

  // Give a footprint the colour of one it touches: the smaller is hatched.
  const [a, b] = await page.evaluate(async () => {
    const s = window.fp.state, asg = s.plan.assignments, first = s.plan.footprints[0].id;
    for (const c of Object.keys(asg).filter((c) => asg[c] === first)) {
      const u = await (await fetch(`/api/units/${c}`)).json();
      const other = (u.neighbours || []).map((n) => asg[n.code || n]).find((f) => f && f !== first);
      if (other) return [first, other];
    }
    return [];
  });
  assert.ok(a && b, "two touching footprints");
  const colourA = await page.evaluate((a) => window.fp.state.plan.footprints.find((f) => f.id === a).colour, a);
  const scored = await page.evaluate(() => window.fp.state.plan.version);
  await page.$eval(`#footprints li[data-id="${b}"] .fp-colour`, (i, c) => { i.value = c; i.dispatchEvent(new Event("change")); }, colourA.toLowerCase());
  await page.waitForFunction((v) => Number(document.body.dataset.scored) > v, scored, { timeout: 15000 });
  const hatched = await page.evaluate(() => [...window.fp.state.hatched]);
  assert.equal(hatched.length, 1, `one footprint hatched: ${hatched}`);
  assert.ok([a, b].includes(hatched[0]));
  const lsoa = await page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).find(([, f]) => f === id)[0], hatched[0]);
  assert.equal(await page.evaluate((c) => window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: c }).hatch, lsoa), true, "its LSOAs are hatched");
  assert.equal(await page.evaluate(() => window.fp.map.getLayoutProperty("fp-hatch", "visibility")), "visible");
  await page.evaluate((codes) => window.fp.map.fitBounds(codes, { duration: 0, padding: 40 }), await page.evaluate((ids) => {
    const s = window.fp.state, bb = [180, 90, -180, -90];
    for (const [c, f] of Object.entries(s.plan.assignments)) if (ids.includes(f)) { const x = s.unit.get(c).bbox; bb[0] = Math.min(bb[0], x[0]); bb[1] = Math.min(bb[1], x[1]); bb[2] = Math.max(bb[2], x[2]); bb[3] = Math.max(bb[3], x[3]); }
    return [[bb[0], bb[1]], [bb[2], bb[3]]];
  }, [a, b]));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/e2e-hatch.png` });
  ok(`${b} given ${a}'s colour ${colourA}: ${hatched[0]} is hatched`);
});
