// Footprint labels (name and residents at the footprint's centre) and the
// outline of the active footprint, redrawn at most once a frame.
import { state } from "./state.js";
import { fmt, h, bdi, shortName } from "./dom.js";
import { setUnitState } from "./map.js";
import { renderBalance } from "./scorecard.js";
import { Placer, textBox } from "./declutter.js";
import { updateLabels } from "./labels.js";

const MAX_LABELS = 150;

// LABEL_WIDTH is the widest a footprint's label may be before its name wraps (app.css).
const LABEL_WIDTH = 140;

/** showActive outlines the active footprint's LSOAs on the map. */
export function showActive() {
  for (const c of state.activeCodes) setUnitState(c, { active: false });
  const a = state.plan ? state.plan.assignments : {};
  state.activeCodes = state.active ? Object.keys(a).filter((c) => a[c] === state.active) : [];
  for (const c of state.activeCodes) setUnitState(c, { active: true });
}

/** markActive keeps one LSOA's active outline right after it moves. */
export function markActive(code, to) {
  const on = to != null && to === state.active;
  setUnitState(code, { active: on });
  if (on) state.activeCodes.push(code);
}

// centres finds each footprint's label point: the label point of its LSOA
// nearest its population-weighted centre, so the label sits inside it.
function centres() {
  const sums = new Map();
  for (const [code, id] of Object.entries(state.plan.assignments)) {
    const u = state.unit.get(code);
    if (!u) continue;
    const w = u.population + 1;
    const s = sums.get(id) || { x: 0, y: 0, w: 0, codes: [] };
    s.x += w * u.label[0]; s.y += w * u.label[1]; s.w += w; s.codes.push(u);
    sums.set(id, s);
  }
  const out = new Map();
  for (const [id, s] of sums) {
    const cx = s.x / s.w, cy = s.y / s.w;
    let best = s.codes[0], bd = Infinity;
    for (const u of s.codes) { const d = (u.label[0] - cx) ** 2 + (u.label[1] - cy) ** 2; if (d < bd) { bd = d; best = u; } }
    out.set(id, best.label);
  }
  return out;
}

// drawLabels puts the footprints' labels on the map, then the names of
// the MSOAs or boroughs in view where there is room left. Labels of the
// active footprint and then of the most populous come first, and a label
// that would overlap one placed before it is left off. Labels that have
// not changed are kept.
function drawLabels() {
  state.labelFrame = 0;
  const placer = new Placer(state.map);
  if (!state.plan) { updateLabels(placer, refreshLabels); return; }
  renderBalance();
  const b = state.map.getBounds();
  const all = state.plan.footprints.map((f) => f.name);
  const names = new Map(state.plan.footprints.map((f) => [f.id, shortName(f.name, all)]));
  const order = [...centres()].filter(([, at]) => b.contains(at))
    .sort(([a], [c]) => (c === state.active) - (a === state.active) || (state.pop.get(c) || 0) - (state.pop.get(a) || 0) || (a < c ? -1 : 1));
  const want = new Map();
  for (const [id, at] of order) {
    if (want.size >= MAX_LABELS) break;
    const name = names.get(id) || id, residents = `${fmt(state.pop.get(id))} residents`;
    const [w, h] = textBox([[name, 6.6], [residents, 5.6]], LABEL_WIDTH);
    if (placer.place(at, w, h)) want.set(id, { at, name, residents, text: `${name}\n${residents}\n${id === state.active}` });
  }
  for (const [id, m] of state.fpMarkers) {
    const w = want.get(id);
    if (!w || w.text !== m.text) { m.marker.remove(); state.fpMarkers.delete(id); } else m.marker.setLngLat(w.at);
  }
  for (const [id, w] of want) {
    if (state.fpMarkers.has(id)) continue;
    const div = h("div", { class: "fp-label" + (id === state.active ? " active" : ""), dataset: { id } }, bdi(w.name), h("span", null, w.residents));
    state.fpMarkers.set(id, { marker: new maplibregl.Marker({ element: div }).setLngLat(w.at).addTo(state.map), text: w.text });
  }
  updateLabels(placer, refreshLabels);
}

/** refreshLabels redraws the map's labels and the balance chart on the next frame. */
export function refreshLabels() {
  if (!state.labelFrame) state.labelFrame = requestAnimationFrame(drawLabels);
}
