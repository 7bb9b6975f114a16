// Keyboard shortcuts: Ctrl+Z / Ctrl+Y (or Ctrl+Shift+Z) undo and redo,
// H pan, P paint, E erase, N new footprint, A paint the LSOA at the centre
// of the map, [ and ] step through the footprints, ? the shortcut sheet.
import { state } from "./state.js";
import { undo, redo } from "./sync.js";
import { setTool, paintCentre } from "./paint.js";
import { addFootprint, setActive } from "./footprints.js";
import { showShortcuts } from "./intro.js";

// undoKey handles Ctrl (or Cmd) with Z or Y.
function undoKey(e) {
  if (e.key === "z" && !e.shiftKey) { e.preventDefault(); undo(); }
  else if (e.key === "y" || (e.key === "z" && e.shiftKey) || e.key === "Z") { e.preventDefault(); redo(); }
}

// stepFootprint makes the next (or previous) footprint active.
function stepFootprint(forward) {
  const ids = state.plan.footprints.map((f) => f.id);
  const i = ids.indexOf(state.active);
  if (ids.length) setActive(ids[(i + (forward ? 1 : ids.length - 1)) % ids.length]);
}

// onKey runs the shortcut of a key pressed outside a text field.
function onKey(e) {
  const typing = e.target.matches("input[type=text], input[type=search], textarea, select");
  if ((e.ctrlKey || e.metaKey) && !typing) { undoKey(e); return; }
  if (!typing && e.key === "?") { e.preventDefault(); showShortcuts(); return; }
  if (typing || e.altKey || e.ctrlKey || e.metaKey || !state.plan) return;
  const k = e.key.toLowerCase();
  if (k === "h") setTool("pan");
  else if (k === "p") setTool("paint");
  else if (k === "e") setTool("erase");
  else if (k === "n") addFootprint();
  else if (k === "a" && state.tool !== "pan") paintCentre();
  else if (k === "[" || k === "]") stepFootprint(k === "]");
}

/** wireKeys listens for the shortcuts. */
export function wireKeys() {
  document.addEventListener("keydown", onKey);
}
