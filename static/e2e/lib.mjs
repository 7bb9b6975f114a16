// Shared set-up of the browser tests: Debian's Chromium, headless, with
// nothing reaching out to the network.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const ok = (m) => console.log("ok   " + m);

// page opens a 1400×900 page that records script errors in errors. The
// first-visit introduction counts as seen, unless opts.newcomer.
export async function page(browser, errors, opts = {}) {
  const { newcomer, ...rest } = opts;
  const p = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...rest });
  p.on("pageerror", (e) => errors.push(e.message));
  if (!newcomer) await p.addInitScript(() => { try { localStorage.setItem("footprint.intro.seen", "yes"); } catch { /* opaque origin */ } });
  return p;
}

// ready waits until the app has loaded its atlas and plan: up to two
// minutes, as the tests run the server under the race detector, on two
// cores shared with the other packages' tests (the England atlas once took
// over 30 s). How fast a first render is belongs to timing.mjs, not here.
export async function ready(p) {
  await p.waitForSelector("body[data-ready=true]", { timeout: 120000 });
}

// open opens url in a new page and waits until the app is ready.
export async function open(browser, errors, url, opts = {}) {
  const p = await page(browser, errors, opts);
  await p.goto(url);
  await ready(p);
  return p;
}

// run launches the browser and calls fn(browser, errors); then no page may
// have raised a script error. A failure prints one FAIL line and exits 1.
export async function run(fn) {
  const browser = await launch();
  const errors = [];
  try {
    await fn(browser, errors);
    assert.deepEqual(errors, [], "no script errors");
    ok("no script errors");
  } catch (err) {
    const at = (err.stack || "").split("\n").find((l) => /e2e\/\w+\.mjs/.test(l) && !l.includes("lib.mjs"));
    console.log("FAIL " + err.message + (at ? `\n     ${at.trim()}` : ""));
    await browser.close();
    process.exit(1);
  }
  await browser.close();
}

// labelOverlaps lists the pairs of map labels (footprints', MSOAs',
// boroughs') whose boxes on screen overlap.
export function labelOverlaps(p) {
  return p.evaluate(() => {
    const r = [...document.querySelectorAll(".fp-label, .msoa-label, .place-label")].map((e) => [e.textContent, e.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < r.length; i++) {
      for (let j = i + 1; j < r.length; j++) {
        const a = r[i][1], b = r[j][1];
        if (Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top)) out.push(`${r[i][0]} / ${r[j][0]}`);
      }
    }
    return out;
  });
}

// mapColours gives the colour the map has drawn at each LSOA's label
// point, [r, g, b], once the map is idle: what a user sees there.
export function mapColours(p, codes) {
  return p.evaluate(async (codes) => {
    const map = window.fp.map;
    await new Promise((r) => { map.once("idle", r); map.triggerRepaint(); });
    const c = map.getCanvas(), ctx = Object.assign(document.createElement("canvas"), { width: c.width, height: c.height }).getContext("2d");
    ctx.drawImage(c, 0, 0);
    const k = c.width / c.getBoundingClientRect().width;
    return codes.map((code) => {
      const pt = map.project(window.fp.state.unit.get(code).label);
      return [...ctx.getImageData(Math.round(pt.x * k), Math.round(pt.y * k), 1, 1).data.slice(0, 3)];
    });
  }, codes);
}

// MAP_BACKGROUND is the map's background colour, where nothing is drawn.
export const MAP_BACKGROUND = [0xee, 0xf1, 0xf3];

// blend is hex drawn at opacity alpha over the map's background.
export function blend(hex, alpha) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return c.map((v, i) => Math.round(v * alpha + MAP_BACKGROUND[i] * (1 - alpha)));
}

// near reports whether two colours differ by at most tol in every channel.
export const near = (a, b, tol = 24) => a.every((v, i) => Math.abs(v - b[i]) <= tol);
