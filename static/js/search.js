// Search: LSOAs, wards, MSOAs, practices and PCNs by name or code; a PCN
// or practice found shows its catchment.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, fill } from "./dom.js";
import { fail } from "./ui.js";
import { setUnitState, highlight, zoomTo, showSites, showCatchmentLayer, clearCatchment } from "./map.js";
import { showCoverage } from "./coverage.js";
import { pinCard } from "./card.js";

const MAX_RESULTS = 12;

const entry = (kind, name, code, more) => ({ kind, label: `${name} (${code})`, key: `${name} ${code}`.toLowerCase(), ...more });

// buildIndex lists everything that can be searched for.
function buildIndex() {
  const idx = [];
  const wards = new Map(), msoas = new Map();
  for (const [code, u] of state.unit) {
    idx.push(entry("LSOA", u.name, code, { codes: [code] }));
    if (!wards.has(u.ward)) wards.set(u.ward, u.ward_name);
    if (!msoas.has(u.msoa)) msoas.set(u.msoa, u.msoa_name);
  }
  for (const [c, n] of wards) idx.push({ kind: "ward", label: n, key: `${n} ${c}`.toLowerCase(), codes: state.byWard.get(c) });
  for (const [c, n] of msoas) idx.push({ kind: "MSOA", label: n, key: `${n} ${c}`.toLowerCase(), codes: state.byMSOA.get(c) });
  for (const f of state.practices.features) {
    const p = f.properties;
    idx.push(entry("practice", p.name, p.code, { point: f.geometry.coordinates, pcn: p.pcn }));
  }
  for (const p of state.pcns) idx.push(entry("PCN", p.name, p.code, { pcn: p.code }));
  return idx;
}

// searchIndex is the index, built on the first search.
function searchIndex() {
  if (!state.index) state.index = buildIndex();
  return state.index;
}

// resultItem is one result, which shows what it found.
function resultItem(r) {
  const li = h("li", { tabindex: 0 }, h("span", { class: "badge" }, r.kind), " ", r.label);
  const go = () => pickResult(r).catch(fail);
  li.addEventListener("click", go);
  li.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
  return li;
}

// onSearch lists the first matches of what has been typed.
function onSearch(e) {
  const q = e.target.value.trim().toLowerCase();
  const list = fill(el("search-results"));
  if (q.length < 2) return;
  for (const r of searchIndex().filter((x) => x.key.includes(q)).slice(0, MAX_RESULTS)) list.appendChild(resultItem(r));
}

// pickResult zooms to an area, or flies to a practice, or opens a PCN's coverage.
async function pickResult(r) {
  if (r.codes) {
    highlight(r.codes);
    zoomTo(r.codes);
    if (r.kind === "LSOA") pinCard(r.codes[0]);
    return;
  }
  if (r.point) {
    state.map.flyTo({ center: r.point, zoom: 14, duration: 400 });
    showSites(r.pcn);
  }
  if (r.kind === "PCN") await showCoverage(r.pcn);
  else if (r.pcn) await showCatchment(r.pcn, !r.point);
}

/**
 * showCatchment colours the LSOAs by the share of their registered
 * residents with the PCN, and marks its practice sites.
 */
async function showCatchment(code, zoom) {
  const p = await api("GET", `/api/pcns/${code}`);
  clearCatchment();
  state.catchmentPCN = p;
  for (const [c, s] of Object.entries(p.share)) setUnitState(c, { pcn: s });
  el("catchment-name").textContent = `${p.name} (${p.vintage})`;
  showCatchmentLayer();
  showSites(code);
  if (zoom) zoomTo(p.catchment);
}

/** wireSearch listens to the search box. */
export function wireSearch() {
  el("search").addEventListener("input", onSearch);
}
