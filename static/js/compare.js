// The comparison view: a place's footprints sorted by one profile figure,
// as bars, and optionally as the colours of the map.
import { state } from "./state.js";
import { el, h, fill } from "./dom.js";
import { fail } from "./ui.js";
import { DECILE, setUnitState, colourOf } from "./map.js";
import { setActive } from "./footprints.js";
import { figures, figureOf, loadProfiles, renderProfile } from "./profiles.js";

// footprintPlace is the place holding most of a footprint's residents.
function footprintPlace(id) {
  const fs = state.fpScore.get(id);
  return fs && fs.places.length ? fs.places[0].code : null;
}

// Five quantile classes, highest darkest, from the viridis deciles.
const CLASSES = [DECILE[9], DECILE[7], DECILE[5], DECILE[3], DECILE[1]];

// quantiles splits the values into up to five classes of equal count, so
// that one outlier cannot put every other footprint in one colour; it
// returns the class breaks as [lo, hi] pairs, lowest first.
function quantiles(values) {
  const v = [...values].sort((a, b) => a - b);
  const k = Math.min(CLASSES.length, v.length);
  const out = [];
  for (let i = 0; i < k; i++) out.push([v[Math.floor((i * v.length) / k)], v[Math.floor(((i + 1) * v.length) / k) - 1]]);
  return out;
}

// rampOf colours a value by its quantile class.
function rampOf(values) {
  const q = quantiles(values);
  return (x) => { const i = q.findIndex(([, hi]) => x <= hi); return CLASSES[i < 0 ? q.length - 1 : i]; };
}

// legendOf lists the classes with their ranges, as the map shows them.
function legendOf(values, fig) {
  return quantiles(values).map(([lo, hi], i) => h("span", { class: "cmp-class" }, h("span", { class: "swatch", style: { background: CLASSES[i] } }),
    lo === hi ? fig.fmt(lo) : `${fig.fmt(lo)}–${fig.fmt(hi)}`));
}

// barItem is one footprint's bar, which makes it the active footprint.
function barItem(r, max, ramp, fig) {
  const b = h("div", { class: "bar", role: "listitem", dataset: { id: r.p.id }, tabindex: 0 },
    h("span", { class: "name", title: r.p.name }, r.p.name),
    h("span", { class: "track" }, h("span", { class: "fill", style: { width: `${(100 * Math.abs(r.v)) / max}%`, background: ramp(r.v) } })),
    h("span", { class: "v" }, fig.fmt(r.v)));
  b.addEventListener("click", () => { setActive(r.p.id); renderProfile(); });
  return b;
}

// colourMap colours the plan's LSOAs by the figure when on, else by footprint.
function colourMap(rows, ramp, on) {
  const a = state.plan.assignments;
  const byId = new Map(rows.map((r) => [r.p.id, ramp(r.v)]));
  for (const code of Object.keys(a)) setUnitState(code, { colour: on ? byId.get(a[code]) || "#cccccc" : colourOf(a[code]) });
  state.comparing = on;
}

/** renderComparison redraws the bars of the chosen place and figure, and the map's colours. */
export function renderComparison() {
  const doc = state.profiles;
  if (!doc) return;
  const figs = figures();
  const fig = figs.find((f) => f.key === el("cmp-figure").value) || figs[0];
  const place = el("cmp-place").value;
  const rows = doc.profiles.filter((p) => footprintPlace(p.id) === place && figureOf(p, fig.key) != null)
    .map((p) => ({ p, v: figureOf(p, fig.key) })).sort((x, y) => y.v - x.v);
  const max = Math.max(...rows.map((r) => Math.abs(r.v)), 1e-9);
  const ramp = rampOf(rows.map((r) => r.v));
  fill(el("cmp-bars"), rows.map((r) => barItem(r, max, ramp, fig)));
  fill(el("cmp-legend"), rows.length ? [h("span", { class: "muted" }, "Quantiles, lowest first: "), legendOf(rows.map((r) => r.v), fig)] : "");
  el("cmp-note").textContent = rows.length ? `${rows.length} footprints, highest first: higher is ${fig.high}. ${doc.notes[0]}` : "No footprints in this place yet.";
  colourMap(rows, ramp, el("cmp-map").checked);
}

/** wireProfiles loads the profiles when their box opens, and connects the comparison's controls. */
export function wireProfiles() {
  el("profile-box").addEventListener("toggle", () => {
    if (el("profile-box").open) loadProfiles().catch(fail);
    else if (state.comparing) { el("cmp-map").checked = false; renderComparison(); }
  });
  for (const id of ["cmp-place", "cmp-figure", "cmp-map"]) el(id).addEventListener("change", renderComparison);
}
