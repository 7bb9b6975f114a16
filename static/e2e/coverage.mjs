// Browser test of PCN coverage, export and import, on a London plan:
//
//	node static/e2e/coverage.mjs EDIT_URL EMPTY_PLAN_EDIT_URL ARTIFACT_DIR
import { ok, open, run } from "./lib.mjs";
import assert from "node:assert/strict";
import fs from "node:fs";

const [url, emptyURL, out] = process.argv.slice(2);
await run(async (browser, errors) => {
  const page = await open(browser, errors, url, { acceptDownloads: true });

  // 1. Pick a PCN by search: its coverage opens.
  await page.fill("#search", "kentish town central");
  await page.click('#search-results li:has(.badge:text-is("PCN"))');
  await page.waitForSelector("#coverage:not([hidden])");
  const title = await page.textContent("#cov-title");
  assert.match(title, /KENTISH TOWN CENTRAL PCN/);
  const body = await page.textContent("#cov-body");
  for (const want of ["List size", "December 2025", "July 2022", "1 January 2026", "(home)", "Neighbouring PCNs", "Practices"]) assert.ok(body.includes(want), `coverage shows ${want}`);
  assert.match(await page.textContent("#cov-body .status"), /aligned|cross-boundary|realign/);
  const c = await page.evaluate(() => window.fp.state.coverage);
  ok(`coverage of ${title}: ${c.practices.length} practices, ${c.footprints.length} footprints, home ${c.home} (${c.status})`);

  // 2. Counts or shares on the map.
  const probe = c.catchment[0];
  const share = await page.evaluate((code) => window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: code }).pcn, probe);
  await page.check('input[name="cov-mode"][value="count"]');
  const count = await page.evaluate((code) => window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: code }).pcn, probe);
  const max = Math.max(...Object.values(c.patients));
  assert.ok(Math.abs(share - c.share[probe]) < 1e-9 && Math.abs(count - c.patients[probe] / max) < 1e-9, "share and count modes colour by their measure");
  ok(`${probe}: ${(100 * share).toFixed(0)}% of its registered residents, ${Math.round(c.patients[probe])} patients`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/e2e-coverage.png` });

  // 3. It prints as a one-page report, with the map.
  await page.evaluate(() => { const img = document.getElementById("cov-map"); img.src = window.fp.map.getCanvas().toDataURL("image/png"); img.hidden = false; });
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  await page.screenshot({ path: `${out}/e2e-coverage-print.png`, fullPage: true });
  fs.writeFileSync(`${out}/e2e-coverage.pdf`, pdf);
  assert.equal(pages, 1, `the report prints on ${pages} pages`);
  await page.emulateMedia({ media: "screen" });
  ok(`the coverage report prints on one A4 page (${pdf.length} bytes)`);

  // 4. Export in every format.
  await page.$eval("#export-box", (d) => { d.open = true; });
  const files = {};
  for (const id of ["export-geojson", "export-gpkg", "export-gpkg4326", "export-csv", "export-json"]) {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#" + id)]);
    const p = `${out}/${dl.suggestedFilename()}`;
    await dl.saveAs(p);
    files[id] = p;
  }
  const gj = JSON.parse(fs.readFileSync(files["export-geojson"], "utf8"));
  assert.equal(gj.type, "FeatureCollection");
  assert.ok(gj.features.length > 100, `${gj.features.length} footprints`);
  assert.ok(fs.readFileSync(files["export-gpkg"]).subarray(0, 15).toString() === "SQLite format 3");
  assert.match(fs.readFileSync(files["export-csv"], "utf8"), /^lsoa21cd,footprint\n/);
  ok(`exported ${Object.values(files).map((f) => f.split("/").pop()).join(", ")}`);

  // 5. Import the GeoPackage into an empty plan: the same assignment.
  const want = await page.evaluate(() => window.fp.state.plan.assignments);
  const p2 = await open(browser, errors, emptyURL);
  await p2.$eval("#export-box", (d) => { d.open = true; });
  await p2.setInputFiles("#import-file", files["export-gpkg"]);
  await p2.click("#import-plan");
  await p2.waitForFunction(() => document.getElementById("banner").textContent.includes("Imported"), null, { timeout: 20000 });
  const got = await p2.evaluate(() => window.fp.state.plan.assignments);
  assert.deepEqual(got, want, "the imported plan has the exported assignment");
  ok(`imported the GeoPackage: ${(await p2.textContent("#banner")).slice(0, 120)}…`);
  await p2.screenshot({ path: `${out}/e2e-imported.png` });
});
