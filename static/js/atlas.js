// Loads the atlas: its summary into the page, and its LSOAs and layers
// from the server onto the map.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, h, fill, joinWith } from "./dom.js";
import { DECILE, addSources, addLayers, setLayerData } from "./map.js";
import { asOf } from "./sources.js";
import { setPlaceLabels } from "./labels.js";

// showSummary fills the header, the data sources, the legend and the
// dated labels of the page from the atlas summary.
function showSummary(atlas) {
  el("atlas-name").textContent = `${atlas.name} atlas · ${fmt(atlas.units)} LSOAs · ${fmt(atlas.population)} residents (${asOf("population")})`;
  const br = () => h("br");
  fill(el("attribution"), h("strong", null, "Data"), br(),
    joinWith(atlas.sources.map((s) => `${s.layer}: ${s.vintage}`), br), br(), br(),
    joinWith(atlas.attribution, br));
  fill(el("legend"), DECILE.map((c, i) => h("span", { style: { background: c, color: i >= 6 ? "#000" : "#fff" } }, i + 1)),
    h("span", { class: "muted legend-note" }, "1 = most deprived"));
  el("imd-as-of").textContent = asOf("imd");
  el("edec-as-of").textContent = asOf("pcn_catchments");
}

// indexUnits records every LSOA's properties, and the LSOAs of each ward and MSOA.
function indexUnits(props) {
  for (const p of props) {
    state.unit.set(p.code, p);
    if (!state.byWard.has(p.ward)) state.byWard.set(p.ward, []);
    state.byWard.get(p.ward).push(p.code);
    if (!state.byMSOA.has(p.msoa)) state.byMSOA.set(p.msoa, []);
    state.byMSOA.get(p.msoa).push(p.code);
  }
}

// LAYERS are the layers the page reads itself, fetched with the atlas.
const LAYERS = ["borough", "practices"];

/**
 * fetchAtlas starts fetching the atlas summary, the LSOAs' attributes,
 * the layers the page reads and the PCNs, all at once: the page calls it
 * as it starts, before the map is ready.
 */
export function fetchAtlas() {
  const atlas = api("GET", "/api/atlas");
  const rest = Promise.all([api("GET", "/api/unit-attributes"), ...LAYERS.map((n) => api("GET", `/api/layers/${n}`)), api("GET", "/api/pcns")]);
  atlas.catch(() => { /* reported when awaited */ });
  rest.catch(() => { /* reported when awaited */ });
  return { atlas, rest };
}

/**
 * loadAtlas puts the atlas fetched (see fetchAtlas) on the page and the
 * map, fitted to its bounds. As soon as the summary has come, the map
 * gets its sources and layers, so its worker fetches the LSOAs' tiles
 * and the outlines while the rest arrives. boundaries, when given, is the
 * address of the open plan's footprint boundaries, fetched the same way.
 */
export async function loadAtlas(fetched, boundaries) {
  const atlas = await fetched.atlas;
  state.atlas = atlas;
  const [w, s, e, n] = atlas.bounds;
  state.map.fitBounds([[w, s], [e, n]], { padding: 20, duration: 0 });
  const urls = Object.fromEntries(["barrier", "ward", "icb"].map((name) => [name, `${location.origin}/api/layers/${name}`]));
  addSources(urls, boundaries);
  addLayers();
  showSummary(atlas);
  const [units, ...rest] = await fetched.rest;
  performance.mark("fp:data");
  const layer = Object.fromEntries(LAYERS.map((name, i) => [name, rest[i]]));
  state.pcns = rest[LAYERS.length].pcns;
  state.practices = layer.practices;
  indexUnits(units.units);
  setLayerData(layer);
  setPlaceLabels(layer.borough);
  performance.mark("fp:layers");
}
