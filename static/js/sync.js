// Saving: the queue of edits sent one batch at a time against the version
// the last one produced, 409 conflicts with another editor, undo and redo.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, bdi, withNames } from "./dom.js";
import { banner, userNames, fail } from "./ui.js";
import { palette } from "./sources.js";
import { applyPlan, setStatus } from "./plan.js";
import { renderFootprints, renderTally } from "./footprints.js";
import { refreshScores, refreshScoresSoon } from "./scores.js";
import { loadVersions } from "./versions.js";
import { setLocal } from "./paint.js";
import { applyRecoloured } from "./colours.js";
import { holdMap, releaseMap } from "./map.js";

// settle draws the map held since an edit, unless a stroke is under way.
function settle() {
  if (!state.stroke) releaseMap();
}

/** send queues a batch of changes, [{lsoa, from, to}], to be saved. */
function send(changes) {
  state.queue.push(changes);
  updateUndo();
  setStatus();
  flush();
}

// saved records the scores of the footprints a batch touched; a footprint
// the server made is added to the list.
function saved(r) {
  state.plan.version = r.version;
  for (const fs of r.footprints) {
    state.fpScore.set(fs.id, fs);
    if (!state.rows.has(fs.id)) { state.plan.footprints.push({ id: fs.id, name: fs.name, colour: palette()[0], locked: false }); renderFootprints(); }
    renderTally(fs.id);
  }
  applyRecoloured(r.recoloured);
  // The last batch of a run brings the whole plan's scores with it.
  if (r.scores && state.queue.length === 0) refreshScores(Promise.resolve(r.scores)).catch(fail);
  else refreshScoresSoon();
}

// flush sends queued batches one at a time, each against the version the
// last one produced.
async function flush() {
  if (state.sending) return;
  while (state.queue.length) {
    state.sending = true;
    const batch = state.queue.shift();
    const scores = state.queue.length === 0 ? "?scores=all" : "";
    try {
      saved(await api("PATCH", `/api/plans/${state.plan.id}/assignments${scores}`, {
        base_version: state.plan.version, changes: batch.map((c) => ({ lsoa: c.lsoa, footprint: c.to })) }));
    } catch (err) {
      state.sending = false;
      await handleSaveError(err, batch);
    }
    state.sending = false;
  }
  // The map, held since the edits, is given them now: the last batch's
  // scores go on the page in the microtask after this, before the next
  // frame, so both are drawn together.
  settle();
  setStatus();
  if (state.drained) { state.drained(); state.drained = null; }
}

/** drain resolves once every queued edit is saved. */
export function drain() {
  if (!state.sending && state.queue.length === 0) return Promise.resolve();
  return new Promise((resolve) => { state.drained = resolve; });
}

/**
 * patchPlan saves a change to the plan itself (name, settings, footprints)
 * once the queue is empty: body() builds the request, then the new plan is
 * applied and after() runs. It returns false when the save failed.
 */
export async function patchPlan(body, after) {
  await drain();
  try {
    applyPlan(await api("PATCH", `/api/plans/${state.plan.id}`, { base_version: state.plan.version, ...body() }));
    if (after) await after();
    return true;
  } catch (err) {
    await handleSaveError(err, null);
    return false;
  }
}

// conflictMessage tells the user that someone else edited the plan, what
// they changed and whether a change of theirs was lost.
function conflictMessage(err, batch) {
  const changes = (err.body && err.body.changes) || [];
  const names = userNames();
  const what = changes.flatMap((v, i) => [i ? h("br") : null, `version ${v.version}: `, bdi(withNames(v.summary, names))]);
  const lost = batch ? ` Your change of ${batch.length} LSOA${batch.length === 1 ? "" : "s"} was not saved; the plan has been reloaded.` : " The plan has been reloaded.";
  return [h("strong", null, "Someone else has edited this plan."), ` It is now at version ${err.body.version}.`, h("br"), what, h("br"), lost];
}

// handleSaveError: a 409 means another editor got there first: reload and
// say what they changed. Anything else undoes the batch locally.
async function handleSaveError(err, batch) {
  if (err.status === 409) {
    banner(conflictMessage(err, batch));
    state.queue = [];
    forgetHistory();
    applyPlan(await api("GET", `/api/plans/${state.plan.id}`));
    await refreshScores();
    loadVersions();
  } else {
    if (batch) for (let i = batch.length - 1; i >= 0; i--) setLocal(batch[i].lsoa, batch[i].to, batch[i].from);
    if (batch) state.undo = state.undo.filter((b) => b !== batch);
    banner(`Not saved: ${err.message}`);
  }
  updateUndo();
  setStatus();
}

/** forgetHistory empties undo and redo, when the plan changed under them. */
export function forgetHistory() {
  state.undo = [];
  state.redo = [];
  updateUndo();
}

/** updateUndo enables the undo and redo buttons when there is something to do. */
export function updateUndo() {
  el("undo").disabled = state.readOnly || state.undo.length === 0;
  el("redo").disabled = state.readOnly || state.redo.length === 0;
}

/** record makes a finished stroke one undoable batch, and saves it. */
export function record(changes) {
  state.undo.push(changes);
  state.redo = [];
  send(changes);
}

/** undo takes back the last batch, locally at once, then on the server. */
export function undo() {
  const batch = state.undo.pop();
  if (!batch) return;
  const inverse = batch.slice().reverse().map((c) => ({ lsoa: c.lsoa, from: c.to, to: c.from }));
  holdMap();
  for (const c of inverse) setLocal(c.lsoa, c.from, c.to);
  state.redo.push(batch);
  send(inverse);
}

/** redo puts back the last batch undone. */
export function redo() {
  const batch = state.redo.pop();
  if (!batch) return;
  holdMap();
  for (const c of batch) setLocal(c.lsoa, c.from, c.to);
  state.undo.push(batch);
  send(batch);
}

/** wireUndo connects the undo and redo buttons. */
export function wireUndo() {
  el("undo").addEventListener("click", undo);
  el("redo").addEventListener("click", redo);
}
