// Footprint boundaries: the plan's footprints as the server dissolves
// them, drawn as one line between footprints over the thin LSOA lines,
// and fetched again once edits have settled.
import { state } from "./state.js";
import { api } from "./api.js";

const EMPTY = { type: "FeatureCollection", features: [] };

// SETTLE_MS is how long edits must pause before the boundaries are fetched.
const SETTLE_MS = 600;

/** addBoundaryLayer adds the boundary line, below the outlines of wards, boroughs and ICBs. */
export function addBoundaryLayer(before) {
  state.map.addSource("fp-boundaries", { type: "geojson", data: EMPTY });
  state.map.addLayer({ id: "fp-boundary", type: "line", source: "fp-boundaries", paint: {
    "line-color": "#1d2327", "line-opacity": 0.9,
    "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.9, 12, 1.8, 14, 2.6] } }, before);
}

// fetchBoundaries draws the boundaries of the plan's version now, unless
// the plan has moved on by the time they come.
async function fetchBoundaries() {
  const plan = state.plan;
  if (!plan || !state.map.getSource("fp-boundaries")) return;
  const version = plan.version;
  const fc = await api("GET", `/api/plans/${encodeURIComponent(plan.id)}/outlines?version=${version}`);
  if (state.plan === plan && plan.version === version) state.map.getSource("fp-boundaries").setData(fc);
}

/** refreshBoundariesSoon fetches the boundaries once edits have paused. */
export function refreshBoundariesSoon() {
  clearTimeout(state.boundaryTimer);
  state.boundaryTimer = setTimeout(() => fetchBoundaries().catch(() => { /* the fills still show the footprints */ }), SETTLE_MS);
}
