// MSOA names (House of Commons Library) as HTML labels at neighbourhood
// zoom, and borough names at city zoom: there are no font glyphs offline
// for map symbols.
import { state } from "./state.js";
import { api } from "./api.js";
import { h } from "./dom.js";
import { textBox } from "./declutter.js";

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

// loadLabels fetches the MSOA names once, then draws them: then() is
// given the page's redraw of every label, as the footprints' come first.
function loadLabels(then) {
  if (state.msoaLoading) return;
  state.msoaLoading = api("GET", "/api/layers/msoa").then((fc) => {
    state.msoaLabels = fc.features.map((f) => ({ name: f.properties.alt || f.properties.name, at: labelPoint(f.geometry) }));
    then();
  });
}

/** setPlaceLabels records the places' names and where to draw them, from the borough layer. */
export function setPlaceLabels(boroughs) {
  state.placeLabels = boroughs.features.filter((f) => f.geometry).map((f) => ({ name: f.properties.name, at: labelPoint(f.geometry) }));
}

// PLACE_WIDTH is the widest a borough's name may be before it wraps (app.css).
const PLACE_WIDTH = 110;

// addLabel puts one name on the map, if placer (when given) finds room for it.
function addLabel(placer, cls, name, at, perChar, maxWidth = Infinity) {
  const [w, h_] = textBox([[name, perChar]], maxWidth);
  if (placer && !placer.place(at, w, h_)) return;
  state.labelMarkers.push(new maplibregl.Marker({ element: h("div", { class: cls }, name) }).setLngLat(at).addTo(state.map));
}

/**
 * updateLabels redraws the names of the MSOAs in view when zoomed in, or
 * of the boroughs when zoomed out, where placer (holding the labels
 * already placed, such as the footprints') finds room; then, through
 * redraw, again once the MSOA names have come.
 */
export function updateLabels(placer, redraw) {
  state.labelMarkers.forEach((m) => m.remove());
  state.labelMarkers = [];
  const z = state.map.getZoom();
  if (z < PLACE_MAX_ZOOM) {
    // With no plan open, the start page asks for places to be picked on
    // the map: every borough is named, crowded or not.
    for (const l of state.placeLabels || []) addLabel(state.plan ? placer : null, "place-label", l.name, l.at, 8.6, PLACE_WIDTH);
    return;
  }
  if (z < MIN_ZOOM) return;
  if (!state.msoaLabels) { loadLabels(redraw); return; }
  const b = state.map.getBounds();
  for (const l of state.msoaLabels) {
    if (state.labelMarkers.length >= MAX_LABELS) break;
    if (b.contains(l.at)) addLabel(placer, "msoa-label", l.name, l.at, 6.6);
  }
}
