// Loads the atlas: its summary into the page, and its LSOAs and layers
// from the server onto the map.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, h, fill, joinWith } from "./dom.js";
import { DECILE, addSources, addLayers, zoomTo } from "./map.js";
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
 * map, zoomed to it. The LSOA shapes and the outline layers go to the map
 * as addresses as soon as the summary says how (GeoJSON or vector
 * tiles): its worker fetches and parses them, off the page's thread,
 * while the rest arrives. boundaries, when given, is the address of the
 * open plan's footprint boundaries, fetched the same way.
 */
export async function loadAtlas(fetched, boundaries) {
  const [atlas, [units, ...rest]] = await Promise.all([fetched.atlas, fetched.rest]);
  state.atlas = atlas;
  state.tiled = atlas.units > 10000;
  const urls = Object.fromEntries(["barrier", "ward", "icb"].map((n) => [n, `${location.origin}/api/layers/${n}`]));
  addSources(`${location.origin}/api/units?fields=map`, urls, boundaries);
  showSummary(atlas);
  performance.mark("fp:data");
  const layer = Object.fromEntries(LAYERS.map((n, i) => [n, rest[i]]));
  state.pcns = rest[LAYERS.length].pcns;
  state.practices = layer.practices;
  indexUnits(units.units);
  zoomTo([...state.unit.keys()], false, 20);
  addLayers(layer);
  setPlaceLabels(layer.borough);
  performance.mark("fp:layers");
}
