// Browser test of hostile user text: a plan whose name, footprint names
// and footprint ids are script, markup, template and bidi payloads, and
// imported GeoJSON and CSV files with hostile properties and file names,
// opened for editing and by its share link. Every name must show as
// literal text, nothing may call alert, confirm or prompt or open a
// dialog, no attribute may become an event handler, and the page must run
// under the Content-Security-Policy with no violation. Run by
// server/xss_browser_test.go:
//
//	node static/e2e/hostile.mjs BASE_URL ARTIFACT_DIR
import { ok, run } from "./lib.mjs";
import { CSP, HOSTILE, ids, guarded, audit, cspInForce } from "./guard.mjs";
import assert from "node:assert/strict";

const [base, out] = process.argv.slice(2);
const PLACE = "E09000007"; // Camden
const IDS = ids();
const NAMES = HOSTILE;
const BAD_COLOUR = `#fff" onmouseover="alert(1)`;

// call calls the JSON API from node, with the edit token when given.
async function call(method, path, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body == null ? undefined : JSON.stringify(body) });
  return { status: r.status, headers: r.headers, body: await r.json() };
}

// makePlan creates the hostile plan through the API: footprints with
// hostile ids and names, and Camden's LSOAs dealt out in strips west to east.
async function makePlan(camden) {
  const cr = await call("POST", "/api/plans", { name: NAMES[0], places: [PLACE], baseline: null });
  assert.equal(cr.status, 201, `create: ${JSON.stringify(cr.body)}`);
  const { id, edit_token: token } = cr.body;
  const footprints = IDS.map((fid, i) => ({ id: fid, name: NAMES[i], colour: i === 3 ? BAD_COLOUR : undefined }));
  let r = await call("PATCH", `/api/plans/${id}`, { base_version: 1, footprints }, token);
  assert.equal(r.status, 200, `patch footprints: ${JSON.stringify(r.body)}`);
  const strip = Math.ceil(camden.length / IDS.length);
  const changes = camden.map((c, i) => ({ lsoa: c, footprint: IDS[Math.floor(i / strip)] }));
  r = await call("PATCH", `/api/plans/${id}/assignments`, { base_version: r.body.version, changes }, token);
  assert.equal(r.status, 200, `assign: ${JSON.stringify(r.body)}`);
  return cr.body;
}

// camdenUnits lists Camden's LSOAs west to east, with the borough's bounds.
async function camdenUnits() {
  const r = await fetch(base + "/api/units");
  const fc = await r.json();
  const us = fc.features.map((f) => f.properties).filter((p) => p.place === PLACE).sort((a, b) => a.label[0] - b.label[0]);
  const bbox = us.reduce((b, u) => [Math.min(b[0], u.bbox[0]), Math.min(b[1], u.bbox[1]), Math.max(b[2], u.bbox[2]), Math.max(b[3], u.bbox[3])], [180, 90, -180, -90]);
  return { codes: us.map((u) => u.code), bbox };
}

// rows reads the footprints list: id, the name in its box, and its colour box.
const rows = (p) => p.$$eval("#footprints li", (ls) => ls.map((l) => ({ id: l.dataset.id, name: l.querySelector(".fp-name").value, colour: l.querySelector(".fp-colour").value })));

// expectRows checks the footprints list shows exactly these ids and names.
async function expectRows(p, want, what) {
  const got = await rows(p);
  assert.deepEqual(got.map((r) => [r.id, r.name]).sort(), want.map((w) => [w.id, w.name]).sort(), `${what}: ids and names as given`);
  for (const r of got) assert.match(r.colour, /^#[0-9a-f]{6}$/, `${what}: a colour box holds a colour, not ${r.colour}`);
}

// clean checks the page's audit: no markup from user text, no dialogs, no CSP violation.
async function clean(p, dialogs, what) {
  const a = await audit(p);
  assert.deepEqual(a.bad, [], `${what}: no element or attribute made from user text`);
  assert.deepEqual(a.scripts, ["/vendor/maplibre-gl.js", "/js/warm.js", "/js/main.js"], `${what}: only the page's own scripts`);
  assert.deepEqual(a.calls, [], `${what}: alert, confirm and prompt never called`);
  assert.deepEqual(dialogs, [], `${what}: no dialog`);
  assert.deepEqual(a.csp, [], `${what}: no Content-Security-Policy violation`);
}

// fits checks that nothing in the panel is wider than it: long names wrap.
async function fits(p, what) {
  const over = await p.evaluate(() => {
    const panel = document.getElementById("panel"), right = panel.getBoundingClientRect().right;
    return [...panel.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > right + 1).map((e) => `<${e.tagName.toLowerCase()}> ${e.textContent.slice(0, 40)}`).slice(0, 5);
  });
  assert.deepEqual(over, [], `${what}: nothing sticks out of the panel`);
}

// settled waits until every edit is saved and the scores are fresh.
function settled(p) {
  return p.waitForFunction(() => {
    const s = window.fp.state;
    return !s.sending && s.queue.length === 0 && document.body.dataset.scored === String(s.plan.version);
  }, null, { timeout: 20000 });
}

// at is the page point inside an LSOA of a footprint.
async function at(p, fid) {
  return p.evaluate((fid) => {
    const code = Object.entries(window.fp.state.plan.assignments).find(([, f]) => f === fid)[0];
    return window.fp.pointOf(code);
  }, fid);
}

// rowIndex is the position of a footprint's row in the list.
const rowIndex = (p, fid) => p.$$eval("#footprints li", (ls, fid) => ls.findIndex((l) => l.dataset.id === fid), fid);

// hoverAndClick hovers each footprint on the map and in the list, clicks
// its row, and checks the detail names it as it is.
async function hoverAndClick(p, want) {
  for (const w of want) {
    const pt = await at(p, w.id);
    await p.mouse.move(pt.x, pt.y, { steps: 3 });
    const row = p.locator("#footprints li").nth(await rowIndex(p, w.id));
    await row.hover();
    await row.locator(".fp-meta").click();
    await p.waitForFunction((n) => { const e = document.querySelector("#detail h2"); return e && e.textContent === n; }, w.name, { timeout: 10000 });
  }
}

// flags clicks the first flags and checks that they name footprints literally.
async function flags(p, want) {
  await p.$$eval("#flags details", (ds) => ds.forEach((d) => { d.open = true; }));
  const text = await p.$$eval("#flags li", (ls) => ls.map((l) => l.textContent));
  assert.ok(text.length > 0, "the plan has flags");
  const named = want.filter((w) => text.some((t) => t.includes(w.name)));
  assert.ok(named.length >= want.length / 2, `flags name the footprints literally (${named.length} of ${want.length})`);
  const items = p.locator("#flags li");
  for (let i = 0; i < Math.min(8, text.length); i++) { await items.nth(i).hover(); await items.nth(i).click(); }
  return named.length;
}

// versions opens the versions list and checks it names every footprint literally.
async function versions(p, want) {
  await p.$eval("#versions-box", (d) => { d.open = true; });
  await p.waitForSelector("#versions li");
  const text = await p.textContent("#versions");
  for (const w of want) assert.ok(text.includes(w.name), `the versions list names ${JSON.stringify(w.name.slice(0, 40))}`);
}

// profiles opens the profile box and checks its names.
async function profiles(p, want, active) {
  await p.$eval("#profile-box", (d) => { d.open = true; });
  await p.waitForSelector("#cmp-bars .bar", { timeout: 20000 });
  const bars = await p.$$eval("#cmp-bars .bar", (bs) => bs.map((b) => [b.dataset.id, b.querySelector(".name").textContent, b.querySelector(".name").title]));
  const byId = new Map(want.map((w) => [w.id, w.name]));
  for (const [id, name, title] of bars) {
    assert.equal(name, byId.get(id), "a comparison bar shows its footprint's name");
    assert.equal(title, byId.get(id), "and its tooltip too");
  }
  await p.waitForFunction((n) => { const e = document.querySelector("#profile h2"); return e && e.textContent === n; }, active, { timeout: 10000 });
  for (let i = 0; i < Math.min(4, bars.length); i++) await p.locator("#cmp-bars .bar").nth(i).click();
  await fits(p, "profiles");
  await p.$eval("#profile-box", (d) => { d.open = false; });
  return bars.length;
}

// coverage opens a Camden PCN's coverage and checks it names the plan and footprints literally.
async function coverage(p, planName, want) {
  await p.fill("#search", "camden pcn");
  const pcn = p.locator('#search-results li:has(.badge:text-is("PCN"))').first();
  await pcn.click();
  await p.waitForSelector("#coverage:not([hidden]) #cov-body table", { timeout: 20000 });
  const text = await p.textContent("#cov-body");
  assert.ok(text.includes(`In plan ${planName}: `), "the coverage names the plan literally");
  const named = want.filter((w) => text.includes(w.name));
  assert.ok(named.length > 0, "the coverage names footprints literally");
  await fits(p, "coverage");
  await p.click("#cov-close");
  return named.length;
}

await run(async (browser, errors) => {
  const note = { injected: false, console: [] };
  const { codes: camden, bbox } = await camdenUnits();
  const plan = await makePlan(camden);
  const want = IDS.map((id, i) => ({ id, name: NAMES[i] }));
  ok(`made plan ${plan.id} through the API: ${IDS.length} footprints with hostile ids and names, ${camden.length} LSOAs`);

  // 1. The edit page.
  const dialogs = [];
  const ed = await guarded(browser, errors, dialogs, note, base + plan.edit_url);
  await settled(ed);
  assert.equal(await ed.inputValue("#plan-title"), NAMES[0], "the plan name shows as given");
  await expectRows(ed, want, "edit page");
  await clean(ed, dialogs, "edit page on open");
  assert.ok(await cspInForce(ed), "the edit page is under a policy that blocks inline script");
  const mapColour = await ed.evaluate((id) => {
    const code = Object.entries(window.fp.state.plan.assignments).find(([, f]) => f === id)[0];
    return window.fp.map.getFeatureState({ source: "units", sourceLayer: "units", id: code }).colour;
  }, IDS[3]);
  assert.match(mapColour, /^#[0-9a-f]{6}$/i, `a footprint coloured ${BAD_COLOUR} is drawn in a colour`);
  ok(`edit page lists all ${want.length} footprints with their ids and names as given`);
  await hoverAndClick(ed, want);
  ok("hovering and clicking each footprint names it literally in the detail");
  ok(`flags name ${await flags(ed, want)} footprints literally; the first flags clicked`);

  // The tooltip of a locked footprint names it.
  const locked = want[1];
  await ed.locator("#footprints li").nth(await rowIndex(ed, locked.id)).locator(".fp-lock").click();
  await ed.waitForFunction((id) => window.fp.state.plan.footprints.find((f) => f.id === id).locked, locked.id);
  await settled(ed);
  await ed.locator("#footprints li").nth(await rowIndex(ed, want[0].id)).locator(".fp-meta").click();
  await ed.click("#tool-paint");
  const lp = await at(ed, locked.id);
  await ed.mouse.click(lp.x, lp.y);
  const tipText = await ed.textContent("#tip");
  assert.equal(tipText.replace(/[\u2068\u2069]/g, ""), `${locked.name} is locked`, "the tooltip names the locked footprint literally");
  await ed.click("#tool-pan");
  ok("the locked-footprint tooltip names it literally");

  // Renaming in the page: a footprint, and the plan to 200 "€".
  const renamed = `<img src=x onerror=alert(2)> renamed ${NAMES[4]}`;
  const r0 = ed.locator("#footprints li").nth(await rowIndex(ed, want[0].id)).locator(".fp-name");
  await r0.fill(renamed);
  await r0.press("Enter");
  await ed.waitForFunction(([id, n]) => window.fp.state.plan.footprints.find((f) => f.id === id).name === n, [want[0].id, renamed]);
  want[0].name = renamed;
  await settled(ed);
  const planName = NAMES[6];
  await ed.fill("#plan-title", planName);
  await ed.press("#plan-title", "Enter");
  await ed.waitForFunction((n) => window.fp.state.plan.name === n, planName);
  await expectRows(ed, want, "after renaming");
  ok("renamed a footprint and the plan (200 \"€\") in the page; both saved as typed");

  await versions(ed, want);
  ok("the versions list names every footprint literally");
  ok(`profiles: ${await profiles(ed, want, want[0].name)} comparison bars, each named literally`);
  await ed.$eval("#panel", (e) => { e.scrollTop = 0; });
  await ed.screenshot({ path: `${out}/e2e-hostile-edit.png` });
  await ed.$$eval("#flags details", (ds) => ds.forEach((d) => { d.open = true; }));
  const rlo = await ed.$$eval("#flags li", (ls) => ls.findIndex((l) => l.textContent.includes("\u202Eunclosed")));
  await ed.locator("#flags li").nth(rlo).screenshot({ path: `${out}/e2e-hostile-flag.png` });
  ok(`coverage names the plan and ${await coverage(ed, planName, want)} footprints literally`);
  await clean(ed, dialogs, "edit page");
  ok("edit page: no markup from user text, no dialog, no CSP violation");

  // 2. The share page, as any viewer of the read-only link sees it.
  const sh = await guarded(browser, errors, dialogs, note, base + plan.share_url);
  assert.ok(await cspInForce(sh), "the share page is under a policy that blocks inline script");
  assert.equal(await sh.textContent("#mode"), "read-only");
  assert.equal(await sh.inputValue("#plan-title"), planName);
  await expectRows(sh, want, "share page");
  await hoverAndClick(sh, want);
  await flags(sh, want);
  await versions(sh, want);
  // A click on a flag makes its footprint the active one.
  await profiles(sh, want, await sh.evaluate(() => window.fp.state.plan.footprints.find((f) => f.id === window.fp.state.active).name));
  await fits(sh, "share page with the versions open");
  await sh.locator("#versions").screenshot({ path: `${out}/e2e-hostile-versions.png` });
  await sh.$eval("#versions-box", (d) => { d.open = false; });
  await sh.$eval("#panel", (e) => { e.scrollTop = 0; });
  await sh.screenshot({ path: `${out}/e2e-hostile-share.png` });
  await coverage(sh, planName, want);
  await clean(sh, dialogs, "share page");
  ok("share page: every name literal on hover, click, flags, versions, profiles and coverage; no markup, dialog or CSP violation");

  // 3. Import GeoJSON with hostile properties, then a CSV with a hostile file name, into a second plan.
  const cr = await call("POST", "/api/plans", { name: NAMES[6], places: [PLACE], baseline: null });
  assert.equal(cr.status, 201, `a plan named 200 "€" is created: ${JSON.stringify(cr.body)}`);
  const im = await guarded(browser, errors, dialogs, note, base + cr.body.edit_url);
  await im.check("#allow-cross"); // the strips reach over Camden's edges
  await im.waitForFunction(() => window.fp.state.plan.settings.allow_cross_place);
  await im.$eval("#export-box", (d) => { d.open = true; });
  const strips = 4, w = (bbox[2] - bbox[0]) / strips;
  const colours = [BAD_COLOUR, "javascript:alert(1)", "'><svg onload=alert(1)>", "red;background:url(x)"];
  const feats = Array.from({ length: strips }, (_, i) => {
    const x0 = bbox[0] + i * w, x1 = x0 + w;
    return { type: "Feature", properties: { footprint: IDS[i + 4], name: NAMES[i + 4], colour: colours[i] },
      geometry: { type: "Polygon", coordinates: [[[x0, bbox[1]], [x1, bbox[1]], [x1, bbox[3]], [x0, bbox[3]], [x0, bbox[1]]]] } };
  });
  const gjName = `'><svg onload=alert(1)>.geojson`;
  await im.setInputFiles("#import-file", { name: gjName, mimeType: "application/geo+json", buffer: Buffer.from(JSON.stringify({ type: "FeatureCollection", features: feats })) });
  await im.click("#import-plan");
  await im.waitForFunction(() => /Imported|Not imported/.test(document.getElementById("banner").textContent), null, { timeout: 30000 });
  assert.ok((await im.textContent("#banner")).startsWith(`Imported ${gjName} as version`), `the banner names the file literally: ${await im.textContent("#banner")}`);
  await settled(im);
  const gj = feats.map((f) => ({ id: f.properties.footprint, name: f.properties.name }));
  await expectRows(im, gj, "GeoJSON import");
  await hoverAndClick(im, gj);
  await clean(im, dialogs, "after the GeoJSON import");
  ok(`imported ${gjName}: ${strips} footprints with hostile ids, names and colours, shown literally`);

  const csvName = "<img src=x onerror=alert(1)>.csv";
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const csvIds = [IDS[0], IDS[1], IDS[12]];
  const csv = ["lsoa21cd,footprint", ...camden.map((c, i) => `${c},${q(csvIds[i % csvIds.length])}`)].join("\n");
  await im.setInputFiles("#import-file", { name: csvName, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await im.click("#import-plan");
  await im.waitForFunction((n) => document.getElementById("banner").textContent.includes(n) || /Not imported/.test(document.getElementById("banner").textContent), csvName, { timeout: 30000 });
  assert.ok((await im.textContent("#banner")).startsWith(`Imported ${csvName} as version`), `the banner names the CSV literally: ${await im.textContent("#banner")}`);
  await settled(im);
  const got = (await rows(im)).filter((r) => csvIds.includes(r.id)).map((r) => r.id).sort();
  assert.deepEqual(got, [...csvIds].sort(), "the CSV's hostile footprint ids are listed as given");
  await versions(im, []);
  await im.$eval("#panel", (e) => { e.scrollTop = 0; });
  await im.screenshot({ path: `${out}/e2e-hostile-import.png` });
  await clean(im, dialogs, "after the CSV import");
  ok(`imported ${csvName} with hostile footprint ids; the file name and ids shown literally`);

  // A pasted link opens a plan on this server only, and never runs script.
  const st = await guarded(browser, errors, dialogs, note, base + "/");
  const origin = new URL(base).origin;
  for (const link of [`javascript:alert(1)`, `${origin}//evil.example/?plan=${plan.id}`, `//evil.example/?plan=${plan.id}`]) {
    await st.fill("#open-link", link);
    await st.click("#open-plan");
    await st.waitForTimeout(500);
    assert.equal(new URL(st.url()).origin, origin, `the link ${link} stays on this server`);
    if (new URL(st.url()).search) { await st.waitForSelector("body[data-ready=true]"); await st.goto(base + "/"); await st.waitForSelector("body[data-ready=true]"); }
  }
  await clean(st, dialogs, "start page after pasted links");
  ok("pasted links (javascript:, //host) open nothing off this server and run nothing");

  const logged = note.console.filter((m) => !m.includes("Executing inline script")); // the canaries of cspInForce
  if (logged.length) console.log(`note console errors: ${[...new Set(logged)].slice(0, 5).join(" | ")}`);
  ok(`${HOSTILE.length} hostile strings as plan names, footprint names and ids; ${colours.length} hostile colours; 2 hostile file names`);

  // 4. The server's Content-Security-Policy, on the page and on the API.
  if (note.injected) console.log("note the server sent no Content-Security-Policy with the page: the test added the expected one to try the page under it");
  for (const path of ["/", plan.share_url, "/api/atlas", `/api/plans/${plan.id}`, "/api/no-such-route"]) {
    const r = await fetch(base + path);
    const csp = r.headers.get("content-security-policy");
    assert.ok(csp, `${path} carries a Content-Security-Policy header`);
    const dirs = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
    const script = dirs["script-src"] || dirs["default-src"] || [];
    assert.ok(script.length && !script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'") && !script.includes("*"), `${path}: the policy forbids inline script (${csp})`);
    if (csp !== CSP) console.log(`note ${path}: policy differs from the expected one: ${csp}`);
  }
  ok("every response carries a Content-Security-Policy forbidding inline script");
});
