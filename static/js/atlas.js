// Loads the atlas: its summary into the page, and its LSOAs and layers
// from the server onto the map.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, h, fill, joinWith } from "./dom.js";
import { DECILE, addLayers, zoomTo } from "./map.js";
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

/**
 * loadAtlas fetches the atlas summary, the LSOAs' attributes and the
 * layers the page reads, zooms to the atlas and puts the LSOAs (GeoJSON
 * or vector tiles) and the layers on the map.
 */
export async function loadAtlas() {
  // The LSOA shapes and the outline layers go to the map as addresses:
  // its worker fetches and parses them, off the main thread. The page
  // itself reads only the LSOAs' attributes and the layers it searches,
  // all fetched at once.
  const names = ["borough", "practices"];
  const fetches = [api("GET", "/api/atlas"), api("GET", "/api/unit-attributes"), ...names.map((n) => api("GET", `/api/layers/${n}`)), api("GET", "/api/pcns")];
  const [atlas, units, ...rest] = await Promise.all(fetches);
  state.atlas = atlas;
  showSummary(atlas);
  state.tiled = atlas.units > 10000;
  performance.mark("fp:data");
  const layer = Object.fromEntries(names.map((n, i) => [n, rest[i]]));
  for (const n of ["barrier", "ward", "icb"]) layer[n] = `${location.origin}/api/layers/${n}`;
  state.pcns = rest[names.length].pcns;
  state.practices = layer.practices;
  indexUnits(units.units);
  zoomTo([...state.unit.keys()], false, 20);
  addLayers(`${location.origin}/api/units`, layer);
  setPlaceLabels(layer.borough);
  performance.mark("fp:layers");
}
