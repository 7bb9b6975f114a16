// The versions list: every saved version of the plan, each restorable.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, fill, bdi, withNames } from "./dom.js";
import { banner, fail, userNames } from "./ui.js";
import { applyPlan } from "./plan.js";
import { drain, forgetHistory } from "./sync.js";
import { refreshScores } from "./scores.js";
import { cardLine } from "./board-pick.js";

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
// The summary quotes names as they were then: it is isolated whole, and
// each name it quotes that the plan has now on its own.
function versionItem(v, names) {
  const li = h("li", null, h("span", null, `v${v.version} · `, bdi(withNames(v.summary, names)), " ",
    h("span", { class: "muted" }, v.created_at.slice(0, 19).replace("T", " "))),
    v.card ? h("span", { class: "version-card" }, cardLine(v.card)) : null);
  if (v.version !== state.plan.version) {
    const id = encodeURIComponent(state.plan.id);
    li.appendChild(h("a", { href: `board.html?plans=${id}@${v.version},${id}`, title: "Compare this version with the latest" }, "Compare"));
  }
  if (!state.readOnly && v.version !== state.plan.version) li.appendChild(restoreButton(v));
  return li;
}

/** loadVersions fetches and lists the plan's versions. */
export async function loadVersions() {
  if (!state.plan) return;
  const { versions } = await api("GET", `/api/plans/${state.plan.id}/versions`);
  const names = userNames();
  fill(el("versions"), versions.slice(0, MAX_VERSIONS).map((v) => versionItem(v, names)));
  const id = encodeURIComponent(state.plan.id);
  el("board-link").href = versions.length > 1 ? `board.html?plans=${id}@${versions[versions.length - 1].version},${id}` : `board.html?plans=${id}`;
}
