// The Layers section of the panel: checkboxes that show and hide map layers.
import { state } from "./state.js";
import { api } from "./api.js";
import { el } from "./dom.js";
import { setVisible } from "./map.js";

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

/** wireLayers connects the checkboxes, once the layers are on the map. */
export function wireLayers() {
  toggle("toggle-imd", ["imd-fill"]);
  el("toggle-imd").addEventListener("change", (e) => { el("legend").hidden = !e.target.checked; });
  toggle("toggle-ward", ["ward-line"]);
  toggle("toggle-borough", ["borough-line"]);
  toggle("toggle-icb", ["icb-line"]);
  toggle("toggle-practices", ["practices"]);
  toggle("toggle-catchment", ["catchment-fill"]);
  el("toggle-edec").addEventListener("change", showEDEC);
}
