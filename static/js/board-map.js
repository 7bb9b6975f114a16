// The board page's maps: side by side, with pan and zoom kept together,
// or one map with the other plan's boundaries drawn over. The LSOAs whose
// footprint differs are coloured by the flow between footprints.
import { el, h, fill, fmt, bdi } from "./dom.js";
import { unitTiles } from "./tiles.js";

// Okabe-Ito colours, safe for colour-blind readers, for the largest flows.
const FLOWS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"];
const OTHER = "#9aa3ab";
const STYLE = { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef1f3" } }] };

// newMap makes one map with the LSOA tiles made for drawing.
function newMap(container) {
  const map = new maplibregl.Map({ container, style: STYLE, center: [-0.12, 51.5], zoom: 10, attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true } });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  return new Promise((resolve) => map.on("load", () => {
    map.addSource("units", unitTiles());
    map.addLayer({ id: "flow", type: "fill", source: "units", "source-layer": "units", paint: {
      "fill-color": ["coalesce", ["feature-state", "flow"], "#000000"],
      "fill-opacity": ["case", ["to-boolean", ["feature-state", "flow"]], 0.9, 0] } });
    map.addLayer({ id: "units-line", type: "line", source: "units", "source-layer": "units", minzoom: 11, paint: { "line-color": "#ffffff", "line-width": 0.4 } });
    map.addLayer({ id: "changed-line", type: "line", source: "units", "source-layer": "units", paint: {
      "line-color": "#1d2327", "line-width": 1.6, "line-opacity": ["case", ["to-boolean", ["feature-state", "flow"]], 1, 0] } });
    resolve(map);
  }));
}

// setOutlines draws a plan's footprints as a source: filled in their
// colours, or only as boundary lines.
function setOutlines(map, name, data, style) {
  const fillColour = style.grey ? "#cfd4d8" : ["coalesce", ["get", "colour"], "#888888"];
  if (map.getSource(name)) map.getSource(name).setData(data);
  else map.addSource(name, { type: "geojson", data });
  for (const id of [`${name}-fill`, `${name}-line`]) if (map.getLayer(id)) map.removeLayer(id);
  if (style.fill) map.addLayer({ id: `${name}-fill`, type: "fill", source: name, paint: { "fill-color": fillColour, "fill-opacity": style.fill } }, "flow");
  map.addLayer({ id: `${name}-line`, type: "line", source: name, paint: { "line-color": style.line, "line-width": style.width, ...(style.dash ? { "line-dasharray": style.dash } : {}) } });
}

// boundsOf is the bounding box of a FeatureCollection of polygons.
function boundsOf(fc) {
  const b = new maplibregl.LngLatBounds();
  for (const f of fc.features) for (const poly of f.geometry.coordinates) for (const p of poly[0]) b.extend(p);
  return b;
}

// flowColours gives each flow with residents moved a colour, largest first.
function flowColours(diff) {
  const moved = diff.flows.filter((f) => !f.matched && f.residents > 0).sort((x, y) => y.residents - x.residents);
  const colour = new Map(moved.map((f, i) => [`${f.from}>${f.to}`, i < FLOWS.length ? FLOWS[i] : OTHER]));
  return { moved, colour };
}

/** BoardMaps holds the two maps and what they show. */
export class BoardMaps {
  constructor() { this.maps = null; this.syncing = false; }

  async ready() {
    if (!this.maps) {
      this.maps = await Promise.all([newMap("map-a"), newMap("map-b")]);
      const [a, b] = this.maps;
      const follow = (from, to) => from.on("move", () => {
        if (this.syncing) return;
        this.syncing = true;
        to.jumpTo({ center: from.getCenter(), zoom: from.getZoom() });
        this.syncing = false;
      });
      follow(a, b);
      follow(b, a);
    }
    return this.maps;
  }

  /**
   * show draws the first plan against another (index k of the diffs):
   * side by side, or one map with the other's boundaries over.
   */
  async show(cmp, outlines, k, overlay) {
    const [a, b] = await this.ready();
    el("maps").classList.toggle("overlay", overlay);
    const diff = cmp.diffs[k];
    const { moved, colour } = flowColours(diff);
    for (const m of [a, b]) {
      m.removeFeatureState({ source: "units", sourceLayer: "units" });
      for (const c of diff.changed) m.setFeatureState({ source: "units", sourceLayer: "units", id: c.lsoa }, { flow: colour.get(`${c.from}>${c.to}`) || OTHER });
    }
    // Overlaid, the changed LSOAs show in their flow's colour over the
    // first plan in grey; side by side, each plan in its own colours with
    // the changed LSOAs edged in black.
    for (const m of [a, b]) m.setLayoutProperty("flow", "visibility", overlay ? "visible" : "none");
    for (const m of [a, b]) m.setLayoutProperty("changed-line", "visibility", overlay ? "none" : "visible");
    if (overlay) {
      setOutlines(a, "first", outlines[0], { fill: 0.8, grey: true, line: "#5b6670", width: 0.8 });
      setOutlines(a, "other", outlines[k + 1], { line: "#1d2327", width: 2.2, dash: [2, 1] });
    } else {
      if (a.getLayer("other-line")) a.removeLayer("other-line");
      setOutlines(a, "first", outlines[0], { fill: 0.6, line: "#1d2327", width: 1.4 });
      setOutlines(b, "first", outlines[k + 1], { fill: 0.6, line: "#1d2327", width: 1.4 });
    }
    a.resize(); b.resize();
    if (outlines[0].features.length) a.fitBounds(boundsOf(outlines[0]), { padding: 20, duration: 0 });
    this.legend(cmp, k, moved, colour, overlay);
  }

  legend(cmp, k, moved, colour, overlay) {
    const items = moved.slice(0, FLOWS.length).map((f) => h("span", null, h("i", { style: { background: colour.get(`${f.from}>${f.to}`) } }),
      bdi(f.from_name || "no footprint"), " → ", bdi(f.to_name || "no footprint"), `: ${fmt(f.residents)} residents`));
    if (moved.length > FLOWS.length) items.push(h("span", null, h("i", { style: { background: OTHER } }), `${moved.length - FLOWS.length} smaller flows`));
    if (!overlay) {
      fill(el("flow-legend"), h("span", null, "Left: ", bdi(cmp.plans[0].label), ". Right: ", bdi(cmp.plans[k + 1].label),
        `. Pan and zoom move both. LSOAs edged in black change footprint (${fmt(cmp.diffs[k].changed.length)}); see one map for the flows.`));
      return;
    }
    fill(el("flow-legend"), h("span", null, "Grey: ", bdi(cmp.plans[0].label), "'s footprints, with thin boundaries. Dashed black lines: ", bdi(cmp.plans[k + 1].label),
      "'s boundaries. Coloured LSOAs change footprint, by flow:"), ...items, moved.length ? null : h("span", null, "no LSOA changes footprint."));
  }
}
