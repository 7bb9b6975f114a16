// Steps the walk-through browser tests share: waiting for saved edits and
// fresh scores, hovering an LSOA for its card, clicking an LSOA.

/** settled waits until every edit is saved and the scores are fresh. */
export async function settled(page) {
  await page.waitForFunction(() => {
    const s = window.fp.state;
    return s.plan && !s.sending && s.queue.length === 0 && document.body.dataset.scored === String(s.plan.version);
  }, null, { timeout: 30000 });
}

/** pointOf is where an LSOA is on the page, zooming to it if need be. */
export async function pointOf(page, code) {
  return page.evaluate(async (c) => {
    const s = window.fp.state;
    const u = s.unit.get(c);
    const p = window.fp.pointOf(c);
    const r = s.map.getCanvas().getBoundingClientRect();
    if (s.map.getZoom() < 13 || p.x < r.left + 20 || p.y < r.top + 20 || p.x > r.right - 340 || p.y > r.bottom - 20) {
      s.map.jumpTo({ center: u.label, zoom: 14 });
      await new Promise((res) => s.map.once("idle", res));
    }
    return window.fp.pointOf(c);
  }, code);
}

/** hoverCard moves the mouse over an LSOA and returns its card's text and build time (ms). */
export async function hoverCard(page, code) {
  await page.evaluate(() => { window.fp.state.card.pinned = false; });
  const p = await pointOf(page, code);
  await page.mouse.move(p.x - 3, p.y - 3);
  await page.mouse.move(p.x, p.y);
  await page.waitForFunction((c) => window.fp.state.card.code === c && !document.getElementById("card").hidden, code, { timeout: 5000 });
  return page.evaluate(() => ({ text: document.getElementById("card").textContent, ms: Number(document.getElementById("card").dataset.ms) }));
}

/** clickCode clicks an LSOA. */
export async function clickCode(page, code) {
  const p = await pointOf(page, code);
  await page.mouse.click(p.x, p.y);
}

/** footprintsOf lists the plan's footprints with their LSOAs and residents. */
export function footprintsOf(page) {
  return page.evaluate(() => {
    const s = window.fp.state, a = s.plan.assignments;
    return s.plan.footprints.map((f) => {
      const codes = Object.keys(a).filter((c) => a[c] === f.id);
      return { id: f.id, name: f.name, lsoas: codes.length, codes, pop: s.pop.get(f.id) || 0 };
    });
  });
}

/** shot saves a screenshot of the page. */
export async function shot(page, out, name) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${name}` });
}
