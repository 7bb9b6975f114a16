// Times the web map in headless Chromium.
//
//	node timing.mjs URL          first render: navigation until the map is idle
//	node timing.mjs EDIT_URL edit  from the end of a stroke to fresh scores and flags on the page,
//	                               and to the end of the map frame that draws the edit
//	node timing.mjs EDIT_URL hover from the pointer moving onto an LSOA to its card on screen
import { launch, page as newPage } from "./lib.mjs";
const [url, mode] = process.argv.slice(2);
const browser = await launch();
// idle waits until the map has drawn everything it has been given.
const idle = (page) => page.evaluate(() => new Promise((r) => { window.fp.map.once("idle", r); window.fp.map.triggerRepaint(); }));
const page = await newPage(browser, []);
const t = Date.now();
await page.goto(url);
await page.waitForSelector("body[data-ready]", { timeout: 30000 });
if (mode === "hover") {
  // The page's own clock, from the mousemove event to the card filled.
  await page.evaluate(() => window.fp.map.jumpTo({ center: [-0.115, 51.46], zoom: 13 }));
  await page.waitForTimeout(1500);
  const times = [];
  const codes = await page.evaluate(() => [...window.fp.state.unit.values()].filter((u) => window.fp.map.getBounds().contains(u.label)).slice(0, 60).map((u) => u.code));
  for (let i = 0; i < 9; i++) {
    const p = await page.evaluate((c) => window.fp.pointOf(c), codes[i * 5]);
    await page.mouse.move(p.x, p.y);
    await page.waitForFunction((c) => window.fp.state.card.code === c, codes[i * 5]);
    times.push(Math.round(await page.evaluate(() => window.fp.state.card.ms)));
  }
  times.sort((a, b) => a - b);
  console.log(`hover ${times[4]} ms: ${times.join(", ")}`);
} else if (mode !== "edit") {
  const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(", "));
  console.log(`ready ${Date.now() - t} ms: ${marks}`);
} else {
  await page.click("#tool-paint");
  const times = [], painted = [];
  for (let i = 0; i < 5; i++) {
    // A boundary LSOA of the active footprint's neighbour, painted into it.
    const target = await page.evaluate((i) => {
      const s = window.fp.state, a = s.plan.assignments;
      const mine = Object.keys(a).filter((c) => a[c] === s.active);
      const cand = [...s.unit.values()].filter((u) => a[u.code] && a[u.code] !== s.active && mine.some((m) => {
        const b = s.unit.get(m).bbox;
        return Math.abs(u.label[0] - (b[0] + b[2]) / 2) < 0.01 && Math.abs(u.label[1] - (b[1] + b[3]) / 2) < 0.006;
      }));
      const u = cand[i % cand.length];
      window.fp.map.jumpTo({ center: u.label, zoom: 14 });
      return u.code;
    }, i);
    // The stroke starts on a map at rest, as a user's would.
    await idle(page);
    const v = await page.evaluate(() => window.fp.state.plan.version);
    const p = await page.evaluate((c) => window.fp.pointOf(c), target);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction((v) => document.body.dataset.scored === String(v + 1), v, { timeout: 10000 });
    // The page's own clock: end of stroke to scores rendered.
    times.push(Math.round(await page.evaluate(() => window.fp.state.refreshMs)));
    await page.waitForFunction(() => window.fp.state.paintedMs > 0);
    painted.push(Math.round(await page.evaluate(() => window.fp.state.paintedMs)));
    await page.evaluate(() => { window.fp.state.paintedMs = 0; });
    console.error(`  refresh ${times[times.length - 1]} ms, drawn ${painted[painted.length - 1]} ms; fetch, tallies+scorecard, flags, detail: ${(await page.evaluate(() => window.fp.state.scoreMs)).map((x) => x.toFixed(0)).join(", ")} ms`);
  }
  times.sort((a, b) => a - b);
  painted.sort((a, b) => a - b);
  console.log(`refresh ${times[2]} ms: ${times.join(", ")}; map drawn ${painted[2]} ms: ${painted.join(", ")}`);
}
await browser.close();
