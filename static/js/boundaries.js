// Footprint boundaries: the plan's footprints as the server dissolves
// them, drawn as one line between footprints over the thin LSOA lines:
// at once when a plan opens, and again once edits have settled.
import { state } from "./state.js";
import { OUTLINE } from "./map.js";

const EMPTY = { type: "FeatureCollection", features: [] };

// SETTLE_MS is how long edits must pause before the boundaries are fetched.
const SETTLE_MS = 600;

/**
 * addBoundarySource adds the boundaries' source: url, when given, is the
 * address of the boundaries of the plan in the page's address, at its
 * latest version, fetched while the plan itself is.
 */
export function addBoundarySource(url) {
  state.map.addSource("fp-boundaries", { type: "geojson", data: url || EMPTY, ...OUTLINE });
  state.boundaryKey = url ? `latest ${url}` : "";
}

/** addBoundaryLayer adds the boundary line, below the outlines of wards, boroughs and ICBs. */
export function addBoundaryLayer(before) {
  state.map.addLayer({ id: "fp-boundary", type: "line", source: "fp-boundaries", paint: {
    "line-color": "#1d2327",
    "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.9, 12, 1.8, 14, 2.6] } }, before);
}

/**
 * showBoundaries draws the boundaries of the plan's version now, unless
 * they are already drawn. The map's worker fetches and parses them, off
 * the page's thread; should the plan move on meanwhile, the next edit's
 * refresh draws the later version over them.
 */
export function showBoundaries() {
  clearTimeout(state.boundaryTimer);
  const plan = state.plan, src = plan && state.map.getSource("fp-boundaries");
  if (!src) return;
  const url = `${location.origin}/api/plans/${encodeURIComponent(plan.id)}/outlines`;
  const key = `${plan.id}@${plan.version}`;
  // The latest version's, asked for as the page started, are this plan's
  // as it opens (and not another's, if the plan in the address failed).
  if (state.boundaryKey === `latest ${url}`) state.boundaryKey = key;
  if (state.boundaryKey === key) return;
  state.boundaryKey = key;
  src.setData(`${url}?version=${plan.version}`);
}

/** refreshBoundariesSoon draws the boundaries once edits have paused. */
export function refreshBoundariesSoon() {
  clearTimeout(state.boundaryTimer);
  state.boundaryTimer = setTimeout(showBoundaries, SETTLE_MS);
}
