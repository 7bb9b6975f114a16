// The board page's tables: the scorecard, the movement of residents
// between footprints, and each PCN's status in each plan.
import { el, h, fill, fmt, pct, fixed, bdi } from "./dom.js";

// Scorecard rows: label, value, and whether higher is better (null: neither).
const ROWS = [
  ["Footprints", (c) => c.footprints, null, fmt],
  ["In band", (c) => c.in_band, true, fmt],
  ["Contiguous", (c) => c.contiguous, true, fmt],
  ["PCNs aligned", (c) => c.pcns_aligned, true, fmt],
  ["PCNs cross-boundary", (c) => c.pcns_cross_boundary, null, fmt],
  ["PCNs to re-align", (c) => c.pcns_realign, false, fmt],
  ["Mean PCN containment", (c) => c.pcn_containment_mean, true, pct],
  ["Mean footprint containment", (c) => c.footprint_containment_mean, true, pct],
  ["Wards split", (c) => c.wards_split, false, fmt],
  ["MSOAs split", (c) => c.msoas_split, false, fmt],
  ["Cut edges", (c) => c.cut_edges, false, fmt],
  ["Residents moved from the first", (c) => c.moved_residents, null, fmt],
  ["LSOAs moved from the first", (c) => c.moved_lsoas, null, fmt],
  ["Mean Polsby-Popper (0–1)", (c) => c.polsby_popper_mean, true, (x) => fixed(x, 3)],
  ["Mean IMD score", (c) => c.imd_mean, null, (x) => fixed(x, 1)],
  ["IMD spread (standard deviation)", (c) => c.imd_spread, null, (x) => fixed(x, 1)],
  ["Errors", (c) => c.errors, false, fmt],
];

// judged marks a cell better or worse than the first plan's.
function judged(v, first, higher) {
  if (higher == null || v == null || first == null || v === first) return "";
  return (v > first) === higher ? "better" : "worse";
}

/** renderScorecard draws one column per plan, each judged against the first. */
export function renderScorecard(cmp) {
  const head = h("tr", null, h("th", null, ""), ...cmp.plans.map((c) => h("th", { scope: "col" }, bdi(c.label))));
  const rows = ROWS.map(([label, get, higher, format]) => h("tr", null, h("th", { scope: "row" }, label),
    ...cmp.plans.map((c, i) => h("td", { class: i ? judged(get(c), get(cmp.plans[0]), higher) : "" }, format(get(c))))));
  fill(el("scorecard-table"), h("thead", null, head), h("tbody", null, ...rows));
  el("matching").textContent = cmp.diffs.length ? `${cmp.diffs[0].matching} Green is better than the first plan, orange worse.` : "";
}

// movementTable lists, for each footprint of the first plan, where its residents are in another.
function movementTable(d) {
  const byFrom = new Map();
  for (const f of d.flows) {
    if (!byFrom.has(f.from)) byFrom.set(f.from, []);
    byFrom.get(f.from).push(f);
  }
  const rows = [];
  for (const [, flows] of byFrom) {
    flows.sort((x, y) => y.residents - x.residents);
    const total = flows.reduce((s, f) => s + f.residents, 0);
    const moved = flows.filter((f) => !f.matched).reduce((s, f) => s + f.residents, 0);
    const to = flows.map((f) => `${f.to ? f.to_name : "no footprint"} ${fmt(f.residents)}${f.matched ? " (matched)" : ""}`).join("; ");
    rows.push({ name: flows[0].from ? flows[0].from_name : "no footprint", total, moved, to });
  }
  rows.sort((x, y) => y.moved - x.moved);
  return h("table", { class: "grid" },
    h("thead", null, h("tr", null, h("th", null, "Footprint of the first plan"), h("th", null, "Residents"), h("th", null, "Residents moved"), h("th", null, `Where they are in ${d.label}`))),
    h("tbody", null, ...rows.map((r) => h("tr", null, h("td", null, bdi(r.name)), h("td", null, fmt(r.total)), h("td", null, fmt(r.moved)), h("td", { class: "text" }, bdi(r.to))))));
}

/** renderMovement draws one movement table per plan after the first. */
export function renderMovement(cmp) {
  fill(el("movement"), ...cmp.diffs.flatMap((d) => [
    h("h3", null, "From ", bdi(cmp.plans[0].label), " to ", bdi(d.label)),
    h("p", { class: "muted" }, `${fmt(d.changed.length)} LSOAs change footprint. ${d.matching}`),
    movementTable(d)]));
}

const STATUS = { aligned: "aligned", cross_boundary: "cross-boundary", realign: "re-align", external: "based elsewhere" };

/** renderPCNs lists each PCN's status in each plan, those that change first. */
export function renderPCNs(cmp) {
  const only = el("pcn-changes").checked;
  const list = cmp.pcns.filter((p) => !only || p.changes).sort((x, y) => (y.changes - x.changes) || x.name.localeCompare(y.name));
  const head = h("tr", null, h("th", null, "PCN"), ...cmp.plans.map((c) => h("th", null, bdi(c.label))));
  const rows = list.map((p) => h("tr", { class: p.changes ? "changes" : "" }, h("td", null, bdi(p.name)),
    ...p.status.map((s, i) => h("td", { class: `text status-${s.replace("_", "-")}` }, `${STATUS[s] || s} (${pct(p.containment[i])})`))));
  fill(el("pcn-table"), h("thead", null, head), h("tbody", null, ...rows));
}
