// A newcomer's first visit, in headless Chromium on the real London atlas:
// the introduction opens by itself, says what a footprint, the band,
// re-align and cross-boundary are; ? opens the shortcut sheet; the IMD
// legend shows only while its layer is on; a bad plan link leaves the
// start page usable. Run by server/designer_browser_test.go:
//
//	node static/e2e/newcomer.mjs BASE_URL ARTIFACT_DIR
import { ok, page as pageIn, ready, run } from "./lib.mjs";
import { shot } from "./walk.mjs";
import assert from "node:assert/strict";

const [base, out] = process.argv.slice(2);

await run(async (browser, errors) => {
  const page = await pageIn(browser, errors, { newcomer: true });
  await page.goto(base + "/");
  await ready(page);
  await page.waitForSelector("#intro[open]");
  const intro = await page.textContent("#intro");
  for (const w of ["footprint", "residents", "Re-align", "Cross-boundary", "Primary Care Networks"]) assert.ok(intro.includes(w), `the introduction explains ${w}`);
  ok("the introduction opens on a first visit and explains footprints, the band, re-align and cross-boundary");
  await shot(page, out, "e2e-newcomer-intro.png");
  await page.click("#intro-close");
  await page.waitForSelector("#intro:not([open])", { state: "hidden" });
  await page.keyboard.press("?");
  await page.waitForSelector("#shortcuts[open]");
  assert.match(await page.textContent("#shortcuts"), /paint into the active footprint/);
  await shot(page, out, "e2e-newcomer-shortcuts.png");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#shortcuts:not([open])", { state: "hidden" });
  ok("? opens the shortcut sheet and Escape closes it");

  assert.ok(await page.isHidden("#legend"), "the IMD legend is hidden while its layer is off");
  await page.check("#toggle-imd");
  assert.ok(await page.isVisible("#legend"), "the IMD legend shows with its layer");
  await page.uncheck("#toggle-imd");
  assert.ok(await page.isHidden("#legend"), "and hides again");
  ok("the IMD legend follows its layer");

  const labels = await page.$$eval(".place-label", (ls) => ls.map((l) => l.textContent));
  assert.ok(labels.includes("Lambeth") && labels.length >= 30, `borough names show at London zoom: ${labels.length}`);
  const lambeth = await page.evaluate(() => window.fp.pointOf([...window.fp.state.unit.values()].find((u) => u.place === "E09000022").code));
  await page.mouse.click(lambeth.x, lambeth.y);
  assert.ok(await page.isChecked('#places input[value="E09000022"]'), "a click on Lambeth ticks it");
  await shot(page, out, "e2e-newcomer-start.png");
  ok(`${labels.length} borough names at London zoom; a click on a borough ticks it`);

  await page.reload();
  await ready(page);
  assert.ok(await page.isHidden("#intro"), "the introduction does not come back once seen");
  ok("the introduction is shown once");

  const bad = await pageIn(browser, errors);
  await bad.goto(base + "/?plan=does-not-exist");
  await bad.waitForSelector("body[data-ready]");
  assert.ok(await bad.isVisible("#start"), "a bad plan link leaves the start page");
  assert.match(await bad.textContent("#banner"), /Could not open the plan/);
  await shot(bad, out, "e2e-newcomer-badlink.png");
  ok("a bad plan link says so and shows the start page");
});
