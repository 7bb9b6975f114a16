// The footprints list: one row per footprint with its name, colour, lock,
// residents against the band, contiguity and flags; and the plan settings.
import { state } from "./state.js";
import { el, fmt, h, fill } from "./dom.js";
import { palette, footprintColour } from "./sources.js";
import { patchPlan } from "./sync.js";
import { refreshScores, refreshScoresSoon } from "./scores.js";
import { loadVersions } from "./versions.js";
import { renderDetail } from "./detail.js";
import { renderProfile } from "./profiles.js";
import { deleteFootprint, mergeInto, emptyFootprints, removeEmpty } from "./objects.js";
import { showActive, refreshLabels } from "./fplabels.js";
import { figureOf } from "./scorecard.js";
import { renderFlags } from "./flags.js";

// footprintRow builds the row of one footprint, wired to edit it.
function footprintRow(f, i) {
  const ro = state.readOnly;
  const colour = h("input", { type: "color", class: "fp-colour", "aria-label": `Colour of ${f.name}`, disabled: ro });
  const name = h("input", { type: "text", class: "fp-name", maxlength: 200, "aria-label": "Name of footprint", disabled: ro });
  const lock = h("button", { type: "button", class: "fp-lock", "aria-pressed": f.locked ? "true" : "false", title: "Lock: stop painting over it", disabled: ro }, f.locked ? "Locked" : "Lock");
  const meta = h("div", { class: "fp-meta" }, h("span", { class: "fp-pop" }), h("div", { class: "fp-bar" }, h("span"), h("i"), h("i")),
    h("span", { class: "fp-contig" }), h("span", { class: "fp-flags" }));
  const merge = h("button", { type: "button", class: "fp-merge", title: "Move every LSOA of this footprint into the active one, and remove this one", disabled: ro }, "Merge into active");
  const del = h("button", { type: "button", class: "fp-delete", title: "Remove this footprint; its LSOAs become unassigned", disabled: ro || f.locked }, "Delete");
  const li = h("li", { dataset: { id: f.id }, tabindex: 0 }, colour, name, lock, meta, h("div", { class: "fp-actions" }, merge, del));
  colour.value = footprintColour(f.colour, i).toLowerCase();
  name.value = f.name;
  li.addEventListener("click", (e) => { if (e.target === li || e.target.closest(".fp-meta")) setActive(f.id); });
  li.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target === li) setActive(f.id); });
  name.addEventListener("focus", () => setActive(f.id));
  name.addEventListener("change", () => updateFootprint(f.id, { name: name.value }));
  colour.addEventListener("change", () => updateFootprint(f.id, { colour: colour.value }));
  lock.addEventListener("click", () => updateFootprint(f.id, { locked: !f.locked }));
  merge.addEventListener("click", () => { if (state.active && state.active !== f.id) mergeInto(f.id, state.active); });
  del.addEventListener("click", () => deleteFootprint(f.id));
  return li;
}

/** renderFootprints redraws the footprints list. */
export function renderFootprints() {
  const list = fill(el("footprints"));
  state.rows.clear();
  for (const [i, f] of state.plan.footprints.entries()) {
    const li = footprintRow(f, i);
    list.appendChild(li);
    state.rows.set(f.id, li);
    renderTally(f.id);
  }
  const empty = emptyFootprints().length;
  el("remove-empty").hidden = state.readOnly || empty === 0;
  el("remove-empty").textContent = `Remove ${empty} empty footprint${empty === 1 ? "" : "s"}`;
  highlightActive();
  showActive();
  refreshLabels();
}

// renderBar draws residents against the band: the bar, its two ticks and its title.
function renderBar(bar, pop, s) {
  const max = s.band_max * 1.4;
  bar.className = "fp-bar" + (pop > s.band_max ? " over" : pop < s.band_min ? " under" : "");
  bar.querySelector("span").style.width = `${Math.min(100, (100 * pop) / max)}%`;
  const ticks = bar.querySelectorAll("i");
  ticks[0].style.left = `${(100 * s.band_min) / max}%`;
  ticks[1].style.left = `${(100 * s.band_max) / max}%`;
  bar.title = `${fmt(pop)} ${s.need_weighted ? "need-weighted residents" : "residents"}; band ${fmt(s.band_min)}–${fmt(s.band_max)}`;
}

/**
 * renderTally updates one footprint's population, band bar, contiguity and
 * flag count in place: it runs inside the paint event, so the tally moves
 * on the same frame as the stroke.
 */
export function renderTally(id) {
  const li = state.rows.get(id);
  if (!li) return;
  const pop = figureOf(id);
  li.querySelector(".fp-pop").textContent = fmt(pop);
  renderBar(li.querySelector(".fp-bar"), pop, state.plan.settings);
  const sc = state.fpScore.get(id);
  const contig = li.querySelector(".fp-contig");
  if (sc && sc.lsoas > 0) {
    contig.textContent = sc.components === 1 ? "contiguous" : `${sc.components} pieces`;
    contig.className = "fp-contig " + (sc.components === 1 ? "ok" : "bad");
  } else contig.textContent = "";
  const flags = li.querySelector(".fp-flags");
  flags.textContent = sc ? `${sc.flags} flag${sc.flags === 1 ? "" : "s"}` : "";
  flags.className = "fp-flags" + (sc && sc.flags ? " bad" : "");
}

/** setActive makes a footprint the one the brush paints into, and shows it. */
export function setActive(id) {
  state.active = id;
  highlightActive();
  showActive();
  const li = state.rows.get(id);
  if (li) li.scrollIntoView({ block: "nearest" });
  if (state.scores && el("flag-active").checked) renderFlags();
  renderDetail();
  if (state.profiles) renderProfile();
}

// highlightActive marks the active footprint's row; only the other rows
// offer to merge into it.
function highlightActive() {
  for (const [id, li] of state.rows) {
    li.classList.toggle("active", id === state.active);
    li.querySelector(".fp-merge").hidden = id === state.active || !state.active;
  }
}

function newFootprintId() {
  let n = state.plan.footprints.length + 1;
  while (state.plan.footprints.some((f) => f.id === `f${n}`)) n++;
  return `f${n}`;
}

/** addFootprint adds a footprint in the first colour not yet used, and makes it active. */
export async function addFootprint() {
  if (state.readOnly) return;
  const id = newFootprintId();
  const used = new Set(state.plan.footprints.map((f) => f.colour));
  const pal = palette();
  const colour = pal.find((c) => !used.has(c)) || pal[state.plan.footprints.length % pal.length];
  state.active = id;
  await updateFootprint(id, { id, name: `Footprint ${id.slice(1)}`, colour, locked: false });
}

// updateFootprint saves a footprint's name, colour or lock.
async function updateFootprint(id, change) {
  const body = () => ({ footprints: [{ ...(state.plan.footprints.find((x) => x.id === id) || { id, name: id, colour: "", locked: false }), ...change }] });
  await patchPlan(body, () => { refreshScoresSoon(); loadVersions(); });
}

// setting saves one of the plan's settings from a checkbox.
function setting(key, after) {
  return (e) => patchPlan(() => ({ settings: { ...state.plan.settings, [key]: e.target.checked } }), after);
}

/** wireFootprints connects the new-footprint button, the plan's name and its settings. */
export function wireFootprints() {
  el("new-footprint").addEventListener("click", addFootprint);
  el("remove-empty").addEventListener("click", removeEmpty);
  el("plan-title").addEventListener("change", () => patchPlan(() => ({ name: el("plan-title").value }), () => { loadVersions(); }));
  el("allow-cross").addEventListener("change", setting("allow_cross_place"));
  el("need-weighted").addEventListener("change", setting("need_weighted", refreshScores));
}
