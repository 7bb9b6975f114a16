// Footprint web map: the atlas on a MapLibre map with no basemap (there
// are no tiles offline), built only from the data the server holds.
"use strict";

// IMD deciles, 1 = most deprived: a sequential palette readable by
// colour-blind users (viridis-like, dark = deprived).
const DECILE = ["#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

const el = (id) => document.getElementById(id);
const fmt = (n) => Math.round(n).toLocaleString("en-GB");

// text escapes a value for HTML: names are data, never markup.
function text(v) {
  const d = document.createElement("div");
  d.textContent = v == null ? "" : String(v);
  return d.innerHTML;
}

async function getJSON(path) {
  const r = await fetch(path);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

const map = new maplibregl.Map({
  container: "map",
  style: { version: 8, sources: {}, layers: [{ id: "bg", type: "background", paint: { "background-color": "#eef1f3" } }] },
  center: [-0.12, 51.5], zoom: 9.3, attributionControl: false,
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");

async function start() {
  const atlas = await getJSON("/api/atlas");
  window.footprintAtlas = atlas;
  el("atlas-name").textContent = `${atlas.name} atlas, built ${atlas.built.slice(0, 10)}`;
  const reg = atlas.registrations;
  el("summary").innerHTML = `<table>
    <tr><td>LSOAs (2021)</td><td class="n">${fmt(atlas.units)}</td></tr>
    <tr><td>Residents (Census 2021)</td><td class="n">${fmt(atlas.population)}</td></tr>
    <tr><td>Places / boroughs</td><td class="n">${atlas.places} / ${atlas.boroughs}</td></tr>
    <tr><td>GP practices / PCNs</td><td class="n">${fmt(atlas.practices)} / ${atlas.pcns}</td></tr>
    <tr><td>Registered residents<br><span class="muted">${text(reg.vintage || "no registration data")}</span></td><td class="n">${fmt(reg.patients)}</td></tr>
  </table>`;
  el("attribution").innerHTML = atlas.attribution.map(text).join("<br>");
  el("legend").innerHTML = DECILE.map((c, i) => `<span style="background:${c};color:${i >= 6 ? "#000" : "#fff"}">${i + 1}</span>`).join("") +
    `<span class="muted" style="flex:3;color:#5b6670">1 = most deprived</span>`;

  const names = ["barrier", "ward", "borough", "icb", "practices"];
  const [units, ...layers] = await Promise.all(["/api/units", ...names.map((n) => `/api/layers/${n}`)].map(getJSON));
  const layer = Object.fromEntries(names.map((n, i) => [n, layers[i]]));
  const b = units.features.reduce((acc, f) => {
    for (const poly of f.geometry.coordinates) for (const [x, y] of poly[0]) {
      acc[0] = Math.min(acc[0], x); acc[1] = Math.min(acc[1], y); acc[2] = Math.max(acc[2], x); acc[3] = Math.max(acc[3], y);
    }
    return acc;
  }, [180, 90, -180, -90]);
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 20, animate: false });
  map.addSource("units", { type: "geojson", data: units, promoteId: "code" });
  map.addLayer({ id: "units-fill", type: "fill", source: "units", paint: {
    "fill-color": ["match", ["get", "imd_decile"], ...DECILE.flatMap((c, i) => [i + 1, c]), "#cccccc"],
    "fill-opacity": 0.75 } });
  map.addLayer({ id: "units-line", type: "line", source: "units", paint: { "line-color": "#ffffff", "line-width": 0.3 } });
  map.addLayer({ id: "units-selected", type: "line", source: "units", filter: ["==", ["get", "code"], ""],
    paint: { "line-color": "#d7191c", "line-width": 3 } });

  const outline = (name, color, width, dash) => {
    map.addSource(name, { type: "geojson", data: layer[name] });
    const paint = { "line-color": color, "line-width": width };
    if (dash) paint["line-dasharray"] = dash;
    map.addLayer({ id: `${name}-line`, type: "line", source: name, paint });
  };
  map.addSource("barrier", { type: "geojson", data: layer.barrier });
  map.addLayer({ id: "barrier-fill", type: "fill", source: "barrier", paint: { "fill-color": "#8fc1e3" } });
  outline("ward", "#37474f", 0.5, [2, 2]);
  outline("borough", "#111111", 1.5);
  outline("icb", "#b2182b", 2.5);
  map.addSource("practices", { type: "geojson", data: layer.practices });
  map.addLayer({ id: "practices", type: "circle", source: "practices", layout: { visibility: "none" },
    paint: { "circle-radius": 3, "circle-color": "#000", "circle-stroke-color": "#fff", "circle-stroke-width": 1 } });

  const toggle = (box, layers) => el(box).addEventListener("change", (e) =>
    layers.forEach((l) => map.setLayoutProperty(l, "visibility", e.target.checked ? "visible" : "none")));
  toggle("toggle-imd", ["units-fill"]);
  toggle("toggle-ward", ["ward-line"]);
  toggle("toggle-borough", ["borough-line"]);
  toggle("toggle-icb", ["icb-line"]);
  toggle("toggle-practices", ["practices"]);

  map.on("click", "units-fill", (e) => showUnit(e.features[0].properties.code));
  map.on("mouseenter", "units-fill", () => { map.getCanvas().style.cursor = "pointer"; });
  map.on("mouseleave", "units-fill", () => { map.getCanvas().style.cursor = ""; });
  document.body.dataset.ready = "true";
}

async function showUnit(code) {
  map.setFilter("units-selected", ["==", ["get", "code"], code]);
  const u = await getJSON(`/api/units/${encodeURIComponent(code)}`);
  const top = u.practices.slice(0, 8).map((p) =>
    `<tr><td>${text(p.name)}<br><span class="muted">${text(p.pcn_name || (p.current ? "Unallocated" : "not in the 2026 practice list"))}</span></td><td class="n">${fmt(p.patients)}</td><td class="n">${(100 * p.share).toFixed(1)}%</td></tr>`).join("");
  el("detail").innerHTML = `<h2>${text(u.name)} <span class="muted">${text(u.code)}</span></h2>
    <table>
      <tr><td>Residents (Census 2021)</td><td class="n">${fmt(u.population)}</td></tr>
      <tr><td>MSOA</td><td>${text(u.msoa_name)}</td></tr>
      <tr><td>Ward (best fit)</td><td>${text(u.ward_name)}</td></tr>
      <tr><td>Borough</td><td>${text(u.borough_name)}</td></tr>
      <tr><td>IMD 2025</td><td>decile ${u.imd_decile}, score ${u.imd_score.toFixed(1)}</td></tr>
      <tr><td>Neighbours (rook)</td><td class="n">${u.neighbours.length}</td></tr>
    </table>
    <h2>Registered with <span class="muted">(${text(u.vintages.registrations || "")})</span></h2>
    <table><tr><th>Practice</th><th>Patients</th><th>Share</th></tr>${top}</table>
    <p class="muted">${fmt(u.registered_patients)} registered residents with ${u.practices.length} practices.</p>`;
}

map.on("load", () => start().catch((err) => {
  el("atlas-name").textContent = "Could not load the atlas: " + err.message;
}));
