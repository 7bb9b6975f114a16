// The flags list: the plan's problems and advice, each zooming the map to
// the LSOAs it is about.
import { state } from "./state.js";
import { el, h, fill, bdi, withNames } from "./dom.js";
import { userNames } from "./ui.js";
import { highlight, zoomTo, showSites } from "./map.js";

const MAX_FLAGS = 200;

// flagSummary counts the flags by severity and the PCNs by status.
function flagSummary(ps) {
  return `${ps.flags.error} errors, ${ps.flags.warning} warnings, ${ps.flags.info} info · PCNs: ${ps.pcn_status.aligned} aligned, ${ps.pcn_status.cross_boundary} cross-boundary, ${ps.pcn_status.realign} to re-align`;
}

// flagItem builds one flag's row, which zooms to its subject.
function flagItem(f, list, names) {
  const li = h("li", { class: f.severity, tabindex: 0 }, h("strong", null, f.severity), " ", bdi(withNames(f.message, names)),
    h("span", { class: "action" }, withNames(f.action, names)));
  const go = () => { for (const x of list.children) x.classList.remove("highlight"); li.classList.add("highlight"); zoomToFlag(f); };
  li.addEventListener("click", go);
  li.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
  return li;
}

/** renderFlags redraws the flags from the last scores. */
export function renderFlags() {
  const sc = state.scores;
  el("flag-count").textContent = flagSummary(sc.plan);
  const list = fill(el("flags"));
  const names = userNames();
  for (const f of sc.flags.slice(0, MAX_FLAGS)) list.appendChild(flagItem(f, list, names));
  if (sc.flags.length > MAX_FLAGS) list.appendChild(h("li", { class: "muted" }, `and ${sc.flags.length - MAX_FLAGS} more`));
}

// flagCodes lists the LSOAs a flag is about.
function flagCodes(f) {
  if (f.lsoas && f.lsoas.length) return f.lsoas;
  const a = state.plan.assignments;
  switch (f.subject.kind) {
    case "footprint": return Object.keys(a).filter((c) => a[c] === f.subject.code);
    case "ward": return state.byWard.get(f.subject.code) || [];
    case "msoa": return state.byMSOA.get(f.subject.code) || [];
    case "pcn": {
      const p = state.scores.pcns.find((x) => x.code === f.subject.code);
      return p ? p.site_footprints.map((s) => s.lsoa) : [];
    }
  }
  return [];
}

function zoomToFlag(f) {
  const codes = flagCodes(f);
  highlight(codes);
  if (f.subject.kind === "pcn") showSites(f.subject.code);
  zoomTo(codes);
}
