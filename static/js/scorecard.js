// The scorecard (the whole plan at a glance) and the population balance
// chart (every footprint's residents against the band, on one axis).
import { state } from "./state.js";
import { el, fmt, pct, h, fill, bdi } from "./dom.js";
import { colourOf } from "./map.js";
import { asOf } from "./sources.js";

// tile is one figure of the scorecard; bad marks it as needing work.
const tile = (label, value, bad, key) => h("div", { class: "tile" + (bad ? " bad-tile" : ""), dataset: { key } }, h("strong", null, value), h("span", null, label));

const of = (k, n) => `${fmt(k)} / ${fmt(n)}`;

/** renderScorecard fills the scorecard from the last scores. */
export function renderScorecard() {
  const ps = state.scores.plan;
  const st = ps.pcn_status || {};
  const n = ps.footprints;
  fill(el("scorecard"),
    tile("footprints in band", of(ps.in_band, n), ps.in_band < n, "in_band"),
    tile("contiguous", of(ps.contiguous, n), ps.contiguous < n, "contiguous"),
    tile("LSOAs unassigned", fmt(ps.unassigned), ps.unassigned > 0, "unassigned"),
    tile("PCNs aligned", fmt(st.aligned || 0), false, "aligned"),
    tile("PCNs cross-boundary", fmt(st.cross_boundary || 0), false, "cross_boundary"),
    tile("PCNs to re-align", fmt(st.realign || 0), (st.realign || 0) > 0, "realign"),
    tile("mean PCN containment", pct(ps.pcn_containment_mean), false, "containment"),
    tile("wards split", fmt(ps.wards_split), false, "wards_split"),
    tile("MSOAs split", fmt(ps.msoas_split), false, "msoas_split"));
}

/** figureOf is what the band applies to: need-weighted residents when the
 * plan is sized by need (from the last scores), else residents (live). */
export function figureOf(id) {
  if (state.plan.settings.need_weighted) {
    const sc = state.fpScore.get(id);
    return sc ? sc.need_weighted_population : 0;
  }
  return state.pop.get(id) || 0;
}

// niceStep is a round tick step for an axis running to max.
function niceStep(max) {
  const raw = max / 3;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw);
}

/** renderBalance draws the balance chart from the live tallies. */
export function renderBalance() {
  const box = el("balance");
  if (!state.plan) return;
  const s = state.plan.settings;
  const fps = state.plan.footprints;
  const vals = fps.map((f) => figureOf(f.id));
  const step = niceStep(Math.max(s.band_max * 1.2, ...vals));
  const max = step * Math.ceil(Math.max(s.band_max * 1.2, ...vals) / step);
  const x = (v) => `${(100 * v) / max}%`;
  const band = h("div", { class: "bal-band", style: { left: x(s.band_min), width: x(s.band_max - s.band_min) } });
  const rows = fps.map((f, i) => {
    const v = vals[i];
    const cls = v > s.band_max ? "over" : v < s.band_min ? "under" : "in";
    return h("div", { class: "bal-row", dataset: { id: f.id }, title: `${f.name}: ${fmt(v)}` },
      h("span", { class: "bal-name" }, bdi(f.name)),
      h("span", { class: "bal-track" }, h("i", { class: `bal-bar ${cls}`, style: { width: x(v), background: colourOf(f.id) } })),
      h("span", { class: "bal-v " + cls }, fmt(v)));
  });
  const ticks = [];
  for (let t = 0; t <= max; t += step) ticks.push(h("span", { style: { left: x(t) } }, fmt(t)));
  const what = s.need_weighted ? `need-weighted residents (${asOf("population")})` : `residents (${asOf("population")})`;
  fill(box, h("p", { class: "muted" }, `Each footprint's ${what}; the shaded strip is the band, ${fmt(s.band_min)}–${fmt(s.band_max)}.`),
    h("div", { class: "bal-chart" }, h("div", { class: "bal-grid" }, band), rows, h("div", { class: "bal-axis" }, ticks)));
}
