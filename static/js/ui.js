// The banner above the panel and the tooltip beside the pointer.
import { state } from "./state.js";
import { el, fill } from "./dom.js";

/**
 * banner shows a message (text, nodes or a list of both) in the banner,
 * styled by kind ("info" or none, for a problem); no message hides it.
 */
export function banner(msg, kind) {
  const b = el("banner");
  if (!msg || (Array.isArray(msg) && msg.length === 0)) { b.hidden = true; return; }
  b.className = kind || "";
  fill(b, msg);
  b.hidden = false;
}

/** userNames are the names users gave: the plan's and its footprints', for withNames. */
export function userNames() {
  const p = state.plan;
  return p ? [p.name, ...p.footprints.map((f) => f.name)] : [];
}

/** fail shows an error's message in the banner: the catch of most actions. */
export function fail(err) { banner(err.message); }

/** tip shows a short message beside the pointer for two seconds. */
export function tip(msg, x, y) {
  const t = el("tip");
  t.textContent = msg;
  t.style.left = `${x + 12}px`;
  t.style.top = `${y + 12}px`;
  t.hidden = false;
  clearTimeout(state.tipTimer);
  state.tipTimer = setTimeout(() => { t.hidden = true; }, 2200);
}
