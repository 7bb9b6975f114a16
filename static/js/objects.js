// Footprints as objects: delete one, merge one into the active footprint,
// remove the empty ones. Each is one version on the server, undone by
// restoring the version before it.
import { state } from "./state.js";
import { api } from "./api.js";
import { h, bdi } from "./dom.js";
import { banner, fail } from "./ui.js";
import { applyPlan } from "./plan.js";
import { drain, forgetHistory } from "./sync.js";
import { refreshScores } from "./scores.js";
import { loadVersions, restore } from "./versions.js";

// undoButton restores the version before an operation.
function undoButton(previous) {
  const b = h("button", { type: "button", class: "undo-op" }, `Undo: restore version ${previous}`);
  b.addEventListener("click", () => restore(previous, false).then(() => banner(`Restored version ${previous}.`, "info")).catch(fail));
  return b;
}

// run posts one footprint operation and shows the plan it made.
async function run(op, body, said) {
  await drain();
  const previous = state.plan.version;
  try {
    const r = await api("POST", `/api/plans/${state.plan.id}/footprints/${op}`, { base_version: previous, ...body });
    forgetHistory();
    applyPlan(r);
    await refreshScores();
    loadVersions();
    banner([...said(r), ` Version ${r.version}. `, undoButton(previous)], "info");
  } catch (err) { fail(err); }
}

const nameOf = (id) => (state.plan.footprints.find((f) => f.id === id) || { name: id }).name;

/** deleteFootprint takes a footprint out of the plan; its LSOAs become unassigned. */
export function deleteFootprint(id) {
  const name = nameOf(id);
  return run("delete", { ids: [id] }, () => ["Deleted ", bdi(name), "; its LSOAs are unassigned."]);
}

/** mergeInto moves every LSOA of footprint id into footprint into, and takes id out. */
export function mergeInto(id, into) {
  const name = nameOf(id), target = nameOf(into);
  return run("merge", { into, ids: [id] }, () => ["Merged ", bdi(name), " into ", bdi(target), "."]);
}

/** emptyFootprints lists the plan's footprints that hold no LSOA and are not locked. */
export function emptyFootprints() {
  if (!state.plan) return [];
  const used = new Set(Object.values(state.plan.assignments));
  return state.plan.footprints.filter((f) => !used.has(f.id) && !f.locked);
}

/** removeEmpty takes out every empty, unlocked footprint. */
export function removeEmpty() {
  return run("remove-empty", {}, (r) => [`Removed ${r.removed.length} empty footprint${r.removed.length === 1 ? "" : "s"}.`]);
}
