// Plans: the start page (pick places, create or open a plan), opening a
// plan for editing or reading, and putting a plan on the map and panel.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, h, fill } from "./dom.js";
import { banner, fail } from "./ui.js";
import { setUnitState, colourOf, zoomTo, highlight, codeAt } from "./map.js";
import { renderFootprints } from "./footprints.js";
import { refreshScores } from "./scores.js";
import { showBoundaries } from "./boundaries.js";
import { loadVersions } from "./versions.js";

const EDITING = ["tool-paint", "tool-erase", "new-footprint", "allow-cross", "need-weighted", "design-propose", "design-repair", "design-frompcn", "design-seed", "import-file", "import-plan"];
const EXPORTS = [["export-geojson", "geojson"], ["export-gpkg", "gpkg"], ["export-gpkg4326", "gpkg&crs=EPSG:4326"], ["export-csv", "csv"], ["export-json", "json"]];

// placeOption is one place of the start page: a checkbox, its name and residents.
function placeOption(p) {
  return h("label", { dataset: { name: p.name.toLowerCase() } },
    h("input", { type: "checkbox", value: p.code }), " ", p.name, " ", h("span", { class: "muted" }, fmt(p.population)));
}

/** showStart shows the start page with the atlas's places. */
export async function showStart() {
  el("start").hidden = false;
  el("editor").hidden = true;
  const { places } = await api("GET", "/api/places");
  state.atlasPlaces = places;
  fill(el("places"), places.map(placeOption));
}

// filterPlaces hides the places whose names do not hold the filter text.
function filterPlaces(e) {
  const q = e.target.value.toLowerCase();
  for (const l of el("places").children) l.hidden = !l.dataset.name.includes(q);
}

// createPlan creates a plan of the ticked places and opens it.
async function createPlan() {
  const places = [...el("places").querySelectorAll("input:checked")].map((i) => i.value);
  if (places.length === 0) { banner("Pick at least one place to design in."); return; }
  const baseline = el("baseline").value || null;
  try {
    const r = await api("POST", "/api/plans", { name: el("plan-name").value, places, baseline });
    history.pushState(null, "", `/?plan=${r.id}#edit=${r.edit_token}`);
    banner("");
    await openPlan(r.id, r.edit_token);
  } catch (err) { fail(err); }
}

// openLink goes to a pasted plan link, on this server only: the link's
// query and fragment are kept and the rest dropped, so no pasted link can
// lead elsewhere (a path of "//host/" would) or run script.
function openLink() {
  try {
    const u = new URL(el("open-link").value.trim(), location.origin);
    if (!u.searchParams.get("plan")) throw new Error("no plan");
    location.assign(`/?plan=${encodeURIComponent(u.searchParams.get("plan"))}${u.hash}`);
  } catch { banner("That is not a plan link."); }
}

// pickPlace ticks (or unticks) the place clicked on the map while the
// start page shows.
function pickPlace(e) {
  if (el("start").hidden) return;
  const u = state.unit.get(codeAt(e.point));
  const box = u && el("places").querySelector(`input[value="${CSS.escape(u.place)}"]`);
  if (!box) return;
  box.checked = !box.checked;
  box.closest("label").hidden = false;
  box.scrollIntoView({ block: "nearest" });
  showPicked();
}

// showPicked shades the ticked places on the map.
function showPicked() {
  const was = state.picked;
  state.picked = new Set([...el("places").querySelectorAll("input:checked")].map((i) => i.value));
  for (const u of state.unit.values()) if (was.has(u.place) !== state.picked.has(u.place)) setUnitState(u.code, { picked: state.picked.has(u.place) });
}

/** wireStart connects the start page and the "Start another plan" button. */
export function wireStart() {
  state.map.on("click", pickPlace);
  el("places").addEventListener("change", showPicked);
  el("place-filter").addEventListener("input", filterPlaces);
  el("create-plan").addEventListener("click", createPlan);
  el("open-plan").addEventListener("click", openLink);
  el("new-plan").addEventListener("click", () => { location.assign("/"); });
}

// showLinks fills the share links and the export links of a plan.
function showLinks(id, token) {
  el("edit-link").value = token ? `${location.origin}/?plan=${id}#edit=${token}` : "(open the edit link to see it)";
  el("share-link").value = `${location.origin}/?plan=${id}`;
  for (const [elID, q] of EXPORTS) el(elID).href = `/api/plans/${encodeURIComponent(id)}/export?format=${q}`;
}

/**
 * openPlan opens a plan, for editing when given its edit token; early
 * holds the fetches of the plan, its scores and the places if they are
 * already under way.
 */
export async function openPlan(id, token, early) {
  state.token = token || null;
  const [places, plan] = await Promise.all([
    state.atlasPlaces ? null : early ? early.places : api("GET", "/api/places"),
    early ? early.plan : api("GET", `/api/plans/${encodeURIComponent(id)}`)]);
  if (places) state.atlasPlaces = places.places;
  state.readOnly = !token;
  applyPlan(plan);
  el("start").hidden = true;
  el("editor").hidden = false;
  for (const u of state.unit.values()) if (state.picked.has(u.place)) setUnitState(u.code, { picked: false });
  state.picked = new Set();
  el("mode").textContent = state.readOnly ? "read-only" : "editing";
  for (const b of EDITING) el(b).disabled = state.readOnly;
  el("plan-title").readOnly = state.readOnly;
  showLinks(id, token);
  showBoundaries();
  const inPlaces = [...state.unit.values()].filter((u) => state.inScope.has(u.place)).map((u) => u.code);
  if (inPlaces.length && inPlaces.length < state.unit.size) zoomTo(inPlaces, false);
  await refreshScores(early && early.scores);
  loadVersions();
}

// paintPlan colours the plan's LSOAs and counts each footprint's residents.
function paintPlan(plan) {
  if (state.plan) for (const code of Object.keys(state.plan.assignments)) setUnitState(code, { colour: null, hatch: false });
  state.plan = plan;
  highlight([]);
  // LSOAs in the plan's places are shaded lighter than those outside:
  // only those whose shade changes are touched.
  const was = state.inScope, now = new Set(plan.places);
  if ([...was].some((p) => !now.has(p)) || [...now].some((p) => !was.has(p))) {
    for (const u of state.unit.values()) if (was.has(u.place) !== now.has(u.place)) setUnitState(u.code, { scope: now.has(u.place) });
  }
  state.inScope = now;
  state.pop = new Map(plan.footprints.map((f) => [f.id, 0]));
  const colours = new Map(plan.footprints.map((f) => [f.id, colourOf(f.id)]));
  for (const [code, id] of Object.entries(plan.assignments)) {
    setUnitState(code, { colour: colours.get(id) || null, hatch: state.hatched.has(id) });
    const u = state.unit.get(code);
    state.pop.set(id, (state.pop.get(id) || 0) + (u ? u.population : 0));
  }
}

/** applyPlan puts a plan on the map and in the panel. */
export function applyPlan(plan) {
  paintPlan(plan);
  el("plan-title").value = plan.name;
  el("allow-cross").checked = !!plan.settings.allow_cross_place;
  el("need-weighted").checked = !!plan.settings.need_weighted;
  el("band").textContent = `band ${fmt(plan.settings.band_min)}–${fmt(plan.settings.band_max)} residents`;
  if (!state.active || !plan.footprints.some((f) => f.id === state.active)) state.active = plan.footprints.length ? plan.footprints[0].id : null;
  renderFootprints();
  setStatus();
}

/** setStatus says whether every edit is saved, and the plan's version. */
export function setStatus(extra) {
  const pending = state.queue.length + (state.sending ? 1 : 0);
  el("status").textContent = `${pending ? "Saving…" : "Saved"} · version ${state.plan.version}${extra ? " · " + extra : ""}`;
}
