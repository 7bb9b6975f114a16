// The MapLibre map: its creation, the sources and layers of the atlas, and
// the small operations the panels ask of it (colour, highlight, zoom).
import { state } from "./state.js";
import { el } from "./dom.js";
import { palette, footprintColour } from "./sources.js";
import { addBoundarySource, addBoundaryLayer } from "./boundaries.js";
import { unitTiles } from "./tiles.js";

/** DECILE colours IMD deciles, 1 = most deprived: viridis, readable for colour-blind users. */
export const DECILE = ["#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

/**
 * CATCHMENT is the PCN catchment's scale: [value, colour] stops over the
 * share of an LSOA's registered residents (or the count over the largest),
 * stretched at the low end where most LSOAs are.
 */
export const CATCHMENT = [[0, "#ffffff"], [0.05, "#fde0c5"], [0.25, "#f59e72"], [0.5, "#d55e00"], [1, "#6b2f00"]];

const EMPTY = { type: "FeatureCollection", features: [] };

/**
 * OUTLINE is the tiling of a GeoJSON source drawn as thin lines: a small
 * tile buffer (MapLibre's default, 128, has each tile carry a quarter of
 * its neighbours' lines on every side, all drawn again) and a coarser
 * simplification, since software rendering pays for every vertex.
 */
export const OUTLINE = { buffer: 8, tolerance: 1 };

/** createMap makes the map, with no basemap (there are no tiles offline), into state.map. */
export function createMap() {
  const map = new maplibregl.Map({
    container: "map",
    style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef1f3" } }] },
    center: [-0.12, 51.5], zoom: 9.3, attributionControl: false, doubleClickZoom: false,
    // A flat map of footprints: no rotating or tilting, which also keeps
    // a painting click from starting a drag handler and a redraw; no
    // symbol layers, so no fading labels to redraw for.
    dragRotate: false, pitchWithRotate: false, touchPitch: false, fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true }, // so the coverage report can print the map
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
  state.map = map;
  holdFrames(map);
  return map;
}

/**
 * holdFrames keeps the map from drawing, after its first frame (the
 * empty style), until releaseFrames: it still asks for tiles, reads them
 * and reports idle, but draws nothing. As the page starts, its sources'
 * tiles come over a second or two, and MapLibre draws a frame as each
 * comes; with software rendering each frame of all London blocks the page
 * for 100–300 ms, so drawing once, when all have come, shows the whole
 * map sooner. MapLibre has no public way to hold its frames: this wraps
 * its painter's render, which the version in package-lock.json calls once
 * a frame. Its first call sets up the painter's drawing state, without
 * which no later frame draws anything, so it goes through. The hold ends
 * after HOLD_FRAMES_MS at most, should the map never be idle. Meanwhile
 * the page says the map is being drawn (#map-loading).
 */
export function holdFrames(map) {
  const painter = map.painter, render = painter.render;
  let first = true;
  painter.render = function held(...args) {
    if (first) render.apply(painter, args);
    first = false;
  };
  const release = () => {
    if (painter.render !== render) {
      painter.render = render;
      map.triggerRepaint();
    }
    el("map-loading").hidden = true;
  };
  const timer = setTimeout(release, HOLD_FRAMES_MS);
  state.releaseFrames = () => { clearTimeout(timer); state.releaseFrames = null; release(); };
}

// HOLD_FRAMES_MS is the longest the map's first frame is held.
const HOLD_FRAMES_MS = 8000;

/** releaseFrames lets the map draw again, after holdFrames. */
export function releaseFrames() {
  if (state.releaseFrames) state.releaseFrames();
}

// addUnits adds the LSOAs, as the server's vector tiles for the map: they
// come tiled and simplified, so the map's worker only reads and draws them.
function addUnits() {
  state.map.addSource("units", unitTiles());
}

/**
 * addSources adds the sources whose data the map's worker fetches: the
 * LSOAs' tiles, the outline layers (urls, name -> address) and the
 * footprint boundaries (their address, or none yet).
 */
export function addSources(urls, boundaries) {
  addUnits();
  for (const [name, url] of Object.entries(urls)) {
    const from = FROM_ZOOM[name];
    state.map.addSource(name, { type: "geojson", data: from ? EMPTY : url, ...OUTLINE });
    if (from) fetchNear(name, url, from);
  }
  addBoundarySource(boundaries);
}

// fetchNear gives the source name its data (url) once the map is zoomed
// to within one level of zoom, from which alone it is drawn: until
// then it costs neither a fetch nor the worker's time.
function fetchNear(name, url, zoom) {
  const near = () => {
    if (state.map.getZoom() < zoom - 1) return;
    state.map.off("zoom", near);
    state.map.getSource(name).setData(url);
  };
  state.map.on("zoom", near);
  near();
}

// unitLayer adds a layer drawn from the LSOAs' tiles.
function unitLayer(spec) {
  state.map.addLayer({ source: "units", "source-layer": "units", ...spec });
}

/**
 * fillOpacity is the LSOAs' fill opacity: op for an LSOA in a footprint,
 * a little more for the active footprint's; an LSOA in none is opaque,
 * in its base colour, unless under is true (a layer beneath, such as the
 * IMD deciles, should show through), when it is not drawn. With op 0
 * (footprints as outlines) only LSOAs in no footprint are filled.
 */
export function fillOpacity(op, under) {
  const active = op === 0 ? 0 : Math.min(1, op + 0.2);
  return ["case", ["boolean", ["feature-state", "active"], false], active, ["to-boolean", ["feature-state", "colour"]], op, under ? 0 : 1];
}

// hatchImage is the hatch pattern: dark diagonal stripes, 12 pixels apart.
function hatchImage() {
  const n = 12, data = new Uint8Array(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if ((x + y) % n >= 3) continue;
      const i = 4 * (y * n + x);
      data[i] = data[i + 1] = data[i + 2] = 17;
      data[i + 3] = 170;
    }
  }
  return { width: n, height: n, data };
}

// BASE is the colour of an LSOA in no footprint: blue when picked as a
// place on the start page, pale when in the plan's places, grey outside.
const BASE = ["case", ["boolean", ["feature-state", "picked"], false], "#bcd7ea",
  ["boolean", ["feature-state", "scope"], false], "#f7f7f5", "#d9dcdf"];

// addUnitLayers adds the fills and lines drawn from the LSOAs, under the
// outlines. Software rendering draws every pixel of every layer, so the
// footprint and base colours share one fill, and lines too fine to see
// below zoom 11 (the LSOAs', the active footprint's) start there.
function addUnitLayers() {
  unitLayer({ id: "imd-fill", type: "fill", layout: { visibility: "none" }, paint: {
    "fill-color": ["match", ["get", "imd_decile"], ...DECILE.flatMap((c, i) => [i + 1, c]), "#cccccc"], "fill-opacity": 0.85 } });
  // Feature state, not a filter or a data expression, colours the
  // footprints and marks the plan's places and the places picked:
  // changing those would re-tile every LSOA.
  unitLayer({ id: "units-fill", type: "fill", paint: {
    "fill-color": ["coalesce", ["feature-state", "colour"], BASE],
    "fill-opacity": fillOpacity(0.72, false) } });
  // Footprints that share a colour with one they touch (the palette ran
  // out, or a user chose it) are hatched; shown only while there are any.
  state.map.addImage("hatch", hatchImage());
  unitLayer({ id: "fp-hatch", type: "fill", layout: { visibility: "none" }, paint: { "fill-pattern": "hatch",
    "fill-opacity": ["case", ["boolean", ["feature-state", "hatch"], false], 1, 0] } });
  unitLayer({ id: "catchment-fill", type: "fill", layout: { visibility: "none" }, paint: {
    "fill-color": ["interpolate", ["linear"], ["coalesce", ["feature-state", "pcn"], 0], ...CATCHMENT.flat()],
    "fill-opacity": ["case", [">", ["coalesce", ["feature-state", "pcn"], 0], 0], 0.85, 0] } });
  unitLayer({ id: "units-line", type: "line", minzoom: 11, paint: { "line-color": "#ffffff", "line-width": ["interpolate", ["linear"], ["zoom"], 9, 0.2, 14, 1] } });
  // Footprints as outlines: each LSOA edged in its footprint's colour.
  unitLayer({ id: "fp-outline", type: "line", layout: { visibility: "none" }, paint: {
    "line-color": ["coalesce", ["feature-state", "colour"], "#000000"], "line-width": 2,
    "line-opacity": ["case", ["to-boolean", ["feature-state", "colour"]], 1, 0] } });
}

/**
 * addActiveLayer outlines, above the other lines, the LSOAs a flag or a
 * search highlights (feature state hl) and, thinner, the active
 * footprint's (active): one layer, so the lines are drawn once more, not twice.
 */
function addActiveLayer() {
  const width = (hl, active) => ["case", ["boolean", ["feature-state", "hl"], false], hl, ["boolean", ["feature-state", "active"], false], active, 0];
  unitLayer({ id: "active-line", type: "line", minzoom: 10.5, paint: {
    "line-color": ["case", ["boolean", ["feature-state", "hl"], false], "#000000", "#1d2327"],
    "line-width": ["interpolate", ["linear"], ["zoom"], 9, width(3.5, 0.4), 14, width(3.5, 1.2)],
    "line-opacity": ["case", ["boolean", ["feature-state", "hl"], false], 1, ["boolean", ["feature-state", "active"], false], 0.7, 0] } });
}

// addOutline adds a line layer drawn from the source name, from zoom minzoom.
function addOutline(name, color, width, dash, minzoom = 0) {
  const paint = { "line-color": color, "line-width": width };
  if (dash) paint["line-dasharray"] = dash;
  state.map.addLayer({ id: `${name}-line`, type: "line", source: name, minzoom, paint });
}

/**
 * FROM_ZOOM gives the outline layers drawn only from some zoom, and that
 * zoom: ward outlines over all London are a blur. Their data is fetched
 * on the way there (fetchNear).
 */
const FROM_ZOOM = { ward: 11 };

// addPractices adds the practices, coloured by PCN, and the highlighted
// sites: both empty until setLayerData.
function addPractices() {
  const pal = palette();
  state.map.addSource("practices", { type: "geojson", data: EMPTY });
  state.map.addLayer({ id: "practices", type: "circle", source: "practices", layout: { visibility: "none" }, paint: {
    "circle-radius": ["interpolate", ["linear"], ["zoom"], 9, 2.5, 14, 6],
    "circle-color": ["case", ["<", ["get", "pcn_index"], 0], "#000000", ["to-color", ["at", ["%", ["get", "pcn_index"], pal.length], ["literal", pal]]]],
    "circle-stroke-color": "#000", "circle-stroke-width": 1 } });
  state.map.addSource("sites", { type: "geojson", data: EMPTY });
  state.map.addLayer({ id: "sites", type: "circle", source: "sites", paint: { "circle-radius": 7, "circle-color": "#fff", "circle-stroke-color": "#000", "circle-stroke-width": 3 } });
}

/**
 * addLayers puts the atlas on the map, over the sources addSources added:
 * the LSOAs, then the outlines, then the boroughs and practices, which the
 * page reads too and gives the map once they come (setLayerData). The
 * map asks for the LSOAs' tiles from the moment their layers are added.
 */
export function addLayers() {
  const map = state.map;
  addUnitLayers();
  map.addLayer({ id: "barrier-fill", type: "fill", source: "barrier", paint: { "fill-color": "#8fc1e3" } });
  map.addSource("edec", { type: "geojson", data: EMPTY, ...OUTLINE });
  map.addLayer({ id: "edec-line", type: "line", source: "edec", layout: { visibility: "none" }, paint: { "line-color": "#882255", "line-width": 1.5, "line-dasharray": [3, 2] } });
  addBoundaryLayer();
  addOutline("ward", "#37474f", 0.6, [2, 2], FROM_ZOOM.ward);
  map.addSource("borough", { type: "geojson", data: EMPTY, ...OUTLINE });
  addOutline("borough", "#111111", 1.6);
  addOutline("icb", "#b2182b", 2.6);
  addActiveLayer();
  addPractices();
}

/** setLayerData gives the map the layers the page fetched itself (name -> GeoJSON). */
export function setLayerData(layer) {
  state.map.getSource("borough").setData(layer.borough);
  state.map.getSource("practices").setData(layer.practices);
}

/** setVisible shows or hides a layer. */
export function setVisible(layer, on) {
  state.map.setLayoutProperty(layer, "visibility", on ? "visible" : "none");
}

/**
 * setUnitState sets the feature state (colour, pcn, …) of one LSOA, now,
 * or while the map is held, once it is released.
 */
export function setUnitState(code, st) {
  if (state.held) {
    const was = state.held.get(code);
    state.held.set(code, was ? { ...was, ...st } : st);
    return;
  }
  state.map.setFeatureState({ source: "units", sourceLayer: "units", id: code }, st);
}

// HOLD_MS is the longest the map waits for an edit's save before drawing it.
const HOLD_MS = 150;

/**
 * holdMap holds changes of feature state back from the map until
 * releaseMap, or HOLD_MS from now. With software rendering a frame of the
 * map takes 100–300 ms and blocks the page, so drawing an edit before its
 * save comes back would hold back its tallies and scores by a frame.
 */
export function holdMap() {
  if (!state.held) state.held = new Map();
  clearTimeout(state.holdTimer);
  state.holdTimer = setTimeout(releaseMap, HOLD_MS);
}

// flushHeld puts the held feature state on the map, and stops holding.
function flushHeld() {
  const held = state.held;
  state.held = null;
  if (held) for (const [code, st] of held) setUnitState(code, st);
}

/** releaseMap puts the held feature state on the map, in one frame, and stops holding. */
export function releaseMap() {
  clearTimeout(state.holdTimer);
  flushHeld();
}

/** drawHeld puts the held feature state on the map, and goes on holding: a drag's, once a frame. */
export function drawHeld() {
  if (!state.held) return;
  flushHeld();
  state.held = new Map();
}

/** colourOf is the colour of a footprint of the plan, or null. */
export function colourOf(id) {
  const i = state.plan ? state.plan.footprints.findIndex((x) => x.id === id) : -1;
  return i >= 0 ? footprintColour(state.plan.footprints[i].colour, i) : null;
}

/**
 * highlight outlines the given LSOAs (feature state hl), taking the
 * outline off those outlined before: a filter would re-tile every LSOA.
 */
export function highlight(codes) {
  for (const c of state.highlighted) setUnitState(c, { hl: false });
  state.highlighted = [...codes];
  for (const c of state.highlighted) setUnitState(c, { hl: true });
}

/** zoomTo fits the map to the given LSOAs. */
export function zoomTo(codes, animate = true, padding = 60) {
  const b = [180, 90, -180, -90];
  for (const c of codes) {
    const u = state.unit.get(c);
    if (!u) continue;
    b[0] = Math.min(b[0], u.bbox[0]); b[1] = Math.min(b[1], u.bbox[1]); b[2] = Math.max(b[2], u.bbox[2]); b[3] = Math.max(b[3], u.bbox[3]);
  }
  if (b[0] <= b[2]) state.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding, maxZoom: 15, duration: animate ? 400 : 0 });
}

/** showSites marks the given practices, or a PCN's when given its code. */
export function showSites(pcn, only) {
  const feats = state.practices.features.filter((f) => (only ? f.properties.code === only : f.properties.pcn === pcn));
  state.map.getSource("sites").setData({ type: "FeatureCollection", features: feats });
}

/** codeAt is the code of the LSOA under a point of the map, or null. */
export function codeAt(point) {
  const feats = state.map.queryRenderedFeatures(point, { layers: ["units-fill"] });
  return feats.length ? feats[0].properties.code : null;
}

/** pointOf gives the page coordinates of a point inside an LSOA. */
export function pointOf(code) {
  const p = state.map.project(state.unit.get(code).label);
  const r = state.map.getCanvas().getBoundingClientRect();
  return { x: r.left + p.x, y: r.top + p.y };
}

/** clearCatchment takes the PCN catchment shown off the map. */
export function clearCatchment() {
  if (state.catchmentPCN) for (const c of Object.keys(state.catchmentPCN.share)) setUnitState(c, { pcn: 0 });
}

/** showCatchmentLayer turns the PCN catchment choropleth on. */
export function showCatchmentLayer() {
  setVisible("catchment-fill", true);
  el("toggle-catchment").checked = true;
}
