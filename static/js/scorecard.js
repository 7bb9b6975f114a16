// The scorecard (the whole plan at a glance) and the population balance
// chart (every footprint's residents against the band, on one axis).
import { state } from "./state.js";
import { el, fmt, pct, h, fill, shortName } from "./dom.js";
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
  const key = [max, s.band_min, s.band_max, s.need_weighted, ...fps.map((f) => `${f.id}\u0000${f.name}`)].join("\u0001");
  if (box.dataset.key === key) { updateRows(box, fps, vals, x); return; }
  box.dataset.key = key;
  const all = fps.map((f) => f.name);
  const rows = fps.map((f) => h("div", { class: "bal-row", dataset: { id: f.id } },
    h("bdi", { class: "bal-name" }, shortName(f.name, all)), h("span", { class: "bal-track" }, h("span", { class: "bal-bar" })), h("span")));
  const ticks = [];
  for (let t = 0; t <= max; t += step) ticks.push(h("span", { style: { left: x(t) } }, fmt(t)));
  const what = s.need_weighted ? `need-weighted residents (${asOf("population")})` : `residents (${asOf("population")})`;
  const chart = h("div", { class: "bal-chart" }, rows);
  chart.style.setProperty("--band-left", x(s.band_min));
  chart.style.setProperty("--band-width", x(s.band_max - s.band_min));
  fill(box, h("p", { class: "muted" }, `Each footprint's ${what}; the shaded strip is the band, ${fmt(s.band_min)}–${fmt(s.band_max)}.`),
    chart, h("div", { class: "bal-axis" }, ticks));
  updateRows(box, fps, vals, x);
}

// updateRows sets each row's bar, colour and figure in place.
function updateRows(box, fps, vals, x) {
  const s = state.plan.settings;
  const rows = box.querySelectorAll(".bal-row");
  fps.forEach((f, i) => {
    const v = vals[i], row = rows[i];
    const cls = v > s.band_max ? "over" : v < s.band_min ? "under" : "in";
    const bar = row.children[1].firstChild, fig = row.children[2];
    bar.className = `bal-bar ${cls}`;
    bar.style.width = x(v);
    bar.style.background = colourOf(f.id);
    fig.className = `bal-v ${cls}`;
    fig.textContent = fmt(v);
    row.title = `${f.name}: ${fmt(v)}`;
  });
}
