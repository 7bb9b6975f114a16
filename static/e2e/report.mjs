// The clinical director's coverage report: open a Camden PCN's coverage
// from the search box, print it to PDF as the page's print button would,
// and count its A4 pages with pdfinfo: one. Run by
// server/designer_browser_test.go:
//
//	node static/e2e/report.mjs EDIT_URL ARTIFACT_DIR
import { ok, open, run } from "./lib.mjs";
import { settled, shot } from "./walk.mjs";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

const [url, out] = process.argv.slice(2);

await run(async (browser, errors) => {
  const page = await open(browser, errors, url);
  await settled(page);
  await page.fill("#search", "kentish town central");
  await page.click('#search-results li:has(.badge:text-is("PCN"))');
  await page.waitForSelector("#coverage:not([hidden])");
  await page.waitForTimeout(1500);
  const ids = await page.evaluate(() => window.fp.state.plan.footprints.map((f) => f.id));
  const body = await page.textContent("#cov-body");
  assert.ok(!ids.some((id) => body.includes(id)), "the report names footprints, not their ids");
  const legend = await page.$$eval("#cov-legend .step", (s) => s.map((x) => x.textContent));
  assert.deepEqual(legend, ["0%", "5%", "25%", "50%", "100%"], "the catchment legend has the scale's numbers");
  ok(`catchment legend: ${legend.join(", ")}`);
  await page.evaluate(async () => (await import("/js/coverage.js")).prepareReport());
  await page.emulateMedia({ media: "print" });
  const pdf = `${out}/e2e-report.pdf`;
  await page.pdf({ path: pdf, format: "A4", preferCSSPageSize: true });
  const info = execFileSync("pdfinfo", [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  assert.equal(pages, 1, `the report prints on ${pages} A4 pages, want 1`);
  const meta = await page.textContent("#cov-meta");
  assert.match(meta, /Plan “Camden neighbourhoods”, version \d+ · printed/);
  await shot(page, out, "e2e-report-print.png");
  ok(`coverage report: ${pages} A4 page; ${meta}`);
});
