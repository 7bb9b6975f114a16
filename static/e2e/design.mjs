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

  // Break a footprint by hand, then Repair.
  await page.click("#design-propose");
  await page.waitForFunction(() => document.getElementById("banner").textContent.includes("Proposed as version"), null, { timeout: 30000 });
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
});
