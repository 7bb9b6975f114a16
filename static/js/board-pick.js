// The board page's plan picker: two to four plans or versions, each a
// plan link or id and a version chosen from its list, each version shown
// with its scorecard line.
import { api } from "./api.js";
import { el, h, fill, fmt } from "./dom.js";

export const MAX_PICKS = 4;

// idOf reads a plan id from a share or edit link, or takes the text as an id.
export function idOf(text) {
  const t = text.trim();
  try {
    const u = new URL(t, location.href);
    const id = u.searchParams.get("plan");
    if (id) return id;
  } catch { /* not a link */ }
  return t;
}

/** cardLine sums up a version's scorecard in one line. */
export function cardLine(c) {
  if (!c) return "";
  const errors = c.errors === 1 ? "1 error" : `${fmt(c.errors)} errors`;
  return `${errors} · ${fmt(c.in_band)} of ${fmt(c.footprints)} in band · ${fmt(c.pcns_aligned)} PCNs aligned`;
}

// versionOption is one version in a picker's list.
function versionOption(v, latest) {
  const when = v.created_at.slice(0, 16).replace("T", " ");
  const label = `v${v.version}${v.version === latest ? " (latest)" : ""} · ${when}${v.card ? " · " + cardLine(v.card) : ""}`;
  return h("option", { value: String(v.version) }, label);
}

// loadVersions fills a pick's version list from its plan.
async function loadVersions(li, wanted) {
  const id = idOf(li.querySelector("input").value);
  const sel = li.querySelector("select");
  const note = li.querySelector(".card");
  if (!id) { fill(sel); note.textContent = ""; return; }
  try {
    const [{ versions }, plan] = await Promise.all([api("GET", `/api/plans/${encodeURIComponent(id)}/versions`), api("GET", `/api/plans/${encodeURIComponent(id)}`)]);
    const latest = versions.length ? versions[0].version : 0;
    fill(sel, versions.map((v) => versionOption(v, latest)));
    sel.value = String(wanted || latest);
    note.textContent = plan.name;
  } catch (err) {
    fill(sel);
    note.textContent = `Cannot read this plan: ${err.message}`;
  }
}

/** addPick adds a row to the picker, for plan id at a version (0: latest). */
export function addPick(id = "", version = 0) {
  const picks = el("picks");
  if (picks.children.length >= MAX_PICKS) return null;
  const input = h("input", { type: "text", value: id, "aria-label": "Plan link or id", placeholder: "share link, edit link or plan id" });
  const sel = h("select", { "aria-label": "Version" });
  const remove = h("button", { type: "button", "aria-label": "Remove this plan" }, "Remove");
  const li = h("li", null, input, " ", sel, " ", remove, " ", h("span", { class: "card" }));
  input.addEventListener("change", () => loadVersions(li, 0));
  remove.addEventListener("click", () => { li.remove(); el("add-pick").disabled = false; });
  picks.appendChild(li);
  el("add-pick").disabled = picks.children.length >= MAX_PICKS;
  if (id) loadVersions(li, version);
  return li;
}

/** picked returns the plans chosen as "id@n", in order. */
export function picked() {
  return [...el("picks").children].map((li) => {
    const id = idOf(li.querySelector("input").value);
    const v = li.querySelector("select").value;
    return id ? (v ? `${id}@${v}` : id) : "";
  }).filter(Boolean);
}

/** whenLoaded resolves once every pick's version list has been asked for and answered. */
export async function whenLoaded() {
  for (let i = 0; i < 100; i++) {
    const rows = [...el("picks").children];
    if (rows.every((li) => !li.querySelector("input").value || li.querySelector(".card").textContent)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
