// Scores: fetching the plan's scores after each save, at most one fetch at
// a time, and redrawing the tallies, flags and detail from them.
import { state } from "./state.js";
import { api } from "./api.js";
import { el } from "./dom.js";
import { fail } from "./ui.js";
import { renderTally } from "./footprints.js";
import { renderFlags } from "./flags.js";
import { renderDetail } from "./detail.js";
import { loadProfiles } from "./profiles.js";
import { renderScorecard, renderBalance } from "./scorecard.js";
import { refreshBoundariesSoon } from "./boundaries.js";
import { applyHatch } from "./colours.js";

/**
 * refreshScoresSoon fetches fresh scores once the save queue is empty; a
 * refresh asked for while one is under way runs again when it ends.
 */
export function refreshScoresSoon() {
  if (state.queue.length) return; // the last queued save will ask again
  if (state.scoring) { state.rescore = true; return; }
  refreshScores().catch(fail);
}

// fetchScores fetches the scores, one fetch at a time.
async function fetchScores() {
  state.scoring = true;
  try {
    return await api("GET", `/api/plans/${state.plan.id}/scores`);
  } finally {
    state.scoring = false;
  }
}

/**
 * refreshScores fetches the scores now and shows them; fetched, when
 * given, is a fetch of them already under way.
 */
export async function refreshScores(fetched) {
  if (!state.plan) return;
  const t0 = performance.now();
  const seq = ++state.scoreAsked;
  const sc = await (fetched || fetchScores());
  if (state.rescore) { state.rescore = false; refreshScoresSoon(); }
  // Scores asked for before those shown are older: an edit's came first.
  if (seq < state.scoreShown) return;
  state.scoreShown = seq;
  const t1 = performance.now();
  state.scores = sc;
  state.fpScore = new Map(sc.footprints.map((f) => [f.id, f]));
  applyHatch();
  for (const id of state.rows.keys()) renderTally(id);
  renderScorecard();
  renderBalance();
  const t2 = performance.now();
  renderFlags();
  const t3 = performance.now();
  renderDetail();
  state.scoreMs = [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3];
  if (el("profile-box").open) loadProfiles().catch(fail);
  // From the end of the last stroke to fresh scores on the page, and to
  // the end of the map frame that draws it (the frame after it is drawn).
  if (state.strokeAt) {
    const at = state.strokeAt;
    state.refreshMs = performance.now() - at;
    state.strokeAt = 0;
    state.map.once("render", () => requestAnimationFrame(() => { state.paintedMs = performance.now() - at; }));
  }
  document.body.dataset.scored = String(state.plan.version);
  refreshBoundariesSoon();
}
