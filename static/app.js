// Footprint web map: draw neighbourhood footprints from LSOAs on a map with
// no basemap (there are no tiles offline), see their scores and flags, and
// save every edit as a numbered version on the server.
"use strict";

// IMD deciles, 1 = most deprived: a sequential palette that stays readable
// for colour-blind users (viridis).
const DECILE = ["#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];
// Footprint colours: Okabe-Ito, as the server assigns them.
const PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999933", "#882255", "#44AA99"];

const el = (id) => document.getElementById(id);
const fmt = (n) => (n == null ? "–" : Math.round(n).toLocaleString("en-GB"));
const pct = (x) => (x == null ? "–" : `${(100 * x).toFixed(0)}%`);

// text escapes a value for HTML: names are data, never markup.
function text(v) {
  const d = document.createElement("div");
  d.textContent = v == null ? "" : String(v);
  return d.innerHTML;
}

const state = {
  atlas: null,
  units: null, // FeatureCollection
  unit: new Map(), // code -> properties
  byWard: new Map(), byMSOA: new Map(),
  tiled: false,
  plan: null, // {id, name, version, places, settings, footprints, assignments}
  token: null,
  readOnly: true,
  inScope: new Set(), // place codes of the plan
  pop: new Map(), // footprint id -> residents, kept up to date locally
  scores: null, // last full score document
  fpScore: new Map(), // footprint id -> FootprintScore
  active: null,
  tool: "pan",
  target: "lsoa",
  undo: [], redo: [],
  queue: [], sending: false,
  stroke: null,
  practices: null, pcns: [], catchmentPCN: null,
  rows: new Map(), // footprint id -> row elements
};

// api calls the JSON API, sending the edit token when there is one.
async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (state.token && method !== "GET") headers.Authorization = `Bearer ${state.token}`;
  const r = await fetch(path, { method, headers, body: body == null ? undefined : JSON.stringify(body) });
  const data = r.status === 204 ? null : await r.json();
  if (!r.ok) {
    const err = new Error(data && data.error ? data.error : r.statusText);
    err.status = r.status;
    err.body = data;
    throw err;
  }
  return data;
}

function banner(msg, kind) {
  const b = el("banner");
  if (!msg) { b.hidden = true; return; }
  b.className = kind || "";
  b.innerHTML = msg;
  b.hidden = false;
}

let tipTimer = 0;
function tip(msg, x, y) {
  const t = el("tip");
  t.textContent = msg;
  t.style.left = `${x + 12}px`;
  t.style.top = `${y + 12}px`;
  t.hidden = false;
  clearTimeout(tipTimer);
  tipTimer = setTimeout(() => { t.hidden = true; }, 2200);
}

// ---------------------------------------------------------------- map

const map = new maplibregl.Map({
  container: "map",
  style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef1f3" } }] },
  center: [-0.12, 51.5], zoom: 9.3, attributionControl: false, doubleClickZoom: false,
  canvasContextAttributes: { preserveDrawingBuffer: true }, // so the coverage report can print the map
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");

function setUnitState(code, st) {
  const src = state.tiled ? { source: "units", sourceLayer: "units", id: code } : { source: "units", id: code };
  map.setFeatureState(src, st);
}

function colourOf(id) {
  const f = state.plan && state.plan.footprints.find((x) => x.id === id);
  return f ? f.colour || PALETTE[0] : null;
}

async function loadAtlas() {
  const atlas = await api("GET", "/api/atlas");
  state.atlas = atlas;
  el("atlas-name").textContent = `${atlas.name} atlas · ${fmt(atlas.units)} LSOAs · ${fmt(atlas.population)} residents (Census 2021)`;
  el("attribution").innerHTML = "<strong>Data</strong><br>" + atlas.sources.map((s) => `${text(s.layer)}: ${text(s.vintage)}`).join("<br>") +
    "<br><br>" + atlas.attribution.map(text).join("<br>");
  el("legend").innerHTML = DECILE.map((c, i) => `<span style="background:${c};color:${i >= 6 ? "#000" : "#fff"}">${i + 1}</span>`).join("") +
    `<span class="muted" style="flex:3">1 = most deprived</span>`;
  state.tiled = atlas.units > 10000;

  const names = ["barrier", "ward", "borough", "icb", "practices"];
  const fetches = [api("GET", state.tiled ? "/api/unit-attributes" : "/api/units"), ...names.map((n) => api("GET", `/api/layers/${n}`)), api("GET", "/api/pcns")];
  const [units, ...rest] = await Promise.all(fetches);
  performance.mark("fp:data");
  const layer = Object.fromEntries(names.map((n, i) => [n, rest[i]]));
  state.pcns = rest[names.length].pcns;
  state.practices = layer.practices;

  const props = state.tiled ? units.units : units.features.map((f) => f.properties);
  for (const p of props) {
    state.unit.set(p.code, p);
    if (!state.byWard.has(p.ward)) state.byWard.set(p.ward, []);
    state.byWard.get(p.ward).push(p.code);
    if (!state.byMSOA.has(p.msoa)) state.byMSOA.set(p.msoa, []);
    state.byMSOA.get(p.msoa).push(p.code);
  }
  zoomTo([...state.unit.keys()], false, 20);
  if (!state.tiled) {
    state.units = units;
    // Coarser simplification and a small buffer make the first render fast.
    map.addSource("units", { type: "geojson", data: units, promoteId: "code", tolerance: 0.8, buffer: 16, maxzoom: 15 });
  } else {
    map.addSource("units", { type: "vector", tiles: [location.origin + "/tiles/{z}/{x}/{y}.mvt"], minzoom: 8, maxzoom: 14, promoteId: "code" });
  }
  const sl = state.tiled ? { "source-layer": "units" } : {};
  map.addLayer({ id: "units-base", type: "fill", source: "units", ...sl, paint: { "fill-color": "#d9dcdf" } });
  map.addLayer({ id: "imd-fill", type: "fill", source: "units", ...sl, layout: { visibility: "none" }, paint: {
    "fill-color": ["match", ["get", "imd_decile"], ...DECILE.flatMap((c, i) => [i + 1, c]), "#cccccc"], "fill-opacity": 0.85 } });
  map.addLayer({ id: "units-fill", type: "fill", source: "units", ...sl, paint: {
    "fill-color": ["coalesce", ["feature-state", "colour"], "#000000"],
    "fill-opacity": ["case", ["to-boolean", ["feature-state", "colour"]], 0.72, 0] } });
  map.addLayer({ id: "catchment-fill", type: "fill", source: "units", ...sl, layout: { visibility: "none" }, paint: {
    "fill-color": ["interpolate", ["linear"], ["coalesce", ["feature-state", "pcn"], 0], 0, "#ffffff", 0.05, "#fde0c5", 0.25, "#f59e72", 0.5, "#d55e00", 1, "#6b2f00"],
    "fill-opacity": ["case", [">", ["coalesce", ["feature-state", "pcn"], 0], 0], 0.85, 0] } });
  map.addLayer({ id: "units-line", type: "line", source: "units", ...sl, paint: { "line-color": "#ffffff", "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.2, 14, 1] } });
  map.addSource("barrier", { type: "geojson", data: layer.barrier });
  map.addLayer({ id: "barrier-fill", type: "fill", source: "barrier", paint: { "fill-color": "#8fc1e3" } });
  map.addSource("edec", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: "edec-line", type: "line", source: "edec", layout: { visibility: "none" }, paint: { "line-color": "#882255", "line-width": 1.5, "line-dasharray": [3, 2] } });
  const outline = (name, color, width, dash) => {
    map.addSource(name, { type: "geojson", data: layer[name] });
    const paint = { "line-color": color, "line-width": width };
    if (dash) paint["line-dasharray"] = dash;
    map.addLayer({ id: `${name}-line`, type: "line", source: name, paint });
  };
  outline("ward", "#37474f", 0.6, [2, 2]);
  outline("borough", "#111111", 1.6);
  outline("icb", "#b2182b", 2.6);
  map.addLayer({ id: "highlight", type: "line", source: "units", ...sl, filter: ["in", ["get", "code"], ["literal", []]],
    paint: { "line-color": "#000000", "line-width": 3.5 } });
  map.addSource("practices", { type: "geojson", data: layer.practices });
  map.addLayer({ id: "practices", type: "circle", source: "practices", layout: { visibility: "none" }, paint: {
    "circle-radius": ["interpolate", ["linear"], ["zoom"], 9, 2.5, 14, 6],
    "circle-color": ["case", ["<", ["get", "pcn_index"], 0], "#000000", ["to-color", ["at", ["%", ["get", "pcn_index"], PALETTE.length], ["literal", PALETTE]]]],
    "circle-stroke-color": "#000", "circle-stroke-width": 1 } });
  map.addSource("sites", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  map.addLayer({ id: "sites", type: "circle", source: "sites", paint: { "circle-radius": 7, "circle-color": "#fff", "circle-stroke-color": "#000", "circle-stroke-width": 3 } });

  const toggle = (box, layers) => el(box).addEventListener("change", (e) =>
    layers.forEach((l) => map.setLayoutProperty(l, "visibility", e.target.checked ? "visible" : "none")));
  toggle("toggle-imd", ["imd-fill"]);
  el("toggle-imd").addEventListener("change", (e) => { el("legend").hidden = !e.target.checked; });
  toggle("toggle-ward", ["ward-line"]);
  toggle("toggle-borough", ["borough-line"]);
  toggle("toggle-icb", ["icb-line"]);
  toggle("toggle-practices", ["practices"]);
  toggle("toggle-catchment", ["catchment-fill"]);
  el("toggle-edec").addEventListener("change", async (e) => {
    if (e.target.checked && !state.edecLoaded) {
      map.getSource("edec").setData(await api("GET", "/api/layers/pcn_catchments"));
      state.edecLoaded = true;
    }
    map.setLayoutProperty("edec-line", "visibility", e.target.checked ? "visible" : "none");
  });
  map.on("moveend", updateLabels);
  map.on("click", "practices", (e) => { if (state.tool === "pan") showCoverage(e.features[0].properties.code).catch((err) => banner(text(err.message))); });
  performance.mark("fp:layers");
}

// labelPoint is the middle of a polygon's largest ring's bounding box,
// good enough to hang a name on.
function labelPoint(g) {
  let best = null, bestN = -1;
  for (const poly of g.coordinates) if (poly[0].length > bestN) { best = poly[0]; bestN = poly[0].length; }
  let sx = 0, sy = 0;
  for (const [x, y] of best) { sx += x; sy += y; }
  return [sx / best.length, sy / best.length];
}

// MSOA names (House of Commons Library) as HTML labels at neighbourhood
// zoom: there are no font glyphs offline for map symbols.
let labelMarkers = [];
function updateLabels() {
  labelMarkers.forEach((m) => m.remove());
  labelMarkers = [];
  if (map.getZoom() < 12.5) return;
  if (!state.msoaLabels) {
    if (!state.msoaLoading) {
      state.msoaLoading = api("GET", "/api/layers/msoa").then((fc) => {
        state.msoaLabels = fc.features.map((f) => ({ name: f.properties.alt || f.properties.name, at: labelPoint(f.geometry) }));
        updateLabels();
      });
    }
    return;
  }
  const b = map.getBounds();
  for (const l of state.msoaLabels) {
    if (!b.contains(l.at) || labelMarkers.length > 120) continue;
    const div = document.createElement("div");
    div.className = "msoa-label";
    div.textContent = l.name;
    labelMarkers.push(new maplibregl.Marker({ element: div }).setLngLat(l.at).addTo(map));
  }
}

// ---------------------------------------------------------------- plans

async function showStart() {
  el("start").hidden = false;
  el("editor").hidden = true;
  const { places } = await api("GET", "/api/places");
  state.atlasPlaces = places;
  el("places").innerHTML = places.map((p) => `<label data-name="${text(p.name.toLowerCase())}"><input type="checkbox" value="${text(p.code)}"> ${text(p.name)} <span class="muted">${fmt(p.population)}</span></label>`).join("");
}

el("place-filter").addEventListener("input", (e) => {
  const q = e.target.value.toLowerCase();
  for (const l of el("places").children) l.hidden = !l.dataset.name.includes(q);
});

el("create-plan").addEventListener("click", async () => {
  const places = [...el("places").querySelectorAll("input:checked")].map((i) => i.value);
  if (places.length === 0) { banner("Pick at least one place to design in."); return; }
  const baseline = el("baseline").value || null;
  try {
    const r = await api("POST", "/api/plans", { name: el("plan-name").value, places, baseline });
    history.pushState(null, "", `/?plan=${r.id}#edit=${r.edit_token}`);
    banner("");
    await openPlan(r.id, r.edit_token);
  } catch (err) { banner(text(err.message)); }
});

el("open-plan").addEventListener("click", () => {
  try {
    const u = new URL(el("open-link").value, location.origin);
    location.assign(u.pathname + u.search + u.hash);
  } catch { banner("That is not a plan link."); }
});

el("new-plan").addEventListener("click", () => { location.assign("/"); });

async function openPlan(id, token) {
  state.token = token || null;
  if (!state.atlasPlaces) state.atlasPlaces = (await api("GET", "/api/places")).places;
  const plan = await api("GET", `/api/plans/${encodeURIComponent(id)}`);
  state.readOnly = !token;
  applyPlan(plan);
  el("start").hidden = true;
  el("editor").hidden = false;
  el("mode").textContent = state.readOnly ? "read-only" : "editing";
  for (const b of ["tool-paint", "tool-erase", "new-footprint", "undo", "redo", "allow-cross", "need-weighted", "design-propose", "design-repair"]) el(b).disabled = state.readOnly;
  el("plan-title").readOnly = state.readOnly;
  el("edit-link").value = token ? `${location.origin}/?plan=${id}#edit=${token}` : "(open the edit link to see it)";
  el("share-link").value = `${location.origin}/?plan=${id}`;
  for (const [elID, q] of [["export-geojson", "geojson"], ["export-gpkg", "gpkg"], ["export-gpkg4326", "gpkg&crs=EPSG:4326"], ["export-csv", "csv"], ["export-json", "json"]]) {
    el(elID).href = `/api/plans/${encodeURIComponent(id)}/export?format=${q}`;
  }
  el("import-file").disabled = el("import-plan").disabled = state.readOnly;
  const inPlaces = [...state.unit.values()].filter((u) => state.inScope.has(u.place)).map((u) => u.code);
  if (inPlaces.length && inPlaces.length < state.unit.size) zoomTo(inPlaces, false);
  await refreshScores();
  loadVersions();
}

// applyPlan puts a plan on the map and in the panel.
function applyPlan(plan) {
  if (state.plan) for (const code of Object.keys(state.plan.assignments)) setUnitState(code, { colour: null });
  state.plan = plan;
  state.inScope = new Set(plan.places);
  state.pop = new Map(plan.footprints.map((f) => [f.id, 0]));
  for (const [code, id] of Object.entries(plan.assignments)) {
    setUnitState(code, { colour: colourOf(id) });
    const u = state.unit.get(code);
    state.pop.set(id, (state.pop.get(id) || 0) + (u ? u.population : 0));
  }
  // LSOAs outside the plan's places are shaded darker than those in it.
  map.setPaintProperty("units-base", "fill-color", ["case", ["in", ["get", "place"], ["literal", plan.places]], "#f7f7f5", "#d9dcdf"]);
  el("plan-title").value = plan.name;
  el("allow-cross").checked = !!plan.settings.allow_cross_place;
  el("need-weighted").checked = !!plan.settings.need_weighted;
  el("band").textContent = `band ${fmt(plan.settings.band_min)}–${fmt(plan.settings.band_max)} residents`;
  if (!state.active || !plan.footprints.some((f) => f.id === state.active)) state.active = plan.footprints.length ? plan.footprints[0].id : null;
  renderFootprints();
  setStatus();
}

function setStatus(extra) {
  const p = state.plan;
  const pending = state.queue.length + (state.sending ? 1 : 0);
  el("status").textContent = `${pending ? "Saving…" : "Saved"} · version ${p.version}${extra ? " · " + extra : ""}`;
}

// ---------------------------------------------------------------- footprints panel

function renderFootprints() {
  const list = el("footprints");
  list.innerHTML = "";
  state.rows.clear();
  const p = state.plan;
  for (const f of p.footprints) {
    const li = document.createElement("li");
    li.dataset.id = f.id;
    li.tabIndex = 0;
    li.innerHTML = `<input type="color" class="fp-colour" aria-label="Colour of ${text(f.name)}">
      <input type="text" class="fp-name" maxlength="200" aria-label="Name of footprint">
      <button type="button" class="fp-lock" aria-pressed="${f.locked ? "true" : "false"}" title="Lock: stop painting over it">${f.locked ? "Locked" : "Lock"}</button>
      <div class="fp-meta"><span class="fp-pop"></span><div class="fp-bar"><span></span><i></i><i></i></div><span class="fp-contig"></span><span class="fp-flags"></span></div>`;
    const colour = li.querySelector(".fp-colour");
    colour.value = (f.colour || PALETTE[0]).toLowerCase();
    const name = li.querySelector(".fp-name");
    name.value = f.name;
    const lock = li.querySelector(".fp-lock");
    for (const c of [colour, name, lock]) c.disabled = state.readOnly;
    li.addEventListener("click", (e) => { if (e.target === li || e.target.closest(".fp-meta")) setActive(f.id); });
    li.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === li) setActive(f.id); });
    name.addEventListener("focus", () => setActive(f.id));
    name.addEventListener("change", () => updateFootprint(f.id, { name: name.value }));
    colour.addEventListener("change", () => updateFootprint(f.id, { colour: colour.value }));
    lock.addEventListener("click", () => updateFootprint(f.id, { locked: !f.locked }));
    list.appendChild(li);
    state.rows.set(f.id, li);
    renderTally(f.id);
  }
  highlightActive();
}

// renderTally updates one footprint's population, band bar, contiguity and
// flag count in place: it runs inside the paint event, so the tally moves
// on the same frame as the stroke.
function renderTally(id) {
  const li = state.rows.get(id);
  if (!li) return;
  const s = state.plan.settings;
  const pop = state.pop.get(id) || 0;
  li.querySelector(".fp-pop").textContent = fmt(pop);
  const max = s.band_max * 1.4;
  const bar = li.querySelector(".fp-bar");
  bar.className = "fp-bar" + (pop > s.band_max ? " over" : pop < s.band_min ? " under" : "");
  bar.querySelector("span").style.width = `${Math.min(100, (100 * pop) / max)}%`;
  const ticks = bar.querySelectorAll("i");
  ticks[0].style.left = `${(100 * s.band_min) / max}%`;
  ticks[1].style.left = `${(100 * s.band_max) / max}%`;
  bar.title = `${fmt(pop)} residents; band ${fmt(s.band_min)}–${fmt(s.band_max)}`;
  const sc = state.fpScore.get(id);
  const contig = li.querySelector(".fp-contig");
  if (sc && sc.lsoas > 0) {
    contig.textContent = sc.components === 1 ? "contiguous" : `${sc.components} pieces`;
    contig.className = "fp-contig " + (sc.components === 1 ? "ok" : "bad");
  } else contig.textContent = "";
  const flags = li.querySelector(".fp-flags");
  flags.textContent = sc ? `${sc.flags} flag${sc.flags === 1 ? "" : "s"}` : "";
  flags.className = "fp-flags" + (sc && sc.flags ? " bad" : "");
}

function setActive(id) {
  state.active = id;
  highlightActive();
  renderDetail();
  if (state.profiles) renderProfile();
}

function highlightActive() {
  for (const [id, li] of state.rows) li.classList.toggle("active", id === state.active);
}

function newFootprintId() {
  let n = state.plan.footprints.length + 1;
  while (state.plan.footprints.some((f) => f.id === `f${n}`)) n++;
  return `f${n}`;
}

async function addFootprint() {
  if (state.readOnly) return;
  const id = newFootprintId();
  const used = new Set(state.plan.footprints.map((f) => f.colour));
  const colour = PALETTE.find((c) => !used.has(c)) || PALETTE[state.plan.footprints.length % PALETTE.length];
  state.active = id;
  await updateFootprint(id, { id, name: `Footprint ${id.slice(1)}`, colour, locked: false });
}

// updateFootprint saves a footprint's name, colour or lock.
async function updateFootprint(id, change) {
  await drain();
  const f = { ...(state.plan.footprints.find((x) => x.id === id) || { id, name: id, colour: "", locked: false }), ...change };
  try {
    const plan = await api("PATCH", `/api/plans/${state.plan.id}`, { base_version: state.plan.version, footprints: [f] });
    applyPlan(plan);
    refreshScoresSoon();
    loadVersions();
  } catch (err) { await handleSaveError(err, null); }
}

el("new-footprint").addEventListener("click", addFootprint);
el("plan-title").addEventListener("change", async () => {
  await drain();
  try {
    applyPlan(await api("PATCH", `/api/plans/${state.plan.id}`, { base_version: state.plan.version, name: el("plan-title").value }));
    loadVersions();
  } catch (err) { await handleSaveError(err, null); }
});
el("allow-cross").addEventListener("change", async (e) => {
  await drain();
  const settings = { ...state.plan.settings, allow_cross_place: e.target.checked };
  try {
    applyPlan(await api("PATCH", `/api/plans/${state.plan.id}`, { base_version: state.plan.version, settings }));
  } catch (err) { await handleSaveError(err, null); }
});

el("need-weighted").addEventListener("change", async (e) => {
  await drain();
  const settings = { ...state.plan.settings, need_weighted: e.target.checked };
  try {
    applyPlan(await api("PATCH", `/api/plans/${state.plan.id}`, { base_version: state.plan.version, settings }));
    await refreshScores();
  } catch (err) { await handleSaveError(err, null); }
});

// ---------------------------------------------------------------- design

// runDesign proposes or repairs in the background, showing progress; the
// result is a new version of the plan, undone by restoring the previous.
async function runDesign(mode) {
  await drain();
  const job = await api("POST", "/api/design", { plan: state.plan.id, mode, seed: 1 });
  state.designJob = job.id;
  el("design-cancel").hidden = false;
  el("design-propose").disabled = el("design-repair").disabled = true;
  let j = job;
  while (j.status === "running") {
    el("design-status").textContent = `${mode === "repair" ? "Repairing" : "Proposing"}… ${j.done}/${j.total || "?"} places ${j.current ? "(" + j.current + ")" : ""}`;
    await new Promise((r) => setTimeout(r, 250));
    j = await api("GET", `/api/design/${job.id}`);
  }
  el("design-cancel").hidden = true;
  el("design-propose").disabled = el("design-repair").disabled = false;
  state.designJob = null;
  if (j.status !== "done") { el("design-status").textContent = `Design ${j.status}: ${j.error || ""}`; return; }
  const infeasible = (j.places || []).filter((p) => !p.feasible);
  el("design-status").textContent = `${mode === "repair" ? "Repaired" : "Proposed"} in ${j.seconds.toFixed(2)} s: version ${j.version}.`;
  state.undo = []; state.redo = []; updateUndo();
  applyPlan(await api("GET", `/api/plans/${state.plan.id}`));
  await refreshScores();
  loadVersions();
  banner(`${mode === "repair" ? "Repaired" : "Proposed"} as version ${j.version}${infeasible.length ? ". Not possible within the band: " + infeasible.map((p) => text(p.name) + ": " + text(p.reason)).join("; ") : ", every footprint in band and contiguous"}. <button type="button" id="undo-design">Undo: restore version ${j.previous}</button>`, "info");
  el("undo-design").addEventListener("click", async () => {
    applyPlan(await api("POST", `/api/plans/${state.plan.id}/versions/${j.previous}/restore`));
    await refreshScores();
    loadVersions();
    banner(`Restored version ${j.previous}.`, "info");
  });
}
el("design-propose").addEventListener("click", () => runDesign("propose").catch((err) => banner(text(err.message))));
el("design-repair").addEventListener("click", () => runDesign("repair").catch((err) => banner(text(err.message))));
el("design-cancel").addEventListener("click", () => { if (state.designJob) api("DELETE", `/api/design/${state.designJob}`); });

// ---------------------------------------------------------------- painting

function setTool(tool) {
  if (state.readOnly && tool !== "pan") return;
  state.tool = tool;
  for (const t of ["pan", "paint", "erase"]) el(`tool-${t}`).setAttribute("aria-pressed", String(t === tool));
  if (tool === "pan") map.dragPan.enable(); else map.dragPan.disable();
  map.getCanvas().style.cursor = tool === "pan" ? "" : "crosshair";
}
for (const t of ["pan", "paint", "erase"]) el(`tool-${t}`).addEventListener("click", () => setTool(t));
el("target").addEventListener("change", (e) => { state.target = e.target.value; });

function footprintInfo(id) { return state.plan.footprints.find((f) => f.id === id); }

// paintCode changes one LSOA locally, if allowed, recording it in the
// stroke. It returns a reason when it may not.
function paintCode(code, to) {
  const p = state.plan;
  const u = state.unit.get(code);
  const from = p.assignments[code] || null;
  if (from === to || state.stroke.has(code)) return null;
  const fromInfo = from && footprintInfo(from);
  if (fromInfo && fromInfo.locked) return `${fromInfo.name} is locked`;
  const toInfo = to && footprintInfo(to);
  if (toInfo && toInfo.locked) return `${toInfo.name} is locked`;
  if (to && u && !state.inScope.has(u.place) && !p.settings.allow_cross_place) return "Outside the plan's places: allow cross-boundary footprints to paint here";
  state.stroke.set(code, { lsoa: code, from, to });
  setLocal(code, from, to);
  return null;
}

// setLocal moves an LSOA between footprints on the map and in the tally.
function setLocal(code, from, to) {
  if (state.comparing) { el("cmp-map").checked = false; renderComparison(); }
  const p = state.plan;
  const pop = (state.unit.get(code) || { population: 0 }).population;
  if (to) p.assignments[code] = to; else delete p.assignments[code];
  setUnitState(code, { colour: to ? colourOf(to) : null });
  if (from) { state.pop.set(from, (state.pop.get(from) || 0) - pop); renderTally(from); }
  if (to) { state.pop.set(to, (state.pop.get(to) || 0) + pop); renderTally(to); }
}

function codesAt(point) {
  const feats = map.queryRenderedFeatures(point, { layers: ["units-base"] });
  return feats.length ? feats[0].properties.code : null;
}

async function groupOf(code) {
  const u = state.unit.get(code);
  if (state.target === "ward" && u) return state.byWard.get(u.ward) || [code];
  if (state.target === "msoa" && u) return state.byMSOA.get(u.msoa) || [code];
  if (state.target === "pcn") {
    const d = await api("GET", `/api/units/${code}`);
    const byPCN = new Map();
    for (const pr of d.practices) if (pr.pcn && pr.pcn_name) byPCN.set(pr.pcn, (byPCN.get(pr.pcn) || 0) + pr.patients);
    let best = null;
    for (const [k, v] of byPCN) if (!best || v > byPCN.get(best) || (v === byPCN.get(best) && k < best)) best = k;
    if (!best) return [code];
    const pcn = await api("GET", `/api/pcns/${best}`);
    return pcn.catchment;
  }
  return [code];
}

function paintAt(point, originalEvent) {
  const code = codesAt(point);
  if (!code) return;
  const to = state.tool === "erase" ? null : state.active;
  if (state.tool === "paint" && !to) { tip("Create a footprint first (N)", originalEvent.clientX, originalEvent.clientY); return; }
  const why = paintCode(code, to);
  if (why) tip(why, originalEvent.clientX, originalEvent.clientY);
}

map.on("mousedown", (e) => {
  if (state.tool === "pan" || state.readOnly || e.originalEvent.button !== 0 || !state.plan) return;
  e.preventDefault();
  state.stroke = new Map();
  state.lastPoint = e.point;
  if (state.target !== "lsoa") {
    const code = codesAt(e.point);
    const to = state.tool === "erase" ? null : state.active;
    if (code && (to || state.tool === "erase")) {
      groupOf(code).then((codes) => {
        state.stroke = new Map();
        let why = null;
        for (const c of codes) why = paintCode(c, to) || why;
        if (why) tip(why, e.originalEvent.clientX, e.originalEvent.clientY);
        endStroke();
      }).catch((err) => banner(text(err.message)));
    }
    state.stroke = null;
    return;
  }
  paintAt(e.point, e.originalEvent);
});

map.on("mousemove", (e) => {
  if (!state.stroke) return;
  // Fill in the path between mouse events so a fast drag skips nothing.
  const a = state.lastPoint, b = e.point;
  const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 4));
  for (let i = 1; i <= steps; i++) paintAt(new maplibregl.Point(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps), e.originalEvent);
  state.lastPoint = b;
});

window.addEventListener("mouseup", () => { if (state.stroke) endStroke(); });

// endStroke turns the stroke into one undoable, saved batch.
function endStroke() {
  const changes = [...state.stroke.values()];
  state.stroke = null;
  if (changes.length === 0) return;
  state.strokeAt = performance.now();
  state.undo.push(changes);
  state.redo = [];
  send(changes);
}

function send(changes) {
  state.queue.push(changes);
  updateUndo();
  setStatus();
  flush();
}

// flush sends queued batches one at a time, each against the version the
// last one produced.
async function flush() {
  if (state.sending) return;
  while (state.queue.length) {
    state.sending = true;
    const batch = state.queue.shift();
    try {
      const r = await api("PATCH", `/api/plans/${state.plan.id}/assignments`, {
        base_version: state.plan.version, changes: batch.map((c) => ({ lsoa: c.lsoa, footprint: c.to })) });
      state.plan.version = r.version;
      for (const fs of r.footprints) {
        state.fpScore.set(fs.id, fs);
        if (!state.rows.has(fs.id)) { state.plan.footprints.push({ id: fs.id, name: fs.name, colour: PALETTE[0], locked: false }); renderFootprints(); }
        renderTally(fs.id);
      }
      refreshScoresSoon();
    } catch (err) {
      state.sending = false;
      await handleSaveError(err, batch);
    }
    state.sending = false;
  }
  setStatus();
  if (state.drained) { state.drained(); state.drained = null; }
}

function drain() {
  if (!state.sending && state.queue.length === 0) return Promise.resolve();
  return new Promise((resolve) => { state.drained = resolve; });
}

// handleSaveError: a 409 means another editor got there first: reload and
// say what they changed. Anything else undoes the batch locally.
async function handleSaveError(err, batch) {
  if (err.status === 409) {
    const changes = (err.body && err.body.changes) || [];
    const what = changes.map((v) => `version ${v.version}: ${text(v.summary)}`).join("<br>");
    const lost = batch ? ` Your change of ${batch.length} LSOA${batch.length === 1 ? "" : "s"} was not saved; the plan has been reloaded.` : " The plan has been reloaded.";
    banner(`<strong>Someone else has edited this plan.</strong> It is now at version ${err.body.version}.<br>${what}<br>${lost}`);
    state.queue = [];
    state.undo = [];
    state.redo = [];
    applyPlan(await api("GET", `/api/plans/${state.plan.id}`));
    await refreshScores();
    loadVersions();
  } else {
    if (batch) for (let i = batch.length - 1; i >= 0; i--) setLocal(batch[i].lsoa, batch[i].to, batch[i].from);
    if (batch) state.undo = state.undo.filter((b) => b !== batch);
    banner(`Not saved: ${text(err.message)}`);
  }
  updateUndo();
  setStatus();
}

function updateUndo() {
  el("undo").disabled = state.readOnly || state.undo.length === 0;
  el("redo").disabled = state.readOnly || state.redo.length === 0;
}

function undo() {
  const batch = state.undo.pop();
  if (!batch) return;
  const inverse = batch.slice().reverse().map((c) => ({ lsoa: c.lsoa, from: c.to, to: c.from }));
  for (const c of inverse) setLocal(c.lsoa, c.from, c.to);
  state.redo.push(batch);
  send(inverse);
}

function redo() {
  const batch = state.redo.pop();
  if (!batch) return;
  for (const c of batch) setLocal(c.lsoa, c.from, c.to);
  state.undo.push(batch);
  send(batch);
}
el("undo").addEventListener("click", undo);
el("redo").addEventListener("click", redo);

// Keyboard: Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z), H pan, P paint, E erase,
// N new footprint, A paint the LSOA at the centre of the map, [ and ]
// step through footprints.
document.addEventListener("keydown", (e) => {
  const typing = e.target.matches("input[type=text], input[type=search], textarea, select");
  if ((e.ctrlKey || e.metaKey) && !typing) {
    if (e.key === "z" && !e.shiftKey) { e.preventDefault(); undo(); }
    else if (e.key === "y" || (e.key === "z" && e.shiftKey) || e.key === "Z") { e.preventDefault(); redo(); }
    return;
  }
  if (typing || e.altKey || e.ctrlKey || e.metaKey || !state.plan) return;
  const k = e.key.toLowerCase();
  if (k === "h") setTool("pan");
  else if (k === "p") setTool("paint");
  else if (k === "e") setTool("erase");
  else if (k === "n") addFootprint();
  else if (k === "a" && state.tool !== "pan") {
    const c = map.project(map.getCenter());
    state.stroke = new Map();
    paintAt(c, { clientX: c.x + 380, clientY: c.y });
    endStroke();
  } else if (k === "[" || k === "]") {
    const ids = state.plan.footprints.map((f) => f.id);
    const i = ids.indexOf(state.active);
    if (ids.length) setActive(ids[(i + (k === "]" ? 1 : ids.length - 1)) % ids.length]);
  }
});

// ---------------------------------------------------------------- scores and flags

// refreshScoresSoon fetches fresh scores once the save queue is empty; a
// refresh asked for while one is under way runs again when it ends.
function refreshScoresSoon() {
  if (state.queue.length) return; // the last queued save will ask again
  if (state.scoring) { state.rescore = true; return; }
  refreshScores().catch((err) => banner(text(err.message)));
}

async function refreshScores() {
  if (!state.plan) return;
  state.scoring = true;
  const t0 = performance.now();
  let sc;
  try {
    sc = await api("GET", `/api/plans/${state.plan.id}/scores`);
  } finally {
    state.scoring = false;
  }
  if (state.rescore) { state.rescore = false; refreshScoresSoon(); }
  const t1 = performance.now();
  state.scores = sc;
  state.fpScore = new Map(sc.footprints.map((f) => [f.id, f]));
  for (const id of state.rows.keys()) renderTally(id);
  const t2 = performance.now();
  renderFlags();
  const t3 = performance.now();
  renderDetail();
  state.scoreMs = [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3];
  if (el("profile-box").open) loadProfiles().catch((err) => banner(text(err.message)));
  // From the end of the last stroke to fresh scores on screen.
  if (state.strokeAt) { state.refreshMs = performance.now() - state.strokeAt; state.strokeAt = 0; }
  document.body.dataset.scored = String(state.plan.version);
}

function renderFlags() {
  const sc = state.scores;
  const ps = sc.plan;
  el("flag-count").textContent = `${ps.flags.error} errors, ${ps.flags.warning} warnings, ${ps.flags.info} info · PCNs: ${ps.pcn_status.aligned} aligned, ${ps.pcn_status.cross_boundary} cross-boundary, ${ps.pcn_status.realign} to re-align`;
  const list = el("flags");
  list.innerHTML = "";
  for (const f of sc.flags.slice(0, 200)) {
    const li = document.createElement("li");
    li.className = f.severity;
    li.tabIndex = 0;
    li.innerHTML = `<strong>${text(f.severity)}</strong> ${text(f.message)}<span class="action">${text(f.action)}</span>`;
    const go = () => { for (const x of list.children) x.classList.remove("highlight"); li.classList.add("highlight"); zoomToFlag(f); };
    li.addEventListener("click", go);
    li.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
    list.appendChild(li);
  }
  if (sc.flags.length > 200) list.insertAdjacentHTML("beforeend", `<li class="muted">and ${sc.flags.length - 200} more</li>`);
}

// flagCodes lists the LSOAs a flag is about.
function flagCodes(f) {
  if (f.lsoas && f.lsoas.length) return f.lsoas;
  const a = state.plan.assignments;
  switch (f.subject.kind) {
    case "footprint": return Object.keys(a).filter((c) => a[c] === f.subject.code);
    case "ward": return state.byWard.get(f.subject.code) || [];
    case "msoa": return state.byMSOA.get(f.subject.code) || [];
    case "pcn": {
      const p = state.scores.pcns.find((x) => x.code === f.subject.code);
      return p ? p.site_footprints.map((s) => s.lsoa) : [];
    }
  }
  return [];
}

function zoomToFlag(f) {
  const codes = flagCodes(f);
  highlight(codes);
  if (f.subject.kind === "pcn") showSites(f.subject.code);
  zoomTo(codes);
}

function highlight(codes) { map.setFilter("highlight", ["in", ["get", "code"], ["literal", codes]]); }

function zoomTo(codes, animate = true, padding = 60) {
  const b = [180, 90, -180, -90];
  for (const c of codes) {
    const u = state.unit.get(c);
    if (!u) continue;
    b[0] = Math.min(b[0], u.bbox[0]); b[1] = Math.min(b[1], u.bbox[1]); b[2] = Math.max(b[2], u.bbox[2]); b[3] = Math.max(b[3], u.bbox[3]);
  }
  if (b[0] <= b[2]) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding, maxZoom: 15, duration: animate ? 400 : 0 });
}

function showSites(pcn) {
  const feats = state.practices.features.filter((f) => f.properties.pcn === pcn);
  map.getSource("sites").setData({ type: "FeatureCollection", features: feats });
}

function renderDetail() {
  const box = el("detail");
  const id = state.active;
  const fs = id && state.fpScore.get(id);
  if (!fs || !state.scores) { box.innerHTML = ""; return; }
  const rows = (list, n) => list.slice(0, n).map((a) => `<tr><td>${text(a.name)}</td><td class="n">${fmt(a.population)}</td><td class="n">${pct(a.share)}${a.whole ? " whole" : ""}</td></tr>`).join("");
  const pcns = state.scores.pcns.filter((p) => p.home === id).map((p) => `<tr><td>${text(p.name)}</td><td class="n">${pct(p.containment)}</td><td>${text(p.status.replace("_", "-"))}</td></tr>`).join("");
  const a = state.plan.assignments;
  const deciles = new Array(10).fill(0);
  for (const code of Object.keys(a)) if (a[code] === id) { const u = state.unit.get(code); if (u && u.imd_decile) deciles[u.imd_decile - 1] += u.population; }
  const tot = deciles.reduce((x, y) => x + y, 0) || 1;
  const bars = deciles.map((n, i) => `<span title="decile ${i + 1}: ${fmt(n)} residents" style="display:inline-block;width:9%;height:${Math.max(1, (60 * n) / tot)}px;background:${DECILE[i]}"></span>`).join("");
  const v = state.plan ? state.scores.plan.vintages : {};
  box.innerHTML = `<h2>${text(fs.name)}</h2>
    <table>
      <tr><td>Residents (Census 2021)</td><td class="n">${fmt(fs.population)}</td></tr>
      <tr><td>LSOAs</td><td class="n">${fs.lsoas}</td></tr>
      <tr><td>Pieces</td><td class="n">${fs.components}${fs.enclosed_by ? ", inside " + text(fs.enclosed_by) : ""}</td></tr>
      <tr><td>Polsby-Popper / Reock / hull</td><td class="n">${fs.polsby_popper == null ? "–" : fs.polsby_popper.toFixed(2)} / ${fs.reock == null ? "–" : fs.reock.toFixed(2)} / ${fs.hull_ratio == null ? "–" : fs.hull_ratio.toFixed(2)}</td></tr>
      <tr><td>Ward / MSOA integrity</td><td class="n">${pct(fs.ward_integrity)} / ${pct(fs.msoa_integrity)}</td></tr>
      <tr><td>Demand / supply containment</td><td class="n">${pct(fs.demand_containment)} / ${pct(fs.supply_containment)}</td></tr>
      <tr><td>Registered residents</td><td class="n">${fmt(fs.registered)}</td></tr>
    </table>
    <h2>Deprivation</h2>
    <p>IMD 2025 mean score ${fs.imd_mean == null ? "–" : fs.imd_mean.toFixed(1)}; ${pct(fs.imd_d12_share)} of residents in national deciles 1–2.</p>
    <div aria-label="Residents by IMD decile, 1 to 10" style="display:flex;align-items:flex-end;gap:1px;height:62px">${bars}</div>
    <h2>Boroughs</h2><table>${rows(fs.boroughs, 10)}</table>
    <h2>Wards</h2><table>${rows(fs.wards, 30)}</table>
    <h2>MSOAs</h2><table>${rows(fs.msoas, 30)}</table>
    <h2>PCNs homed here</h2><table><tr><th>PCN</th><th>containment</th><th>status</th></tr>${pcns || '<tr><td colspan="3" class="muted">none</td></tr>'}</table>
    <p class="muted">Population: ${text(v.population || "")}. Registrations: ${text(v.registrations || "")}. PCN membership: ${text(v.practices || "")}.</p>`;
}

// ---------------------------------------------------------------- versions

async function loadVersions() {
  if (!state.plan) return;
  const { versions } = await api("GET", `/api/plans/${state.plan.id}/versions`);
  const list = el("versions");
  list.innerHTML = "";
  for (const v of versions.slice(0, 100)) {
    const li = document.createElement("li");
    li.innerHTML = `<span>v${v.version} · ${text(v.summary)} <span class="muted">${text(v.created_at.slice(0, 19).replace("T", " "))}</span></span>`;
    if (!state.readOnly && v.version !== state.plan.version) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = "Restore";
      b.addEventListener("click", async () => {
        await drain();
        try {
          applyPlan(await api("POST", `/api/plans/${state.plan.id}/versions/${v.version}/restore`));
          state.undo = []; state.redo = []; updateUndo();
          await refreshScores();
          loadVersions();
          banner(`Restored version ${v.version} as version ${state.plan.version}. Restore again to undo.`, "info");
        } catch (err) { banner(text(err.message)); }
      });
      li.appendChild(b);
    }
    list.appendChild(li);
  }
}

// ---------------------------------------------------------------- search

function searchIndex() {
  if (state.index) return state.index;
  const idx = [];
  const wards = new Map(), msoas = new Map();
  for (const [code, u] of state.unit) {
    idx.push({ kind: "LSOA", label: `${u.name} (${code})`, key: `${u.name} ${code}`.toLowerCase(), codes: [code] });
    if (!wards.has(u.ward)) wards.set(u.ward, u.ward_name);
    if (!msoas.has(u.msoa)) msoas.set(u.msoa, u.msoa_name);
  }
  for (const [c, n] of wards) idx.push({ kind: "ward", label: n, key: `${n} ${c}`.toLowerCase(), codes: state.byWard.get(c) });
  for (const [c, n] of msoas) idx.push({ kind: "MSOA", label: n, key: `${n} ${c}`.toLowerCase(), codes: state.byMSOA.get(c) });
  for (const f of state.practices.features) {
    const p = f.properties;
    idx.push({ kind: "practice", label: `${p.name} (${p.code})`, key: `${p.name} ${p.code}`.toLowerCase(), point: f.geometry.coordinates, pcn: p.pcn });
  }
  for (const p of state.pcns) idx.push({ kind: "PCN", label: `${p.name} (${p.code})`, key: `${p.name} ${p.code}`.toLowerCase(), pcn: p.code });
  state.index = idx;
  return idx;
}

el("search").addEventListener("input", (e) => {
  const q = e.target.value.trim().toLowerCase();
  const list = el("search-results");
  list.innerHTML = "";
  if (q.length < 2) return;
  for (const r of searchIndex().filter((r) => r.key.includes(q)).slice(0, 12)) {
    const li = document.createElement("li");
    li.tabIndex = 0;
    li.innerHTML = `<span class="badge">${text(r.kind)}</span> ${text(r.label)}`;
    const go = () => pickResult(r);
    li.addEventListener("click", go);
    li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
    list.appendChild(li);
  }
});

async function pickResult(r) {
  if (r.codes) { highlight(r.codes); zoomTo(r.codes); return; }
  if (r.point) {
    map.flyTo({ center: r.point, zoom: 14, duration: 400 });
    showSites(r.pcn);
  }
  if (r.kind === "PCN") await showCoverage(r.pcn);
  else if (r.pcn) await showCatchment(r.pcn, !r.point);
}

// showCatchment colours the LSOAs by the share of their registered
// residents with the PCN, and marks its practice sites.
async function showCatchment(code, zoom) {
  const p = await api("GET", `/api/pcns/${code}`);
  if (state.catchmentPCN) for (const c of Object.keys(state.catchmentPCN.share)) setUnitState(c, { pcn: 0 });
  state.catchmentPCN = p;
  for (const [c, s] of Object.entries(p.share)) setUnitState(c, { pcn: s });
  el("catchment-name").textContent = `${p.name} (${p.vintage})`;
  el("toggle-catchment").checked = true;
  map.setLayoutProperty("catchment-fill", "visibility", "visible");
  showSites(code);
  if (zoom) zoomTo(p.catchment);
}

// ---------------------------------------------------------------- profiles

// FIGURES are the profile figures the comparison view can show; "high"
// says which end is the concern.
const FIGURES = [
  { key: "need_capacity", label: "Need against capacity (IMD ÷ list per resident, both against the plan's mean)", fmt: (v) => v.toFixed(2), high: "more need for less capacity" },
  { key: "imd_mean", label: "IMD 2025 mean score", fmt: (v) => v.toFixed(1), high: "more deprived" },
  { key: "imd_d12_share", label: "Share in national IMD deciles 1-2", fmt: pct, high: "more deprived" },
  { key: "health", label: "Health deprivation and disability (mean score)", fmt: (v) => v.toFixed(2), high: "more health need" },
  { key: "older_65", label: "Older people, 65+ (share)", fmt: pct, high: "older" },
  { key: "older_85", label: "Older people, 85+ (share)", fmt: pct, high: "older" },
  { key: "cyp_0_19", label: "Children and young people, 0-19 (share)", fmt: pct, high: "younger" },
  { key: "age_0_4", label: "Babies and young children, 0-4 (share)", fmt: pct, high: "younger" },
  { key: "list_per_resident", label: "List size per resident (December 2025)", fmt: (v) => v.toFixed(2), high: "more capacity", low: true },
  { key: "registered_inside", label: "Residents registered with a practice sited inside", fmt: pct, high: "more local", low: true },
  { key: "mean_distance_m", label: "Mean distance to the nearest practice (m)", fmt: (v) => `${Math.round(v)} m`, high: "further" },
  { key: "need_weighted_population", label: "Need-weighted population", fmt: fmt, high: "larger" },
];

function figureOf(p, key) {
  const seg = (k) => { const s = p.segments.find((x) => x.key === k); return s ? s.share : null; };
  switch (key) {
    case "health": return p.imd_mean == null ? null : p.domains[3].mean;
    case "older_65": case "older_85": case "cyp_0_19": case "age_0_4": return seg(key);
    case "need_capacity": return p.need_capacity;
    default: return p[key];
  }
}

async function loadProfiles() {
  if (!state.plan || !el("profile-box").open) return;
  const doc = await api("GET", `/api/plans/${state.plan.id}/profiles`);
  // Need against capacity: IMD mean over the plan's mean, divided by list
  // size per resident over the plan's mean.
  const ps = doc.profiles.filter((p) => p.population > 0);
  const mean = (f) => ps.reduce((n, p) => n + (f(p) || 0) * p.population, 0) / Math.max(1, ps.reduce((n, p) => n + p.population, 0));
  const imd = mean((p) => p.imd_mean), lpr = mean((p) => p.list_per_resident);
  for (const p of doc.profiles) {
    p.need_capacity = p.imd_mean != null && p.list_per_resident ? (p.imd_mean / imd) / (p.list_per_resident / lpr) : null;
  }
  state.profiles = doc;
  const places = el("cmp-place");
  const keep = places.value;
  places.innerHTML = state.plan.places.map((c) => {
    const name = (state.atlasPlaces || []).find((p) => p.code === c);
    return `<option value="${text(c)}">${text(name ? name.name : c)}</option>`;
  }).join("");
  if (keep && state.plan.places.includes(keep)) places.value = keep;
  if (!el("cmp-figure").options.length) el("cmp-figure").innerHTML = FIGURES.map((f) => `<option value="${f.key}">${text(f.label)}</option>`).join("");
  renderProfile();
  renderComparison();
}

// footprintPlace is the place holding most of a footprint's residents.
function footprintPlace(id) {
  const fs = state.fpScore.get(id);
  return fs && fs.places.length ? fs.places[0].code : null;
}

function renderComparison() {
  const doc = state.profiles;
  if (!doc) return;
  const fig = FIGURES.find((f) => f.key === el("cmp-figure").value) || FIGURES[0];
  const place = el("cmp-place").value;
  const rows = doc.profiles.filter((p) => footprintPlace(p.id) === place && figureOf(p, fig.key) != null)
    .map((p) => ({ p, v: figureOf(p, fig.key) })).sort((x, y) => y.v - x.v);
  const max = Math.max(...rows.map((r) => Math.abs(r.v)), 1e-9);
  const lo = Math.min(...rows.map((r) => r.v)), hi = Math.max(...rows.map((r) => r.v));
  const ramp = (v) => DECILE[Math.max(0, Math.min(9, 9 - Math.floor((9.999 * (v - lo)) / Math.max(hi - lo, 1e-9))))];
  el("cmp-bars").innerHTML = rows.map((r) => `<div class="bar" role="listitem" data-id="${text(r.p.id)}" tabindex="0"><span class="name" title="${text(r.p.name)}">${text(r.p.name)}</span><span class="track"><span class="fill" style="display:block;width:${(100 * Math.abs(r.v)) / max}%;background:${ramp(r.v)}"></span></span><span class="v">${fig.fmt(r.v)}</span></div>`).join("");
  for (const b of el("cmp-bars").children) b.addEventListener("click", () => { setActive(b.dataset.id); renderProfile(); });
  el("cmp-note").textContent = rows.length ? `${rows.length} footprints, highest first: higher is ${fig.high}. ${doc.notes[0]}` : "No footprints in this place yet.";
  // Colour the map by the figure, or restore the footprints' colours.
  const a = state.plan.assignments;
  const byId = new Map(rows.map((r) => [r.p.id, ramp(r.v)]));
  const on = el("cmp-map").checked;
  for (const code of Object.keys(a)) setUnitState(code, { colour: on ? byId.get(a[code]) || "#cccccc" : colourOf(a[code]) });
  state.comparing = on;
}

function renderProfile() {
  const doc = state.profiles;
  const p = doc && doc.profiles.find((x) => x.id === state.active);
  if (!p) { el("profile").innerHTML = '<p class="muted">Select a footprint.</p>'; return; }
  const v = doc.vintages;
  el("profile").innerHTML = `<h2>${text(p.name)}</h2>
    <table>
      <tr><td>Residents (Census 2021) / need-weighted</td><td class="n">${fmt(p.population)} / ${fmt(p.need_weighted_population)}</td></tr>
      ${p.segments.map((s) => `<tr><td>${text(s.label)} <span class="muted">(${text(s.bands)})</span></td><td class="n">${fmt(s.residents)} · ${pct(s.share)}</td></tr>`).join("")}
      <tr><td>IMD 2025 mean / in deciles 1-2</td><td class="n">${p.imd_mean == null ? "–" : p.imd_mean.toFixed(1)} / ${pct(p.imd_d12_share)}</td></tr>
      ${p.domains.map((d) => `<tr><td class="muted">${text(d.domain)}</td><td class="n">${d.mean.toFixed(2)}</td></tr>`).join("")}
      <tr><td>Most / least deprived LSOA</td><td>${p.most_deprived ? text(p.most_deprived.name) : "–"} / ${p.least_deprived ? text(p.least_deprived.name) : "–"}</td></tr>
      <tr><td>Practices sited here, list size</td><td class="n">${p.practices.length}, ${fmt(p.list_size)}</td></tr>
      <tr><td>List size per resident / registered per resident</td><td class="n">${p.list_per_resident == null ? "–" : p.list_per_resident.toFixed(2)} / ${p.list_inflation == null ? "–" : p.list_inflation.toFixed(2)}</td></tr>
      <tr><td>Registered with a practice sited here</td><td class="n">${pct(p.registered_inside)}</td></tr>
      <tr><td>Mean distance to the nearest practice</td><td class="n">${p.mean_distance_m == null ? "–" : Math.round(p.mean_distance_m) + " m"}</td></tr>
    </table>
    <p><strong>Hub candidates</strong> (mean distance from residents): ${p.hubs.map((h) => `${text(h.name)} ${Math.round(h.mean_distance_m)} m`).join("; ") || "no practice sited here"}</p>
    <p class="muted">Population ${text(v.population || "")}; IMD ${text(v.imd || "")}; list sizes ${text(v.list_sizes || "")}.</p>`;
}

el("profile-box").addEventListener("toggle", () => {
  if (el("profile-box").open) loadProfiles().catch((err) => banner(text(err.message)));
  else if (state.comparing) { el("cmp-map").checked = false; renderComparison(); }
});
for (const id of ["cmp-place", "cmp-figure", "cmp-map"]) el(id).addEventListener("change", renderComparison);

// ---------------------------------------------------------------- import

el("import-plan").addEventListener("click", async () => {
  const file = el("import-file").files[0];
  if (!file) { banner("Choose a file to import."); return; }
  const ext = file.name.toLowerCase().split(".").pop();
  const format = { csv: "csv", json: "json", geojson: "geojson", gpkg: "gpkg" }[ext];
  if (!format) { banner("Import takes .csv, .json, .geojson or .gpkg files."); return; }
  await drain();
  const r = await fetch(`/api/plans/${state.plan.id}/import?format=${format}&base_version=${state.plan.version}`, {
    method: "POST", headers: { Authorization: `Bearer ${state.token}` }, body: file });
  const body = await r.json();
  if (!r.ok) { banner(`Not imported: ${text(body.error)}. The plan is unchanged.`); return; }
  state.undo = []; state.redo = []; updateUndo();
  applyPlan(body.plan);
  await refreshScores();
  loadVersions();
  const rep = body.report;
  banner(`Imported ${text(file.name)} as version ${body.version}: ${body.changed} LSOAs changed.` + (rep ? ` ${rep.assigned} LSOAs placed by their population-weighted centroid in ${rep.features} polygons (${text(rep.crs)}); ${rep.unmatched.length} fell in no polygon${rep.unmatched.length ? ": " + text(rep.unmatched.slice(0, 10).join(", ")) : ""}; ${rep.split.length} are cut by more than 10% of their area${rep.split.length ? ": " + text(rep.split.slice(0, 10).map((x) => x.lsoa).join(", ")) : ""}.` : ""), "info");
});

// ---------------------------------------------------------------- coverage

// showCoverage opens the coverage of a PCN or a practice: its sites, its
// catchment as a choropleth, the footprints its patients live in, and the
// data behind it.
async function showCoverage(code) {
  const plan = state.plan ? `?plan=${encodeURIComponent(state.plan.id)}` : "";
  const kind = state.pcns.some((p) => p.code === code) ? "pcns" : "practices";
  const c = await api("GET", `/api/${kind}/${encodeURIComponent(code)}/coverage${plan}`);
  state.coverage = c;
  paintCoverage();
  showSites(c.pcn || code);
  if (kind === "practices") {
    const f = state.practices.features.filter((x) => x.properties.code === code);
    map.getSource("sites").setData({ type: "FeatureCollection", features: f });
  }
  map.setLayoutProperty("catchment-fill", "visibility", "visible");
  el("toggle-catchment").checked = true;
  el("catchment-name").textContent = `${c.name} (${c.vintages.registrations || ""})`;
  const v = c.vintages;
  const rows = (list, n) => list.slice(0, n).map((a) => `<tr${a.home ? ' class="home"' : ""}><td>${text(a.name)}${a.home ? " (home)" : ""}</td><td class="n">${fmt(a.patients)}</td><td class="n">${(100 * a.share).toFixed(1)}%</td></tr>`).join("");
  const fps = c.footprints || [];
  const shown = fps.filter((f) => f.share >= 0.005 || f.home);
  const rest = fps.length - shown.length;
  el("cov-title").textContent = c.kind === "pcn" ? `${c.name} (${c.code})` : `${c.name} (${c.code}), ${c.pcn_name || "no PCN"}`;
  el("cov-body").innerHTML = `
    <table>
      <tr><td>List size (${text(v.list_sizes || "")})</td><td class="n">${fmt(c.list_size)}</td></tr>
      <tr><td>Registered patients (${text(v.registrations || "")})</td><td class="n">${fmt(c.registered)}</td></tr>
      <tr><td>…living in the region / outside / no LSOA</td><td class="n">${fmt(c.in_region)} / ${fmt(c.outside_region)} / ${fmt(c.no_lsoa)}</td></tr>
      <tr><td>PCN membership</td><td>${text(v.practices || "")}</td></tr>
    </table>
    ${c.plan ? `<h3>In plan ${text(c.plan)}: <span class="status ${text(c.status)}">${text((c.status || "").replace("_", "-"))}</span>, containment ${pct(c.containment)}</h3>
      <table><tr><th>Footprint</th><th>Patients</th><th>Share</th></tr>${rows(shown, 40)}${rest ? `<tr><td colspan="3" class="muted">and ${rest} more footprints, each under 0.5%</td></tr>` : ""}</table>
      ${(c.flags || []).map((f) => `<p><strong>${text(f.severity)}</strong> ${text(f.message)}<br><span class="ok">${text(f.action)}</span></p>`).join("")}` : `<p class="muted">Open a plan to see the footprints its patients live in.</p>`}
    <h3>Practices</h3>
    <table><tr><th>Practice</th><th>List</th><th>Reg. 2022</th><th>Footprint</th></tr>${c.practices.map((p) => `<tr><td>${text(p.name)} <span class="muted">${text(p.code)}</span>${p.note ? `<br><span class="muted">${text(p.note)}</span>` : ""}</td><td class="n">${fmt(p.list_size)}</td><td class="n">${fmt(p.registered)}</td><td>${text(p.footprint)}</td></tr>`).join("")}</table>
    <h3>Boroughs and ICBs <span class="muted">with at least 0.5% of its patients</span></h3>
    <table>${rows(c.boroughs.filter((b) => b.share >= 0.005), 10)}${rows(c.icbs.filter((b) => b.share >= 0.005), 5)}</table>
    <h3>Neighbouring PCNs</h3>
    <table><tr><th>PCN</th><th>Shared LSOAs</th><th>Theirs in our catchment</th><th>Ours in theirs</th></tr>${c.neighbours.slice(0, 6).map((n) => `<tr><td>${text(n.name)}</td><td class="n">${n.shared_lsoas}</td><td class="n">${fmt(n.theirs_in_our_catchment)}</td><td class="n">${fmt(n.ours_in_their_catchment)}</td></tr>`).join("")}</table>
    ${c.notes.length ? `<h3>About these figures</h3><ul>${c.notes.map((n) => `<li>${text(n)}</li>`).join("")}</ul>` : ""}
    <p class="muted">Registrations are July 2022 on LSOA 2011, mapped to LSOA 2021; split LSOAs are shared by Census 2021 population. Practices that closed or merged since 2022 keep their 2022 codes.</p>`;
  el("coverage").hidden = false;
  el("coverage").scrollIntoView({ block: "start" });
  if (c.catchment.length) zoomTo(c.catchment);
}

// paintCoverage colours LSOAs by the shown PCN's patients: the share of
// each LSOA's registered residents, or the count scaled to the largest.
function paintCoverage() {
  const c = state.coverage;
  if (!c) return;
  if (state.catchmentPCN) for (const code of Object.keys(state.catchmentPCN.share)) setUnitState(code, { pcn: 0 });
  const mode = document.querySelector('input[name="cov-mode"]:checked').value;
  const max = Math.max(1, ...Object.values(c.patients));
  for (const [code, n] of Object.entries(c.patients)) setUnitState(code, { pcn: mode === "share" ? c.share[code] || 0 : n / max });
  state.catchmentPCN = { share: c.patients };
  el("cov-legend").title = mode === "share" ? "0% to 100% of the LSOA's registered residents" : `0 to ${fmt(max)} patients per LSOA`;
}

for (const r of document.querySelectorAll('input[name="cov-mode"]')) r.addEventListener("change", paintCoverage);
el("cov-close").addEventListener("click", () => { el("coverage").hidden = true; });
el("cov-print").addEventListener("click", () => {
  el("cov-map").src = map.getCanvas().toDataURL("image/png");
  el("cov-map").hidden = false;
  window.print();
});

// ---------------------------------------------------------------- start

window.fp = {
  state, map,
  // pointOf gives the page coordinates of a point inside an LSOA.
  pointOf(code) {
    const u = state.unit.get(code);
    const p = map.project(u.label);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  },
};

map.on("load", async () => {
  try {
    await loadAtlas();
    const params = new URLSearchParams(location.search);
    const id = params.get("plan");
    const token = new URLSearchParams(location.hash.slice(1)).get("edit");
    if (id) await openPlan(id, token);
    else await showStart();
    updateUndo();
    performance.mark("fp:plan");
    map.once("idle", () => { performance.mark("fp:idle"); document.body.dataset.ready = "true"; });
    map.triggerRepaint();
  } catch (err) {
    banner(`Could not load: ${text(err.message)}`);
    document.body.dataset.ready = "error";
  }
});
