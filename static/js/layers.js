// The Layers section of the panel: checkboxes that show and hide map layers.
import { state } from "./state.js";
import { api } from "./api.js";
import { el } from "./dom.js";
import { setVisible, fillOpacity } from "./map.js";

// toggle shows the layers while the checkbox is ticked.
function toggle(box, layers) {
  el(box).addEventListener("change", (e) => layers.forEach((l) => setVisible(l, e.target.checked)));
}

// showEDEC fetches the eDEC catchment outlines the first time they are shown.
async function showEDEC(e) {
  if (e.target.checked && !state.edecLoaded) {
    state.map.getSource("edec").setData(await api("GET", "/api/layers/pcn_catchments"));
    state.edecLoaded = true;
  }
  setVisible("edec-line", e.target.checked);
}

// setFill sets the footprints' fill opacity from the slider, or none
// when footprints are drawn as outlines; LSOAs in no footprint let the
// IMD deciles beneath show through while those are on.
function setFill() {
  const outline = el("toggle-outline").checked;
  const op = Number(el("fp-opacity").value) / 100;
  el("fp-opacity-value").textContent = `${Math.round(op * 100)}%`;
  state.map.setPaintProperty("units-fill", "fill-opacity", fillOpacity(outline ? 0 : op, el("toggle-imd").checked));
  setVisible("fp-outline", outline);
}

/** wireLayers connects the checkboxes, once the layers are on the map. */
export function wireLayers() {
  el("toggle-outline").addEventListener("change", setFill);
  el("fp-opacity").addEventListener("input", setFill);
  toggle("toggle-imd", ["imd-fill"]);
  el("toggle-imd").addEventListener("change", (e) => { el("legend").hidden = !e.target.checked; setFill(); });
  toggle("toggle-ward", ["ward-line"]);
  toggle("toggle-borough", ["borough-line"]);
  toggle("toggle-icb", ["icb-line"]);
  toggle("toggle-practices", ["practices"]);
  toggle("toggle-catchment", ["catchment-fill"]);
  el("toggle-edec").addEventListener("change", showEDEC);
}
