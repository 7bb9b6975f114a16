// Colours the server gives footprints after an edit, so that touching
// footprints never share one: put on the plan, the list and the map.
import { state } from "./state.js";
import { setUnitState, colourOf } from "./map.js";

/** applyRecoloured takes new footprint colours, [{id, colour, …}], and repaints their LSOAs. */
export function applyRecoloured(infos) {
  if (!infos || !infos.length || !state.plan) return;
  const ids = new Set();
  for (const f of infos) {
    const cur = state.plan.footprints.find((x) => x.id === f.id);
    if (cur) { cur.colour = f.colour; ids.add(f.id); }
  }
  for (const [code, id] of Object.entries(state.plan.assignments)) if (ids.has(id)) setUnitState(code, { colour: colourOf(id) });
  for (const id of ids) {
    const li = state.rows.get(id);
    const box = li && li.querySelector(".fp-colour");
    if (box) box.value = colourOf(id).toLowerCase();
  }
}
