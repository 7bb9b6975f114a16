// Import: a plan drawn elsewhere (block assignment CSV, plan JSON, GeoJSON
// or GeoPackage polygons) replaces the plan's assignment as a new version.
import { state } from "./state.js";
import { upload } from "./api.js";
import { el, bdi } from "./dom.js";
import { banner } from "./ui.js";
import { applyPlan } from "./plan.js";
import { drain, forgetHistory } from "./sync.js";
import { refreshScores } from "./scores.js";
import { loadVersions } from "./versions.js";

const FORMATS = { csv: "csv", txt: "csv", json: "json", geojson: "geojson", gpkg: "gpkg", zip: "shp", fgb: "fgb" };

// polygonReport says how polygons were turned into LSOAs, if they were.
function polygonReport(rep) {
  if (!rep) return "";
  const unmatched = rep.unmatched.length ? ": " + rep.unmatched.slice(0, 10).join(", ") : "";
  const split = rep.split.length ? ": " + rep.split.slice(0, 10).map((x) => x.lsoa).join(", ") : "";
  return ` ${rep.assigned} LSOAs placed by their population-weighted centroid in ${rep.features} polygons (${rep.crs}); ${rep.unmatched.length} fell in no polygon${unmatched}; ${rep.split.length} are cut by more than 10% of their area${split}.`;
}

// importPlan uploads the chosen file and shows the plan it made.
async function importPlan() {
  const file = el("import-file").files[0];
  if (!file) { banner("Choose a file to import."); return; }
  const format = FORMATS[file.name.toLowerCase().split(".").pop()];
  if (!format) { banner("Import takes .csv, .json, .geojson, .gpkg, a zipped Shapefile (.zip) or FlatGeobuf (.fgb)."); return; }
  await drain();
  const r = await upload(`/api/plans/${state.plan.id}/import?format=${format}&base_version=${state.plan.version}`, file);
  const body = r.body;
  if (!r.ok) { banner(`Not imported: ${body.error}. The plan is unchanged.`); return; }
  forgetHistory();
  applyPlan(body.plan);
  await refreshScores();
  loadVersions();
  banner(["Imported ", bdi(file.name), ` as version ${body.version}: ${body.changed} LSOAs changed.` + polygonReport(body.report)], "info");
}

/** wireImport connects the Import button. */
export function wireImport() {
  el("import-plan").addEventListener("click", importPlan);
}
