// MSOA names (House of Commons Library) as HTML labels at neighbourhood
// zoom, and borough names at city zoom: there are no font glyphs offline
// for map symbols.
import { state } from "./state.js";
import { api } from "./api.js";
import { h } from "./dom.js";

const MIN_ZOOM = 12.5;
const MAX_LABELS = 120;
const PLACE_MAX_ZOOM = 11;

// labelPoint is the mean of the vertices of a polygon's largest ring, good
// enough to hang a name on.
function labelPoint(g) {
  let best = null, bestN = -1;
  for (const poly of g.coordinates) if (poly[0].length > bestN) { best = poly[0]; bestN = poly[0].length; }
  let sx = 0, sy = 0;
  for (const [x, y] of best) { sx += x; sy += y; }
  return [sx / best.length, sy / best.length];
}

// loadLabels fetches the MSOA names once, then draws them.
function loadLabels() {
  if (state.msoaLoading) return;
  state.msoaLoading = api("GET", "/api/layers/msoa").then((fc) => {
    state.msoaLabels = fc.features.map((f) => ({ name: f.properties.alt || f.properties.name, at: labelPoint(f.geometry) }));
    updateLabels();
  });
}

/** setPlaceLabels records the places' names and where to draw them, from the borough layer. */
export function setPlaceLabels(boroughs) {
  state.placeLabels = boroughs.features.filter((f) => f.geometry).map((f) => ({ name: f.properties.name, at: labelPoint(f.geometry) }));
}

// placeLabels draws the borough names at city zoom, where no MSOA name shows.
function placeLabels() {
  for (const l of state.placeLabels || []) {
    const div = h("div", { class: "place-label" }, l.name);
    state.labelMarkers.push(new maplibregl.Marker({ element: div }).setLngLat(l.at).addTo(state.map));
  }
}

/** updateLabels redraws the names of the MSOAs in view when zoomed in, or of the boroughs when zoomed out. */
export function updateLabels() {
  state.labelMarkers.forEach((m) => m.remove());
  state.labelMarkers = [];
  const z = state.map.getZoom();
  if (z < PLACE_MAX_ZOOM) { placeLabels(); return; }
  if (z < MIN_ZOOM) return;
  if (!state.msoaLabels) { loadLabels(); return; }
  const b = state.map.getBounds();
  for (const l of state.msoaLabels) {
    if (!b.contains(l.at) || state.labelMarkers.length > MAX_LABELS) continue;
    const div = h("div", { class: "msoa-label" }, l.name);
    state.labelMarkers.push(new maplibregl.Marker({ element: div }).setLngLat(l.at).addTo(state.map));
  }
}
