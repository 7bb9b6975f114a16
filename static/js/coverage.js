// Coverage of one PCN or practice: its sites, its catchment as a
// choropleth, the footprints its patients live in and the data behind it;
// it also prints as a one-page report.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, pct, h, fill, bdi, withNames } from "./dom.js";
import { zoomTo, showSites, setUnitState, showCatchmentLayer, clearCatchment, CATCHMENT } from "./map.js";
import { asOf } from "./sources.js";
import { fail, userNames } from "./ui.js";

const MIN_SHARE = 0.005;

const td = (...c) => h("td", null, ...c);
const n = (...c) => h("td", { class: "n" }, ...c);
const th = (...labels) => h("tr", null, labels.map((l) => h("th", null, l)));
const h3 = (...c) => h("h3", null, ...c);

// shareRows lists the first n areas or footprints with patients and share.
function shareRows(list, count) {
  return list.slice(0, count).map((a) => h("tr", { class: a.home ? "home" : null },
    td(bdi(a.name), a.home ? " (home)" : ""), n(fmt(a.patients)), n(`${(100 * a.share).toFixed(1)}%`)));
}

// listTable is the list size and registered patients, with their dates.
function listTable(c, v) {
  return h("table", null,
    h("tr", null, td(`List size (${v.list_sizes || ""})`), n(fmt(c.list_size))),
    h("tr", null, td(`Registered patients (${v.registrations || ""})`), n(fmt(c.registered))),
    h("tr", null, td("…living in the region / outside / no LSOA"), n(`${fmt(c.in_region)} / ${fmt(c.outside_region)} / ${fmt(c.no_lsoa)}`)),
    h("tr", null, td("PCN membership"), td(v.practices || "")));
}

// planSection is the footprints the patients live in, and the flags, in the open plan.
function planSection(c) {
  if (!c.plan) return h("p", { class: "muted" }, "Open a plan to see the footprints its patients live in.");
  const fps = c.footprints || [];
  const shown = fps.filter((f) => f.share >= MIN_SHARE || f.home);
  const rest = fps.length - shown.length;
  const names = [c.plan, ...fps.map((f) => f.name), ...userNames()];
  return [
    h3("In plan ", bdi(c.plan), ": ", h("span", { class: `status ${c.status || ""}` }, (c.status || "").replace("_", "-")), `, containment ${pct(c.containment)}`),
    h("table", null, th("Footprint", "Patients", "Share"), shareRows(shown, 40),
      rest ? h("tr", null, h("td", { colspan: 3, class: "muted" }, `and ${rest} more footprints, each under 0.5%`)) : null),
    (c.flags || []).map((f) => h("p", null, h("strong", null, f.severity), " ", bdi(withNames(f.message, names)), h("br"),
      h("span", { class: "ok" }, bdi(withNames(f.action, names))))),
  ];
}

// practiceTable lists the practices with list size, registrations and footprint.
function practiceTable(c) {
  return h("table", null, th("Practice", "List", `Reg. ${asOf("registrations")}`, "Footprint"), c.practices.map((p) => h("tr", null,
    td(p.name, " ", h("span", { class: "muted" }, p.code), p.note ? [h("br"), h("span", { class: "muted" }, p.note)] : null),
    n(fmt(p.list_size)), n(fmt(p.registered)), td(bdi(footprintName(p.footprint))))));
}

// footprintName is the name of a footprint of the open plan, not its id.
function footprintName(id) {
  if (!id) return "";
  const f = state.plan && state.plan.footprints.find((x) => x.id === id);
  return f ? f.name : id;
}

// neighbourTable lists the PCNs whose catchments overlap this one.
function neighbourTable(c) {
  return h("table", null, th("PCN", "Shared LSOAs", "Theirs in our catchment", "Ours in theirs"), c.neighbours.slice(0, 6).map((x) => h("tr", null,
    td(x.name), n(x.shared_lsoas), n(fmt(x.theirs_in_our_catchment)), n(fmt(x.ours_in_their_catchment)))));
}

// aboutNote says how the registrations were mapped, with the sources' dates.
function aboutNote() {
  const reg = asOf("registrations");
  return `Registrations are ${reg} on LSOA 2011, mapped to LSOA 2021; split LSOAs are shared by ${asOf("population")} population. Practices that closed or merged since ${reg} keep their ${reg} codes.`;
}

// renderCoverage fills the coverage section.
function renderCoverage(c) {
  const v = c.vintages;
  el("cov-title").textContent = c.kind === "pcn" ? `${c.name} (${c.code})` : `${c.name} (${c.code}), ${c.pcn_name || "no PCN"}`;
  fill(el("cov-body"), listTable(c, v), planSection(c),
    h3("Practices"), practiceTable(c),
    h3("Boroughs and ICBs ", h("span", { class: "muted" }, "with at least 0.5% of its patients")),
    h("table", null, shareRows(c.boroughs.filter((b) => b.share >= MIN_SHARE), 10), shareRows(c.icbs.filter((b) => b.share >= MIN_SHARE), 5)),
    h3("Neighbouring PCNs"), neighbourTable(c),
    c.notes.length ? [h3("About these figures"), h("ul", null, c.notes.map((x) => h("li", null, x)))] : null,
    h("p", { class: "muted" }, aboutNote()));
}

/** showCoverage opens the coverage of a PCN or a practice. */
export async function showCoverage(code) {
  const plan = state.plan ? `?plan=${encodeURIComponent(state.plan.id)}` : "";
  const kind = state.pcns.some((p) => p.code === code) ? "pcns" : "practices";
  const c = await api("GET", `/api/${kind}/${encodeURIComponent(code)}/coverage${plan}`);
  state.coverage = c;
  paintCoverage();
  if (kind === "practices") showSites(null, code); else showSites(c.pcn || code);
  showCatchmentLayer();
  el("catchment-name").textContent = `${c.name} (${c.vintages.registrations || ""})`;
  renderCoverage(c);
  el("coverage").hidden = false;
  el("coverage").scrollIntoView({ block: "start" });
  if (c.catchment.length) zoomTo(c.catchment);
}

// paintCoverage colours LSOAs by the shown PCN's patients: the share of
// each LSOA's registered residents, or the count scaled to the largest.
function paintCoverage() {
  const c = state.coverage;
  if (!c) return;
  clearCatchment();
  const mode = document.querySelector('input[name="cov-mode"]:checked').value;
  const max = Math.max(1, ...Object.values(c.patients));
  for (const [code, x] of Object.entries(c.patients)) setUnitState(code, { pcn: mode === "share" ? c.share[code] || 0 : x / max });
  state.catchmentPCN = { share: c.patients };
  const label = (t) => (mode === "share" ? `${Math.round(100 * t)}%` : fmt(Math.round(t * max)));
  for (const id of ["cov-legend", "cov-legend-print"]) {
    fill(el(id), CATCHMENT.map(([t, colour]) => h("span", { class: "step" }, h("span", { class: "swatch", style: { background: colour } }), label(t))));
  }
  el("cov-legend").title = mode === "share" ? "Share of each LSOA's registered residents" : `Patients per LSOA, up to ${fmt(max)}`;
  el("cov-legend-what").textContent = mode === "share" ? "share of each LSOA's registered residents" : "patients per LSOA";
}

// printMeta says what the printout is of: plan, version and date.
function printMeta() {
  const p = state.plan;
  const when = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  el("cov-meta").textContent = p ? `Plan “${p.name}”, version ${p.version} · printed ${when}` : `No plan open · printed ${when}`;
}

/** prepareReport readies the printout: a picture of the map and what it is of. */
export function prepareReport() {
  printMeta();
  el("cov-map").src = state.map.getCanvas().toDataURL("image/png");
  el("cov-map").hidden = false;
}

// printReport prints the coverage, with a picture of the map.
function printReport() {
  prepareReport();
  window.print();
}

/** wireCoverage connects the coverage's mode, Close and Print. */
export function wireCoverage() {
  for (const r of document.querySelectorAll('input[name="cov-mode"]')) r.addEventListener("change", paintCoverage);
  el("cov-close").addEventListener("click", () => { el("coverage").hidden = true; });
  el("cov-print").addEventListener("click", printReport);
}

/** wirePractices opens a practice's coverage when it is clicked with the pan tool, once the layer is on the map. */
export function wirePractices() {
  state.map.on("click", "practices", (e) => { if (state.tool === "pan") showCoverage(e.features[0].properties.code).catch(fail); });
}
