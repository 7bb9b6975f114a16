// Browser test of the board page on Lambeth: the PCN baseline (version 1)
// against a proposal (the latest version), every view, the register and
// the printed decision pack.
//
//	node static/e2e/board.mjs BASE_URL PLAN_ID EDIT_URL ARTIFACT_DIR
import { ok, page as newPage, run } from "./lib.mjs";
import assert from "node:assert/strict";
import fs from "node:fs";
import { execFileSync } from "node:child_process";

const [base, id, editURL, out] = process.argv.slice(2);
const shot = (p, name) => p.screenshot({ path: `${out}/${name}`, fullPage: false });

await run(async (browser, errors) => {
  // 1. From the designer's versions list: each version has its scorecard
  // line, and one click compares it with the latest.
  const ed = await newPage(browser, errors);
  await ed.goto(editURL);
  await ed.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  // Footprints are drawn with a boundary line between them.
  await ed.waitForFunction(() => window.fp.map.getSource("fp-boundaries") && window.fp.map.querySourceFeatures("fp-boundaries").length > 0, null, { timeout: 30000 });
  ok("the designer draws a boundary line between footprints");
  await ed.screenshot({ path: `${out}/board-designer-boundaries.png` });
  await ed.click("#versions-box summary");
  await ed.waitForSelector("#versions li .version-card");
  const line = await ed.textContent("#versions li:last-child .version-card");
  assert.match(line, /\d+ errors? · \d+ of \d+ in band · \d+ PCNs aligned/);
  ok(`version 1 in the designer: ${line}`);
  await Promise.all([ed.waitForURL(/board\.html/), ed.click("#versions li:last-child a:text-is('Compare')")]);
  await ed.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  assert.equal(await ed.getAttribute("body", "data-compared"), "true", "one click compares version 1 with the latest");
  const attribution = await ed.textContent("#attribution");
  assert.ok(/Open Government Licence/.test(attribution) && !/\.,\S/.test(attribution), `the attribution reads as sentences: ${attribution.slice(0, 120)}`);
  await ed.close();

  // 2. The scorecard table: one column per plan, judged against the first.
  const p = await newPage(browser, errors, { viewport: { width: 1400, height: 1000 } });
  await p.goto(`${base}/board.html?plans=${id}@1,${id}`);
  await p.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  const heads = await p.$$eval("#scorecard-table thead th", (ths) => ths.map((t) => t.textContent));
  assert.equal(heads.length, 3, "a column per plan");
  assert.match(heads[1], /v1$/);
  const rows = await p.$$eval("#scorecard-table tbody tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const row = (label) => rows.find((r) => r[0] === label);
  for (const label of ["In band", "PCNs aligned", "Mean PCN containment", "Wards split", "Residents moved from the first", "Mean Polsby-Popper (0–1)", "IMD spread (standard deviation)"]) assert.ok(row(label), `scorecard row ${label}`);
  assert.equal(row("Residents moved from the first")[1], "0");
  assert.ok(Number(row("Residents moved from the first")[2].replace(/,/g, "")) > 0, "the proposal moves residents");
  assert.match(await p.textContent("#matching"), /one to one/);
  ok(`scorecard: in band ${row("In band").slice(1).join(" → ")}, aligned ${row("PCNs aligned").slice(1).join(" → ")}, moved ${row("Residents moved from the first")[2]}`);
  await shot(p, "board-scorecard.png");

  // 3. The difference map, side by side, then overlaid.
  await p.click("#tabs button[data-view=map]");
  await p.waitForFunction(() => document.body.dataset.map === "side", null, { timeout: 30000 });
  await p.waitForTimeout(2500);
  assert.match(await p.textContent("#flow-legend"), /Pan and zoom move both/);
  await shot(p, "board-map-side.png");
  await p.check("input[name=map-mode][value=overlay]");
  await p.waitForFunction(() => document.body.dataset.map === "overlay");
  await p.waitForTimeout(2500);
  const legend = await p.textContent("#flow-legend");
  assert.match(legend, /Dashed black lines/);
  assert.match(legend, /→.*residents/, "the legend names the flows");
  assert.ok(await p.isHidden("#map-b"), "one map when overlaid");
  await shot(p, "board-map-overlay.png");
  ok("difference map side by side and overlaid");

  // 4. Movement and PCNs.
  await p.click("#tabs button[data-view=movement]");
  const moveRows = await p.$$eval("#movement tbody tr", (trs) => trs.length);
  assert.ok(moveRows >= 8, `a movement row per baseline footprint (${moveRows})`);
  await shot(p, "board-movement.png");
  await p.click("#tabs button[data-view=pcns]");
  const changed = await p.$$eval("#pcn-table tbody tr", (trs) => trs.length);
  await p.uncheck("#pcn-changes");
  const all = await p.$$eval("#pcn-table tbody tr", (trs) => trs.length);
  assert.ok(all >= changed && all > 0, `PCNs: ${changed} change status of ${all}`);
  ok(`movement: ${moveRows} footprints; PCNs: ${changed} of ${all} change status`);
  await shot(p, "board-pcns.png");

  // 5. The actions register, filtered, and its CSV.
  await p.click("#tabs button[data-view=register]");
  await p.waitForSelector("#register h3");
  const kinds = await p.$$eval("#register h3", (hs) => hs.map((x) => x.textContent));
  assert.equal(kinds.length, 3, "three kinds of action");
  await p.selectOption("#reg-kind", "realign");
  assert.equal((await p.$$eval("#register h3", (hs) => hs.length)), 1, "the kind filter filters");
  await p.selectOption("#reg-kind", "");
  await p.fill("#reg-filter", "zzzz-no-such");
  assert.deepEqual(await p.$$eval("#register tbody tr", (trs) => trs.length), 0, "the text filter filters");
  await p.fill("#reg-filter", "");
  const csvURL = await p.getAttribute("#reg-csv", "href");
  const csv = await p.evaluate(async (u) => (await fetch(u)).text(), csvURL);
  assert.ok(csv.split("\n").length > 2, "the register downloads as CSV");
  ok(`register: ${kinds.join(", ")}; CSV ${csv.split("\n").length - 1} lines`);
  await shot(p, "board-register.png");

  // 6. Each plan's decision pack prints to at most 2 + 1 per footprint A4 pages.
  await p.click("#tabs button[data-view=pack]");
  const links = await p.$$eval("#packs li a", (as) => as.map((a) => a.getAttribute("href")));
  assert.equal(links.length, 2, "a pack per plan");
  for (const [i, link] of links.entries()) {
    const pk = await newPage(browser, errors);
    await pk.goto(base + link);
    const footprints = await pk.$$eval("section.page h2 .swatch", (s) => s.length);
    await pk.emulateMedia({ media: "print" });
    const pdfPath = `${out}/board-pack-${i + 1}.pdf`;
    await pk.pdf({ path: pdfPath, format: "A4", printBackground: true });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdfPath]).toString())[1]);
    assert.ok(footprints >= 6 && footprints <= 12, `Lambeth has 6-12 footprints (${footprints})`);
    assert.ok(pages <= 2 + footprints, `the pack prints to ${pages} pages, at most ${2 + footprints}`);
    execFileSync("pdftoppm", ["-r", "40", "-png", pdfPath, `${out}/board-pack-${i + 1}`]);
    assert.ok(fs.statSync(pdfPath).size > 10000);
    ok(`decision pack of plan ${i + 1}: ${footprints} footprints on ${pages} A4 pages`);
    await pk.close();
  }

  // 7. The comparison itself prints: scorecard, movement and PCNs.
  await p.emulateMedia({ media: "print" });
  const cmpPath = `${out}/board-comparison.pdf`;
  await p.pdf({ path: cmpPath, format: "A4" });
  const cmpPages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [cmpPath]).toString())[1]);
  const text = execFileSync("pdftotext", [cmpPath, "-"]).toString();
  for (const want of ["Comparison of", "Mean PCN containment", "Residents moved", "Where they are in", "PCN"]) assert.ok(text.includes(want), `the printed comparison holds ${want}`);
  assert.ok(!text.includes("Pick two to four plans"), "the picker is not printed");
  execFileSync("pdftoppm", ["-r", "40", "-png", cmpPath, `${out}/board-comparison`]);
  ok(`the comparison prints to ${cmpPages} A4 pages`);
});
