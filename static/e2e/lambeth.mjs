// The Lambeth job, as an analyst would do it in the web map on the real
// London atlas: create a plan from the PCN catchments, read two flagged
// footprints with the hover card and fix them, Propose, check nothing is
// left empty and the banner agrees with the scorecard, delete, merge and
// remove an empty footprint, export GeoJSON and GeoPackage and import
// them back, then reload. Run by server/designer_browser_test.go:
//
//	node static/e2e/lambeth.mjs BASE_URL ARTIFACT_DIR
//
// It prints one line per check (and the timings) and exits non-zero on
// the first failure. The plan's id goes to ARTIFACT_DIR/lambeth-plan.txt
// so that the Go test can check its colours version by version.
import { ok, page as pageIn, ready, run } from "./lib.mjs";
import { settled, hoverCard, clickCode, footprintsOf, shot } from "./walk.mjs";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";

const [base, out] = process.argv.slice(2);
const LAMBETH = "E09000022";

// fixDetached reads a footprint in pieces: the flag makes it active, the
// card of a neighbour of a detached LSOA names the footprint around it,
// and the LSOA is painted into that one.
async function fixDetached(page) {
  const flag = await page.evaluate(() => window.fp.state.scores.flags.find((f) => f.kind === "non_contiguous"));
  if (!flag) return null;
  const owner = flag.subject.code;
  await page.click(`#flags details[data-kind="non_contiguous"] li[data-footprint="${owner}"]`);
  assert.equal(await page.evaluate(() => window.fp.state.active), owner, "a click on the flag makes its footprint active");
  const lsoa = flag.lsoas[0];
  const card = await hoverCard(page, lsoa);
  const ownerName = await page.evaluate((id) => window.fp.state.plan.footprints.find((f) => f.id === id).name, owner);
  assert.ok(card.text.includes(ownerName), `the card of ${lsoa} names its footprint ${ownerName}`);
  const nbrs = (await page.evaluate((c) => fetch(`/api/units/${c}`).then((r) => r.json()), lsoa)).neighbours.map((n) => n.code);
  const around = await page.evaluate(({ nbrs, owner }) => {
    const a = window.fp.state.plan.assignments;
    const n = nbrs.map((c) => a[c]).filter((f) => f && f !== owner);
    return n.sort((x, y) => n.filter((v) => v === y).length - n.filter((v) => v === x).length)[0] || null;
  }, { nbrs, owner });
  assert.ok(around, `a detached LSOA ${lsoa} touches another footprint`);
  const nbrCard = await hoverCard(page, await page.evaluate(({ nbrs, around }) => nbrs.find((c) => window.fp.state.plan.assignments[c] === around), { nbrs, around }));
  const aroundName = await page.evaluate((id) => window.fp.state.plan.footprints.find((f) => f.id === id).name, around);
  assert.ok(nbrCard.text.includes(aroundName), `the neighbour's card names ${aroundName}`);
  await page.click(`#footprints li[data-id="${around}"] .fp-meta`);
  await page.click("#tool-paint");
  for (const c of flag.lsoas) await clickCode(page, c);
  await page.click("#tool-pan");
  await settled(page);
  const still = await page.evaluate((id) => window.fp.state.scores.flags.some((f) => f.kind === "non_contiguous" && f.subject.code === id), owner);
  assert.ok(!still, `${ownerName} is in one piece once its detached LSOAs join ${aroundName}`);
  return { owner: ownerName, into: aroundName, lsoas: flag.lsoas.length, cardMs: card.ms };
}

// bandFix moves the largest out-of-band footprint's flag into view and
// reads it; then checks the flag wording names the rule.
async function readBandFlag(page) {
  const f = await page.evaluate(() => window.fp.state.scores.flags.find((x) => x.kind === "population_out_of_band"));
  if (!f) return null;
  assert.match(f.message, /[0-9],[0-9]{3} (above|below) the [0-9,]+-[0-9,]+ band/, "the band flag names the band and the numbers with thousands separators");
  return f.message;
}

await run(async (browser, errors) => {
  const page = await pageIn(browser, errors, { acceptDownloads: true });
  await page.goto(base + "/");
  await ready(page);
  // The place filter filters: only Lambeth is left for "lamb".
  await page.fill("#place-filter", "lamb");
  const visible = await page.$$eval("#places label", (ls) => ls.filter((l) => l.offsetParent !== null).map((l) => l.textContent));
  assert.equal(visible.length, 1, `the filter leaves one place, not ${visible.length}`);
  assert.match(visible[0], /Lambeth/);
  ok("the place filter leaves only Lambeth");
  await page.check(`#places input[value="${LAMBETH}"]`);
  await page.fill("#plan-name", "Lambeth neighbourhoods");
  await page.selectOption("#baseline", "pcn");
  await page.click("#create-plan");
  await page.waitForSelector("#editor:not([hidden])");
  await settled(page);
  const id = await page.evaluate(() => window.fp.state.plan.id);
  writeFileSync(`${out}/lambeth-plan.txt`, id);
  const names = await page.evaluate(() => window.fp.state.plan.footprints.map((f) => f.name));
  assert.ok(names.every((n) => /^Lambeth: .+, from .+/.test(n) || /based in/.test(n)), `baseline names say place and PCN: ${names.join("; ")}`);
  assert.ok(await page.isDisabled("#undo"), "Undo is disabled on a new plan");
  ok(`created from the PCN catchments: ${names.length} footprints named like "${names[0]}"`);
  await shot(page, out, "e2e-lambeth-baseline.png");

  // Two flagged footprints read with the card and fixed.
  const band = await readBandFlag(page);
  if (band) ok(`band flag reads: ${band}`);
  const fixes = [];
  for (let i = 0; i < 2; i++) {
    const fx = await fixDetached(page);
    if (fx) { fixes.push(fx); ok(`fixed ${fx.owner}: ${fx.lsoas} detached LSOA(s) into ${fx.into}, read from the card`); }
  }
  assert.ok(fixes.length >= 1, "at least one footprint in pieces was fixed");
  await shot(page, out, "e2e-lambeth-fixed.png");
  const refreshMs = await page.evaluate(() => window.fp.state.refreshMs);
  ok(`timing: stroke end to fresh tallies, scorecard and flags ${Math.round(refreshMs)} ms; card ${fixes.map((f) => f.cardMs).join(", ")} ms`);

  // Propose: nothing empty, and the banner agrees with the scorecard.
  await page.click("#design-propose");
  await page.waitForSelector("#undo-design", { timeout: 120000 });
  await settled(page);
  const after = await footprintsOf(page);
  assert.ok(after.every((f) => f.lsoas > 0), `no empty footprints after Propose: ${after.map((f) => `${f.name} ${f.lsoas}`).join("; ")}`);
  const bannerText = await page.textContent("#banner");
  const inBand = await page.textContent('#scorecard [data-key="in_band"] strong');
  const [k, n] = inBand.split(" / ").map((x) => Number(x.replace(/,/g, "")));
  assert.ok(bannerText.includes(k === n ? `all ${n} footprints in band` : `${k} of ${n} footprint`), `the banner "${bannerText}" agrees with the scorecard ${inBand}`);
  ok(`Propose: ${after.length} footprints, none empty; banner: ${bannerText.replace(/Undo.*/, "").trim()}`);
  await shot(page, out, "e2e-lambeth-proposed.png");

  // Delete one footprint, then merge two.
  const [a, b, c] = after;
  await page.hover(`#footprints li[data-id="${c.id}"]`);
  await page.click(`#footprints li[data-id="${c.id}"] .fp-delete`);
  await page.waitForFunction((id) => !window.fp.state.plan.footprints.some((f) => f.id === id), c.id);
  await settled(page);
  const unassigned = await page.evaluate((codes) => codes.filter((x) => window.fp.state.plan.assignments[x]).length, c.codes);
  assert.equal(unassigned, 0, "the deleted footprint's LSOAs are unassigned");
  ok(`deleted ${c.name}: its ${c.codes.length} LSOAs are unassigned`);
  await page.click(`#footprints li[data-id="${a.id}"] .fp-meta`);
  await page.hover(`#footprints li[data-id="${b.id}"]`);
  await page.click(`#footprints li[data-id="${b.id}"] .fp-merge`);
  await page.waitForFunction((id) => !window.fp.state.plan.footprints.some((f) => f.id === id), b.id);
  await settled(page);
  const merged = await page.evaluate((id) => window.fp.state.pop.get(id), a.id);
  assert.equal(merged, a.pop + b.pop, "the merged footprint holds both footprints' residents");
  ok(`merged ${b.name} into ${a.name}: ${merged.toLocaleString("en-GB")} residents`);
  await shot(page, out, "e2e-lambeth-merged.png");

  // An empty footprint, removed.
  await page.click("#new-footprint");
  await page.waitForSelector("#remove-empty:not([hidden])");
  await page.click("#remove-empty");
  await page.waitForSelector("#remove-empty", { state: "hidden" });
  await settled(page);
  ok("an empty footprint is removed with Remove empty footprints");

  // Export and import back GeoJSON and GeoPackage.
  const before = await page.evaluate(() => JSON.stringify(Object.entries(window.fp.state.plan.assignments).sort()));
  for (const [link, ext] of [["#export-geojson", "geojson"], ["#export-gpkg", "gpkg"]]) {
    await page.click("#export-box summary").catch(() => {});
    await page.evaluate(() => { document.getElementById("export-box").open = true; });
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(link)]);
    const file = `${out}/lambeth-export.${ext}`;
    await dl.saveAs(file);
    await page.setInputFiles("#import-file", file);
    await page.evaluate(() => { document.getElementById("banner").hidden = true; document.getElementById("banner").textContent = ""; });
    await page.click("#import-plan");
    await page.waitForFunction((f) => { const t = document.getElementById("banner").textContent; return /Not imported/.test(t) || t.includes(f); }, `lambeth-export.${ext}`, { timeout: 60000 });
    const msg = await page.textContent("#banner");
    assert.match(msg, /^Imported/, `re-importing the ${ext} export: ${msg}`);
    await settled(page);
    const now = await page.evaluate(() => JSON.stringify(Object.entries(window.fp.state.plan.assignments).sort()));
    assert.equal(now, before, `the ${ext} round trip keeps every LSOA in its footprint`);
    ok(`exported and re-imported ${ext}: ${msg.slice(0, 90)}`);
  }
  await shot(page, out, "e2e-lambeth-imported.png");

  // Reload: the same plan.
  await page.reload();
  await ready(page);
  await settled(page);
  const reloaded = await page.evaluate(() => JSON.stringify(Object.entries(window.fp.state.plan.assignments).sort()));
  assert.equal(reloaded, before, "the reloaded plan is the plan");
  ok("reloaded: the same plan");
  await shot(page, out, "e2e-lambeth-reloaded.png");
});
