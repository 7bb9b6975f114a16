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

// A ratio to the plan's mean is coloured diverging around 1.0: purple
// below, orange above (PuOr, readable with colour-blindness).
const DIVERGING = ["#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101"];
const RATIO_BREAKS = [0.8, 0.95, 1.05, 1.25];

// scaleOf is how a figure's values are classed: colours, the ranges
// [lo, hi] lowest first, and the class of a value.
function scaleOf(values, fig) {
  if (fig.ratio) {
    const b = [-Infinity, ...RATIO_BREAKS, Infinity];
    return { colours: DIVERGING, ranges: DIVERGING.map((_, i) => [b[i], b[i + 1]]), index: (x) => RATIO_BREAKS.filter((t) => x >= t).length };
  }
  const q = quantiles(values);
  const colours = CLASSES.slice(0, q.length);
  return { colours, ranges: q, index: (x) => { const i = q.findIndex(([, hi]) => x <= hi); return i < 0 ? q.length - 1 : i; } };
}

// rampOf colours a value by its class.
function rampOf(values, fig) {
  const s = scaleOf(values, fig);
  return (x) => s.colours[s.index(x)];
}

// rangeText labels a class: "below 0.80", "0.80–0.95", "above 1.25".
function rangeText([lo, hi], fig) {
  if (lo === -Infinity) return `below ${fig.fmt(hi)}`;
  if (hi === Infinity) return `${fig.fmt(lo)} and above`;
  const a = fig.fmt(lo), b = fig.fmt(hi);
  return a === b ? a : `${a}–${b}`;
}

// legendOf lists the classes with their ranges and how many footprints
// each holds, as the map shows them.
function legendOf(values, fig) {
  const s = scaleOf(values, fig);
  const count = s.colours.map((_, i) => values.filter((x) => s.index(x) === i).length);
  const head = fig.ratio ? "Diverging around 1.00, the plan's mean: " : "Quantiles, lowest first: ";
  return [h("span", { class: "muted" }, head), s.ranges.map((r, i) => h("span", { class: "cmp-class", title: `${count[i]} footprint${count[i] === 1 ? "" : "s"}` },
    h("span", { class: "swatch", style: { background: s.colours[i] } }), `${rangeText(r, fig)} (${count[i]})`))];
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
  const ramp = rampOf(rows.map((r) => r.v), fig);
  fill(el("cmp-bars"), rows.map((r) => barItem(r, max, ramp, fig)));
  fill(el("cmp-legend"), rows.length ? legendOf(rows.map((r) => r.v), fig) : "");
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
