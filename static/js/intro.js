// Help: the first-visit introduction (what a footprint is, why the band,
// what "re-align" and "cross-boundary" mean) and the shortcut sheet (?).
import { state } from "./state.js";
import { el, fmt } from "./dom.js";

const SEEN = "footprint.intro.seen";

// fillNumbers puts the open plan's band and thresholds in the text.
function fillNumbers() {
  const s = state.plan && state.plan.settings;
  if (!s) return;
  el("intro-band").textContent = `${fmt(s.band_min)}–${fmt(s.band_max)}`;
  el("intro-realign").textContent = `${Math.round(100 * s.pcn_realign)}%`;
  el("intro-aligned").textContent = `${Math.round(100 * s.pcn_aligned)}%`;
}

/** showIntro opens the introduction. */
export function showIntro() {
  fillNumbers();
  if (!el("intro").open) el("intro").showModal();
}

/** showShortcuts opens the shortcut sheet. */
export function showShortcuts() {
  if (!el("shortcuts").open) el("shortcuts").showModal();
}

// seen reads whether this browser has seen the introduction; storage may
// be refused (private windows), which counts as seen so nothing nags.
function seen() {
  try { return localStorage.getItem(SEEN) === "yes"; } catch { return true; }
}

function markSeen() {
  try { localStorage.setItem(SEEN, "yes"); } catch { /* storage refused: nothing to remember */ }
}

/** wireHelp connects the help buttons and opens the introduction on a first visit. */
export function wireHelp() {
  el("help").addEventListener("click", showIntro);
  el("help-keys").addEventListener("click", showShortcuts);
  el("intro-close").addEventListener("click", () => { markSeen(); el("intro").close(); });
  el("intro").addEventListener("close", markSeen);
  el("shortcuts-close").addEventListener("click", () => el("shortcuts").close());
}

/** firstVisit opens the introduction if this browser has not seen it. */
export function firstVisit() {
  if (!seen()) showIntro();
}
