// The detail of the active footprint: its scores, deprivation, and the
// boroughs, wards, MSOAs and PCNs it holds.
import { state } from "./state.js";
import { el, fmt, pct, fixed, h, fill, bdi } from "./dom.js";
import { DECILE } from "./map.js";
import { asOf } from "./sources.js";

// row is a table row of a label and right-aligned figures.
const row = (label, ...figures) => h("tr", null, h("td", null, label), h("td", { class: "n" }, ...figures));

// areaRows lists the first n areas (boroughs, wards, MSOAs) with residents and share.
function areaRows(list, n) {
  return list.slice(0, n).map((a) => h("tr", null, h("td", null, a.name), h("td", { class: "n" }, fmt(a.population)),
    h("td", { class: "n" }, pct(a.share), a.whole ? " whole" : "")));
}

// pcnTable lists the PCNs homed in the footprint.
function pcnTable(id) {
  const pcns = state.scores.pcns.filter((p) => p.home === id && p.status !== "external").map((p) => h("tr", null, h("td", null, p.name),
    h("td", { class: "n" }, pct(p.containment)), h("td", null, p.status.replace("_", "-"))));
  const none = h("tr", null, h("td", { colspan: 3, class: "muted" }, "none"));
  return h("table", null, h("tr", null, h("th", null, "PCN"), h("th", null, "containment"), h("th", null, "status")), pcns.length ? pcns : none);
}

// decileBars draws the footprint's residents by IMD decile.
function decileBars(id) {
  const a = state.plan.assignments;
  const deciles = new Array(10).fill(0);
  for (const code of Object.keys(a)) if (a[code] === id) { const u = state.unit.get(code); if (u && u.imd_decile) deciles[u.imd_decile - 1] += u.population; }
  const tot = deciles.reduce((x, y) => x + y, 0) || 1;
  return h("div", { class: "deciles", "aria-label": "Residents by IMD decile, 1 to 10" }, deciles.map((n, i) =>
    h("span", { title: `decile ${i + 1}: ${fmt(n)} residents`, style: { height: `${Math.max(1, (60 * n) / tot)}px`, background: DECILE[i] } })));
}

// scoreTable is the footprint's size, shape, integrity and containment.
function scoreTable(fs) {
  return h("table", null,
    row(`Residents (${asOf("population")})`, fmt(fs.population)),
    row("LSOAs", fs.lsoas),
    row("Pieces", fs.components, fs.enclosed_by ? [", inside ", bdi(fs.enclosed_by)] : ""),
    row("Polsby-Popper / Reock / hull", `${fixed(fs.polsby_popper, 2)} / ${fixed(fs.reock, 2)} / ${fixed(fs.hull_ratio, 2)}`),
    row("Ward / MSOA integrity", `${pct(fs.ward_integrity)} / ${pct(fs.msoa_integrity)}`),
    row("Demand / supply containment", `${pct(fs.demand_containment)} / ${pct(fs.supply_containment)}`),
    row("Registered residents", fmt(fs.registered)));
}

/** renderDetail shows the active footprint's detail, or nothing. */
export function renderDetail() {
  const box = el("detail");
  const id = state.active;
  const fs = id && state.fpScore.get(id);
  if (!fs || !state.scores) { fill(box); return; }
  const v = state.scores.plan.vintages || {};
  fill(box, h("h2", null, fs.name), scoreTable(fs),
    h("h2", null, "Deprivation"),
    h("p", null, `IMD ${asOf("imd")} mean score ${fixed(fs.imd_mean, 1)}; ${pct(fs.imd_d12_share)} of residents in national deciles 1–2.`),
    decileBars(id),
    h("h2", null, "Boroughs"), h("table", null, areaRows(fs.boroughs, 10)),
    h("h2", null, "Wards"), h("table", null, areaRows(fs.wards, 30)),
    h("h2", null, "MSOAs"), h("table", null, areaRows(fs.msoas, 30)),
    h("h2", null, "PCNs homed here"), pcnTable(id),
    h("p", { class: "muted" }, `Population: ${v.population || ""}. Registrations: ${v.registrations || ""}. PCN membership: ${v.practices || ""}.`));
}
