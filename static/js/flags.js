// The flags list: the plan's problems and advice, grouped by kind and
// filtered by severity or footprint; a flag zooms the map to what it is
// about and makes its footprint the active one.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, fill, bdi, withNames, fmt } from "./dom.js";
import { userNames, fail } from "./ui.js";
import { highlight, zoomTo, showSites } from "./map.js";
import { setActive } from "./footprints.js";

const MAX_FLAGS = 200;

/** KINDS names each kind of flag, in the order the groups show. */
const KINDS = {
  population_out_of_band: "Residents out of band", non_contiguous: "Footprints in pieces", unassigned_lsoas: "Unassigned LSOAs",
  crosses_place: "Crossing a place boundary", crosses_icb: "Crossing an ICB boundary", pcn_realign: "PCNs to re-align",
  pcn_cross_boundary: "PCNs cross-boundary", low_containment: "Low containment", splits_ward: "Wards split", splits_msoa: "MSOAs split",
};

const n = (k, one, many) => `${fmt(k)} ${k === 1 ? one : many}`;

// flagSummary counts the flags by severity, words agreeing in number.
function flagSummary(ps) {
  return `${n(ps.flags.error, "error", "errors")}, ${n(ps.flags.warning, "warning", "warnings")}, ${n(ps.flags.info, "note", "notes")}`;
}

/** footprintOf is the footprint a flag is about: its subject, or a PCN's home. */
export function footprintOf(f) {
  if (f.subject.kind === "footprint") return f.subject.code;
  if (f.subject.kind === "pcn") {
    const p = state.scores.pcns.find((x) => x.code === f.subject.code);
    return p && p.home ? p.home : null;
  }
  return null;
}

// flagItem builds one flag's row, which zooms to its subject.
function flagItem(f, names) {
  const li = h("li", { class: f.severity, tabindex: 0, dataset: { kind: f.kind, footprint: footprintOf(f) || "" } },
    h("strong", null, f.severity), " ", bdi(withNames(f.message, names)), h("span", { class: "action" }, withNames(f.action, names)));
  const go = () => {
    for (const x of el("flags").querySelectorAll("li.highlight")) x.classList.remove("highlight");
    li.classList.add("highlight");
    const fp = footprintOf(f);
    if (fp && fp !== state.active && state.rows.has(fp)) setActive(fp);
    zoomToFlag(f).catch(fail);
  };
  li.addEventListener("click", go);
  li.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
  return li;
}

// group is the flags of one kind, under a summary that counts them; the
// rows are built when the group is first opened.
function group(kind, list, names, open) {
  const ol = h("ol");
  const d = h("details", { dataset: { kind }, open }, h("summary", null, `${KINDS[kind] || kind} (${fmt(list.length)})`), ol);
  const build = () => { if (!ol.firstChild) fill(ol, list.map((f) => flagItem(f, names))); };
  if (open) build();
  d.addEventListener("toggle", () => { if (d.open) build(); });
  return d;
}

// shown says whether a flag passes the filters.
function shown(f) {
  const sev = el("flag-filter").value;
  if (sev && f.severity !== sev) return false;
  return !el("flag-active").checked || footprintOf(f) === state.active;
}

/** renderFlags redraws the flags from the last scores, grouped by kind. */
export function renderFlags() {
  const sc = state.scores;
  el("flag-count").textContent = flagSummary(sc.plan);
  const names = userNames();
  const groups = new Map();
  for (const f of sc.flags.filter(shown).slice(0, MAX_FLAGS)) {
    if (!groups.has(f.kind)) groups.set(f.kind, []);
    groups.get(f.kind).push(f);
  }
  const open = new Set([...el("flags").querySelectorAll("details[open]")].map((d) => d.dataset.kind));
  const out = [...groups].map(([kind, list]) => group(kind, list, names, open.has(kind) || list.some((f) => f.severity === "error") || list.length <= 3 || groups.size === 1));
  const hidden = sc.flags.length - sc.flags.filter(shown).length;
  fill(el("flags"), out.length ? out : h("p", { class: "muted" }, "No flags match."), hidden ? h("p", { class: "muted" }, `${n(hidden, "flag", "flags")} hidden by the filter.`) : "");
}

// flagCodes lists the LSOAs a flag is about; for a PCN, where its patients live.
async function flagCodes(f) {
  if (f.lsoas && f.lsoas.length) return f.lsoas;
  const a = state.plan.assignments;
  switch (f.subject.kind) {
    case "footprint": return Object.keys(a).filter((c) => a[c] === f.subject.code);
    case "ward": return state.byWard.get(f.subject.code) || [];
    case "msoa": return state.byMSOA.get(f.subject.code) || [];
    case "pcn": return (await api("GET", `/api/pcns/${encodeURIComponent(f.subject.code)}`)).catchment;
  }
  return [];
}

async function zoomToFlag(f) {
  const codes = await flagCodes(f);
  highlight(codes);
  if (f.subject.kind === "pcn") showSites(f.subject.code);
  zoomTo(codes);
}

/** wireFlags connects the flag filters. */
export function wireFlags() {
  el("flag-filter").addEventListener("change", () => { if (state.scores) renderFlags(); });
  el("flag-active").addEventListener("change", () => { if (state.scores) renderFlags(); });
}
