// Browser test of the web map designer, acting as a user would, in
// headless Chromium. Run by server/browser_test.go:
//
//	node static/e2e/designer.mjs BASE_URL ARTIFACT_DIR
//
// It prints one line per check and exits non-zero on the first failure.
import { ok, page as pageIn, ready, run, labelOverlaps, mapColours, blend, near, MAP_BACKGROUND } from "./lib.mjs";
import assert from "node:assert/strict";

const [base, out] = process.argv.slice(2);
const PLACE = "E09000007"; // Camden

// settled waits until every edit is saved and the scores are fresh.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = window.fp.state;
    return !s.sending && s.queue.length === 0 && document.body.dataset.scored === String(s.plan.version);
  }, null, { timeout: 15000 });
}

const tally = (page, id) => page.$eval(`#footprints li[data-id="${id}"] .fp-pop`, (e) => Number(e.textContent.replace(/,/g, "")));
const assigned = (page, id) => page.evaluate((id) => Object.entries(window.fp.state.plan.assignments).filter(([, f]) => f === id).map(([c]) => c).sort(), id);
const popOf = (page, codes) => page.evaluate((codes) => codes.reduce((n, c) => n + window.fp.state.unit.get(c).population, 0), codes);

async function click(page, code) {
  const p = await page.evaluate((c) => window.fp.pointOf(c), code);
  await page.mouse.click(p.x, p.y);
}

await run(async (browser, errors) => {
  const newPage = () => pageIn(browser, errors);
  // 1. Open the app, pick a place, create a plan.
  let page = await newPage();
  const t0 = Date.now();
  await page.goto(base + "/");
  await ready(page);
  ok(`start page ready in ${Date.now() - t0} ms`);
  // Every LSOA is drawn at once, in the grey of no footprint.
  const sample = await page.evaluate(() => [...window.fp.state.unit.keys()].filter((_, i) => i % 500 === 0));
  const greys = await mapColours(page, sample);
  assert.ok(greys.filter((c) => near(c, [0xd9, 0xdc, 0xdf], 12)).length >= sample.length - 2, `LSOAs drawn grey on the start page: ${JSON.stringify(greys)}`);
  ok(`the start page draws London's LSOAs: ${sample.length} sampled, grey, none left as background`);
  assert.ok(await page.$eval("#map-loading", (e) => e.hidden && e.offsetParent === null), "the 'Drawing the map…' note is gone once the map is drawn");
  await page.fill("#plan-name", "Camden <i>draft</i>");
  await page.fill("#place-filter", "camden");
  await page.check(`#places input[value="${PLACE}"]`);
  await page.click("#create-plan");
  await page.waitForSelector("#editor:not([hidden])");
  await ready(page);
  const editURL = page.url();
  assert.match(editURL, /\?plan=[0-9a-f]+#edit=[0-9a-f]+/);
  assert.equal(await page.inputValue("#plan-title"), "Camden <i>draft</i>", "the name is shown as text");
  ok("created a plan for Camden from the start page");

  // 2. A footprint, then paint LSOAs one click at a time.
  await page.click("#new-footprint");
  await page.waitForSelector('#footprints li[data-id="f1"]');
  await settled(page);
  await page.click("#tool-paint");
  const camden = await page.evaluate((pl) => [...window.fp.state.unit.values()].filter((u) => u.place === pl).map((u) => u.code), PLACE);
  // Ten LSOAs of one ward and its neighbours, near the middle of Camden.
  const picks = await page.evaluate((codes) => {
    const s = window.fp.state;
    const mid = codes.map((c) => s.unit.get(c)).sort((a, b) => a.label[1] - b.label[1])[Math.floor(codes.length / 2)];
    return codes.map((c) => s.unit.get(c)).sort((a, b) => Math.hypot(a.label[0] - mid.label[0], a.label[1] - mid.label[1]) - Math.hypot(b.label[0] - mid.label[0], b.label[1] - mid.label[1])).slice(0, 10).map((u) => u.code);
  }, camden);
  for (const c of picks) await click(page, c);
  let codes = await assigned(page, "f1");
  assert.deepEqual(codes, [...picks].sort(), "every clicked LSOA is painted");
  assert.equal(await tally(page, "f1"), await popOf(page, codes), "the tally is the sum of the painted LSOAs' residents");
  ok(`painted ${codes.length} LSOAs by click; tally ${await tally(page, "f1")} residents`);
  // What the map draws there: the active footprint's colour, over the background.
  const want = blend(await page.evaluate(() => window.fp.colourOf("f1")), 0.92);
  const drawn = await mapColours(page, picks);
  assert.ok(drawn.filter((c) => near(c, want)).length >= picks.length - 1, `painted LSOAs drawn ${JSON.stringify(drawn)}, want about ${want}`);
  assert.ok(drawn.every((c) => !near(c, MAP_BACKGROUND, 4)), "no painted LSOA is left undrawn");
  ok(`the map draws the painted LSOAs in f1's colour (${want})`);

  // 3. Drag the brush across Camden from west to east.
  const row = await page.evaluate((codes) => {
    const s = window.fp.state;
    const us = codes.map((c) => s.unit.get(c));
    const lat = us.reduce((n, u) => n + u.label[1], 0) / us.length - 0.004;
    return us.filter((u) => Math.abs(u.label[1] - lat) < 0.0015).sort((a, b) => a.label[0] - b.label[0]).map((u) => u.code);
  }, camden);
  const pts = await Promise.all(row.map((c) => page.evaluate((c) => window.fp.pointOf(c), c)));
  await page.mouse.move(pts[0].x, pts[0].y);
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(p.x, p.y, { steps: 6 });
  await page.mouse.up();
  const afterDrag = await assigned(page, "f1");
  const dragged = afterDrag.filter((c) => !codes.includes(c));
  assert.ok(dragged.length >= 5, `the drag painted ${dragged.length} LSOAs`);
  assert.equal(await tally(page, "f1"), await popOf(page, afterDrag), "the tally follows the drag");
  await settled(page);
  const sc = await page.evaluate(async () => (await (await fetch(`/api/plans/${window.fp.state.plan.id}/scores`)).json()).footprints.find((f) => f.id === "f1"));
  assert.equal(sc.population, await popOf(page, afterDrag), "the server agrees with the tally");
  ok(`dragged across ${dragged.length} more LSOAs: ${afterDrag.length} in all, ${sc.population} residents, saved`);
  await page.screenshot({ path: `${out}/e2e-painted.png` });

  // 4. Undo and redo from the keyboard.
  await page.keyboard.press("Control+z");
  assert.deepEqual(await assigned(page, "f1"), codes, "undo takes the drag back");
  assert.equal(await tally(page, "f1"), await popOf(page, codes));
  await page.keyboard.press("Control+y");
  assert.deepEqual(await assigned(page, "f1"), afterDrag, "redo puts it back");
  await settled(page);
  ok("undo and redo with Ctrl+Z and Ctrl+Y");

  // 5. A whole ward in one click, into a second footprint.
  await page.click("#new-footprint");
  await page.waitForSelector('#footprints li[data-id="f2"]');
  await settled(page);
  await page.selectOption("#target", "ward");
  const ward = await page.evaluate((codes) => {
    const s = window.fp.state;
    const a = s.plan.assignments;
    for (const c of codes) {
      const w = s.unit.get(c).ward;
      const members = s.byWard.get(w);
      if (members.every((m) => !a[m] && s.unit.get(m).place === s.unit.get(c).place)) return { code: c, members: [...members].sort() };
    }
    return null;
  }, camden);
  await click(page, ward.code);
  await page.waitForFunction((n) => Object.values(window.fp.state.plan.assignments).filter((f) => f === "f2").length === n, ward.members.length);
  assert.deepEqual(await assigned(page, "f2"), ward.members, "the whole ward is painted");
  await settled(page);
  ok(`painted a whole ward (${ward.members.length} LSOAs) in one click`);
  await page.selectOption("#target", "lsoa");

  // 6. Lock f1 and fail to paint over it.
  await page.click('#footprints li[data-id="f1"] .fp-lock');
  await page.waitForFunction(() => window.fp.state.plan.footprints.find((f) => f.id === "f1").locked);
  await page.click('#footprints li[data-id="f2"] .fp-meta');
  await click(page, picks[0]);
  assert.equal(await page.evaluate((c) => window.fp.state.plan.assignments[c], picks[0]), "f1", "a locked footprint keeps its LSOAs");
  assert.match(await page.textContent("#tip"), /locked/);
  ok("a locked footprint cannot be painted over");

  // 7. A flag zooms to its subject and highlights it, with its action.
  await settled(page);
  await page.$$eval("#flags details", (ds) => ds.forEach((d) => { d.open = true; }));
  const flags = await page.$$("#flags li");
  assert.ok(flags.length > 0, "the plan has flags");
  await flags[0].click();
  const hl = await page.evaluate(() => window.fp.state.highlighted.length);
  assert.ok(hl > 0, "the flag's subject is highlighted");
  assert.ok((await flags[0].textContent()).length > 20);
  ok(`clicking a flag highlights ${hl} LSOAs: ${(await flags[0].textContent()).slice(0, 80)}…`);
  await page.screenshot({ path: `${out}/e2e-flag.png` });

  // 8. Reload: the plan persists.
  const before = await page.evaluate(() => ({ v: window.fp.state.plan.version, a: window.fp.state.plan.assignments }));
  await page.reload();
  await ready(page);
  const after = await page.evaluate(() => ({ v: window.fp.state.plan.version, a: window.fp.state.plan.assignments }));
  assert.deepEqual(after, before, "the reloaded plan is the saved plan");
  ok(`reloaded at version ${after.v} with ${Object.keys(after.a).length} LSOAs assigned`);
  await page.click("#versions-box summary");
  assert.ok((await page.$$("#versions li")).length >= after.v - 1, "versions are listed");

  // 9. The share link is read-only.
  const share = await page.inputValue("#share-link");
  const ro = await newPage();
  await ro.goto(share);
  await ready(ro);
  assert.equal(await ro.textContent("#mode"), "read-only");
  assert.ok(await ro.isDisabled("#tool-paint"), "no paint tool");
  const p0 = await ro.evaluate((c) => window.fp.pointOf(c), camden[camden.length - 1]);
  await ro.mouse.click(p0.x, p0.y);
  assert.deepEqual(await ro.evaluate(() => window.fp.state.plan.assignments), after.a, "a read-only click changes nothing");
  ok("the share link opens the plan read-only");
  await ro.screenshot({ path: `${out}/e2e-readonly.png` });

  // 10. Two tabs: the stale one gets a 409 and is told what changed.
  const tabB = await newPage();
  await tabB.goto(editURL);
  await ready(tabB);
  await tabB.click("#tool-paint");
  await tabB.click('#footprints li[data-id="f2"] .fp-meta');
  const free = await page.evaluate((codes) => codes.filter((c) => !window.fp.state.plan.assignments[c]), camden);
  await page.click("#tool-paint");
  await page.click('#footprints li[data-id="f2"] .fp-meta');
  await click(page, free[1]);
  await settled(page);
  await click(tabB, free[2]);
  await tabB.waitForSelector("#banner:not([hidden])");
  const msg = await tabB.textContent("#banner");
  assert.match(msg, /Someone else has edited this plan/);
  assert.match(msg, /LSOA/);
  ok(`the second tab got a 409 and says: ${msg.slice(0, 90)}…`);
  await tabB.screenshot({ path: `${out}/e2e-conflict.png` });

  // 11. Rename and recolour a footprint; erase an LSOA.
  await page.fill('#footprints li[data-id="f2"] .fp-name', "Kentish Town & <Gospel Oak>");
  await page.press('#footprints li[data-id="f2"] .fp-name', "Enter");
  await page.waitForFunction(() => window.fp.state.plan.footprints.find((f) => f.id === "f2").name === "Kentish Town & <Gospel Oak>");
  await page.$eval('#footprints li[data-id="f2"] .fp-colour', (e) => { e.value = "#cc79a7"; e.dispatchEvent(new Event("change")); });
  await page.waitForFunction(() => window.fp.state.plan.footprints.find((f) => f.id === "f2").colour === "#cc79a7");
  await settled(page);
  assert.ok(await page.$eval("#detail h2", (e) => e.textContent.includes("<Gospel Oak>")), "the new name shows as text");
  const erased = ward.members[0];
  await page.click("#tool-erase");
  await click(page, erased);
  assert.equal(await page.evaluate((c) => window.fp.state.plan.assignments[c], erased), undefined, "erased");
  await settled(page);
  ok("renamed, recoloured and erased");

  // 12. Outside the chosen places nothing is painted until crossing is allowed.
  await page.click("#tool-paint");
  const outside = await page.evaluate((pl) => {
    const s = window.fp.state;
    const mine = [...s.unit.values()].filter((u) => u.place === pl);
    const cx = mine.reduce((n, u) => n + u.label[0], 0) / mine.length, cy = mine.reduce((n, u) => n + u.label[1], 0) / mine.length;
    return [...s.unit.values()].filter((u) => u.place !== pl).sort((a, b) => Math.hypot(a.label[0] - cx, a.label[1] - cy) - Math.hypot(b.label[0] - cx, b.label[1] - cy))[0].code;
  }, PLACE);
  await click(page, outside);
  assert.equal(await page.evaluate((c) => window.fp.state.plan.assignments[c], outside), undefined, "outside the places: not painted");
  assert.match(await page.textContent("#tip"), /Outside the plan's places/);
  await page.check("#allow-cross");
  await page.waitForFunction(() => window.fp.state.plan.settings.allow_cross_place);
  await click(page, outside);
  await settled(page);
  assert.equal(await page.evaluate((c) => window.fp.state.plan.assignments[c], outside), "f2", "crossing allowed: painted");
  ok(`cross-boundary LSOA ${outside} refused, then painted once allowed`);

  // 13. Keyboard: with the paint tool, A paints the LSOA at the centre.
  const centre = free[3];
  await page.evaluate((c) => window.fp.map.jumpTo({ center: window.fp.state.unit.get(c).label, zoom: 14 }), centre);
  await page.focus("#map");
  await page.keyboard.press("a");
  await page.waitForFunction((c) => window.fp.state.plan.assignments[c] === "f2", centre);
  await settled(page);
  ok("the A key paints the LSOA at the map's centre");

  // 14. MSOA names are labelled at neighbourhood zoom.
  await page.waitForFunction(() => document.querySelectorAll(".msoa-label").length > 0, null, { timeout: 10000 });
  ok(`MSOA labels at zoom 14: ${await page.$$eval(".msoa-label", (l) => l.slice(0, 3).map((e) => e.textContent).join(", "))}`);
  // The footprints' labels come first; no name is drawn over another.
  assert.ok(await page.$$eval(".fp-label", (l) => l.length) > 0, "footprint labels at zoom 14");
  assert.deepEqual(await labelOverlaps(page), [], "no two labels overlap at zoom 14");
  ok("footprint and MSOA labels at zoom 14 do not overlap");
  await page.screenshot({ path: `${out}/e2e-zoomed.png` });

  // 15. Search a PCN: its catchment appears as a choropleth.
  await page.fill("#search", "kentish town");
  await page.waitForSelector("#search-results li");
  const pcnResult = await page.$('#search-results li:has(.badge:text-is("PCN"))');
  assert.ok(pcnResult, "a PCN is found by name");
  await pcnResult.click();
  await page.waitForFunction(() => window.fp.state.catchmentPCN !== null);
  assert.ok(await page.isChecked("#toggle-catchment"));
  const shares = await page.evaluate(() => Object.keys(window.fp.state.catchmentPCN.share).length);
  assert.ok(shares > 10, "the catchment covers LSOAs");
  ok(`searched a PCN: ${await page.textContent("#catchment-name")}, patients in ${shares} LSOAs`);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${out}/e2e-catchment.png` });
  await page.fill("#search", "E01000001");
  await page.waitForSelector("#search-results li");
  assert.match(await page.textContent("#search-results"), /City of London 001A/);
  ok("search finds an LSOA by code");

  // 16. Restore an earlier version from the versions list.
  await page.$eval("#versions-box", (d) => { d.open = true; });
  const vBefore = await page.evaluate(() => window.fp.state.plan.version);
  const restoreButtons = await page.$$("#versions li button");
  await restoreButtons[restoreButtons.length - 1].click(); // the oldest: version 1
  await page.waitForFunction((v) => window.fp.state.plan.version === v + 1, vBefore);
  assert.equal(await page.evaluate(() => Object.keys(window.fp.state.plan.assignments).length), 0, "version 1 had nothing assigned");
  // The banner follows the scores of the restored version: wait for it.
  await page.waitForFunction(() => /Restored version 1/.test(document.getElementById("banner").textContent), null, { timeout: 15000 });
  assert.match(await page.textContent("#banner"), /Restored version 1/);
  ok(`restored version 1 as version ${vBefore + 1}`);

});
