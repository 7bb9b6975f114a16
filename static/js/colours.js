// Colours the server gives footprints after an edit, so that touching
// footprints never share one: put on the plan, the list and the map.
import { state } from "./state.js";
import { setUnitState, colourOf, setVisible } from "./map.js";

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

/**
 * applyHatch hatches, of each pair of touching footprints that share a
 * colour (the last scores' clashes), the one with fewer residents, so
 * the two can still be told apart.
 */
export function applyHatch() {
  if (!state.plan || !state.scores) return;
  const pop = (id) => state.pop.get(id) || 0;
  const next = new Set((state.scores.clashes || []).map(([a, b]) => (pop(b) <= pop(a) ? b : a)));
  const was = state.hatched;
  state.hatched = next;
  for (const [code, id] of Object.entries(state.plan.assignments)) if (was.has(id) !== next.has(id)) setUnitState(code, { hatch: next.has(id) });
  setVisible("fp-hatch", next.size > 0);
}
