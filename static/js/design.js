// Automatic design: Propose footprints for the plan's places, or Repair
// the ones out of band or in pieces, as a background job on the server.
import { state } from "./state.js";
import { api, upload } from "./api.js";
import { el, h, fill, fmt, pct, fixed } from "./dom.js";
import { banner, fail } from "./ui.js";
import { applyPlan } from "./plan.js";
import { zoomTo } from "./map.js";
import { drain, forgetHistory } from "./sync.js";
import { refreshScores } from "./scores.js";
import { loadVersions, restore } from "./versions.js";
import { weightsFor, wireWeights } from "./weights.js";

const POLL_MS = 250;

// busy shows or hides the Cancel button, and disables Propose and Repair meanwhile.
function busy(on) {
  el("design-cancel").hidden = !on;
  el("design-propose").disabled = el("design-repair").disabled = el("design-frompcn").disabled = on;
}

// progress says how far the job has got.
function progress(mode, j) {
  el("design-status").textContent = `${mode === "repair" ? "Repairing" : "Designing"}… ${j.done}/${j.total || "?"} places ${j.current ? "(" + j.current + ")" : ""}`;
}

// waitFor polls a job until it is no longer running.
async function waitFor(job, mode) {
  let j = job;
  while (j.status === "running") {
    progress(mode, j);
    await new Promise((r) => setTimeout(r, POLL_MS));
    j = await api("GET", `/api/design/${job.id}`);
  }
  return j;
}

// undoButton restores the version before the design.
function undoButton(previous) {
  const b = h("button", { type: "button", id: "undo-design" }, `Undo: restore version ${previous}`);
  b.addEventListener("click", () => restore(previous, false).then(() => banner(`Restored version ${previous}.`, "info")).catch(fail));
  return b;
}

const DONE = { repair: "Repaired", propose: "Proposed", "from-pcn": "Built from the PCNs" };

// outcome says how the plan now stands, from the fresh scores, so the
// banner agrees with the scorecard and flags below it.
function outcome() {
  const ps = state.scores.plan;
  const n = ps.footprints;
  const all = (k) => (k === n ? `all ${n}` : `${k} of ${n}`);
  const errors = ps.flags.error;
  return `${all(ps.in_band)} footprint${n === 1 ? "" : "s"} in band, ${all(ps.contiguous)} contiguous; ${errors} error${errors === 1 ? "" : "s"} flagged`;
}

// report says what the design did, with a button to undo it.
function report(mode, j) {
  const infeasible = (j.places || []).filter((p) => !p.feasible);
  const why = infeasible.length ? ` Not possible within the band: ${infeasible.map((p) => `${p.name}: ${p.reason}`).join("; ")}.` : "";
  banner([`${DONE[mode]} as version ${j.version}: ${outcome()}.${why} `, undoButton(j.previous)], "info");
}

/**
 * runDesign proposes or repairs in the background, showing progress; the
 * result is a new version of the plan, undone by restoring the previous.
 */
async function runDesign(mode) {
  await drain();
  const seed = Math.max(0, Math.floor(Number(el("design-seed").value) || 0));
  const weights = weightsFor(mode);
  el("design-options").hidden = true;
  const job = await api("POST", "/api/design", { plan: state.plan.id, mode, seed, ...(weights ? { weights } : {}) });
  state.designJob = job.id;
  busy(true);
  const j = await waitFor(job, mode);
  busy(false);
  state.designJob = null;
  if (j.status !== "done") { el("design-status").textContent = `Design ${j.status}: ${j.error || ""}`; return; }
  el("design-status").textContent = `${DONE[mode]} in ${j.seconds.toFixed(2)} s: version ${j.version}.`;
  forgetHistory();
  applyPlan(await api("GET", `/api/plans/${state.plan.id}`));
  zoomTo(Object.keys(state.plan.assignments));
  await refreshScores();
  loadVersions();
  report(mode, j);
  if (j.options && j.options.length > 1) showOptions(j);
}

// optionRow is one option of a proposal: its scorecard, and a button
// that makes it the plan's new version unless it is the one saved.
function optionRow(o, j) {
  const sc = o.scorecard, st = sc.pcn_status || {};
  const saved = o.option === "balanced"; // the page asks for no other option to be saved
  const use = saved ? h("span", { class: "muted", title: `saved as version ${j.version}` }, `saved, v${j.version}`)
    : h("button", { type: "button", dataset: { option: o.option }, title: `Use ${o.title.toLowerCase()}: save it as the next version` }, "Use");
  if (!saved) use.addEventListener("click", () => useOption(o).catch(fail));
  return h("tr", null, h("td", null, o.title), h("td", { class: "n" }, `${fmt(sc.in_band)} / ${fmt(sc.footprints)}`),
    h("td", { class: "n" }, `${fmt(st.aligned || 0)} / ${fmt(st.cross_boundary || 0)} / ${fmt(st.realign || 0)}`),
    h("td", { class: "n" }, pct(sc.pcn_containment_mean)), h("td", { class: "n" }, fmt(sc.wards_split)),
    h("td", { class: "n" }, fixed(sc.polsby_popper_mean, 2)), h("td", null, use));
}

// showOptions lists the options a proposal offers, side by side.
function showOptions(j) {
  const head = [["option"], ["in band"], ["PCNs", "aligned / cross-boundary / to re-align"], ["contain­ment", "mean PCN containment"], ["wards split"], ["PP", "mean Polsby-Popper"], [""]];
  fill(el("design-options"), h("p", { class: "muted" }, "Propose offers three options along the trade-off between PCN alignment and whole communities:"),
    h("table", null, h("tr", null, head.map(([x, title]) => h("th", title ? { title } : null, x))), j.options.map((o) => optionRow(o, j))));
  el("design-options").hidden = false;
}

// useOption saves an option's footprints as the plan's new version.
async function useOption(o) {
  await drain();
  const { name, places, settings, footprints, assignments } = o.result; // the plan file, as the JSON export writes it
  const file = new Blob([JSON.stringify({ name, places, settings, footprints, assignments })], { type: "application/json" });
  const r = await upload(`/api/plans/${state.plan.id}/import?format=json&base_version=${state.plan.version}`, file);
  if (!r.ok) { banner(`Not saved: ${r.body.error}. The plan is unchanged.`); return; }
  forgetHistory();
  applyPlan(r.body.plan);
  await refreshScores();
  loadVersions();
  for (const b of el("design-options").querySelectorAll("button")) b.disabled = b.dataset.option === o.option;
  banner([`${o.title} saved as version ${r.body.version}: ${outcome()}. `, undoButton(r.body.version - 1)], "info");
}

/** wireDesign connects the Propose, Repair and Cancel buttons. */
export function wireDesign() {
  el("design-propose").addEventListener("click", () => runDesign("propose").catch(fail));
  el("design-repair").addEventListener("click", () => runDesign("repair").catch(fail));
  el("design-frompcn").addEventListener("click", () => runDesign("from-pcn").catch(fail));
  el("design-cancel").addEventListener("click", () => { if (state.designJob) api("DELETE", `/api/design/${state.designJob}`).catch(fail); });
  wireWeights().catch(fail);
}
