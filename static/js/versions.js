// The versions list: every saved version of the plan, each restorable.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, fill } from "./dom.js";
import { banner, fail } from "./ui.js";
import { applyPlan } from "./plan.js";
import { drain, forgetHistory } from "./sync.js";
import { refreshScores } from "./scores.js";

const MAX_VERSIONS = 100;

/**
 * restore restores an earlier version as a new version and shows it;
 * forget also empties undo and redo.
 */
export async function restore(version, forget) {
  applyPlan(await api("POST", `/api/plans/${state.plan.id}/versions/${version}/restore`));
  if (forget) forgetHistory();
  await refreshScores();
  loadVersions();
}

// restoreButton restores one version once the save queue is empty.
function restoreButton(v) {
  const b = h("button", { type: "button" }, "Restore");
  b.addEventListener("click", async () => {
    await drain();
    try {
      await restore(v.version, true);
      banner(`Restored version ${v.version} as version ${state.plan.version}. Restore again to undo.`, "info");
    } catch (err) { fail(err); }
  });
  return b;
}

// versionItem is one version's row: number, summary, time, and a Restore button.
function versionItem(v) {
  const li = h("li", null, h("span", null, `v${v.version} · ${v.summary} `, h("span", { class: "muted" }, v.created_at.slice(0, 19).replace("T", " "))));
  if (!state.readOnly && v.version !== state.plan.version) li.appendChild(restoreButton(v));
  return li;
}

/** loadVersions fetches and lists the plan's versions. */
export async function loadVersions() {
  if (!state.plan) return;
  const { versions } = await api("GET", `/api/plans/${state.plan.id}/versions`);
  fill(el("versions"), versions.slice(0, MAX_VERSIONS).map(versionItem));
}
