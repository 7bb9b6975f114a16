// Profiles of need and capacity: the figures of each footprint, and the
// profile of the active one.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, pct, fixed, h, fill } from "./dom.js";
import { asOf } from "./sources.js";
import { renderComparison } from "./compare.js";

/**
 * figures are the profile figures the comparison view can show; "high"
 * says which end is the concern.
 */
export function figures() {
  return [
    { key: "need_capacity", label: "Need against capacity (IMD ÷ list per resident, both against the plan's mean)", fmt: (v) => v.toFixed(2), high: "more need for less capacity", ratio: true },
    { key: "imd_mean", label: `IMD ${asOf("imd")} mean score`, fmt: (v) => v.toFixed(1), high: "more deprived" },
    { key: "imd_d12_share", label: "Share in national IMD deciles 1-2", fmt: pct, high: "more deprived" },
    { key: "health", label: "Health deprivation and disability (mean score)", fmt: (v) => v.toFixed(2), high: "more health need" },
    { key: "older_65", label: "Older people, 65+ (share)", fmt: pct, high: "older" },
    { key: "older_85", label: "Older people, 85+ (share)", fmt: pct, high: "older" },
    { key: "cyp_0_19", label: "Children and young people, 0-19 (share)", fmt: pct, high: "younger" },
    { key: "age_0_4", label: "Babies and young children, 0-4 (share)", fmt: pct, high: "younger" },
    { key: "list_per_resident", label: `List size per resident (${asOf("list_sizes")})`, fmt: (v) => v.toFixed(2), high: "more capacity", low: true },
    { key: "registered_inside", label: "Residents registered with a practice sited inside", fmt: pct, high: "more local", low: true },
    { key: "mean_distance_m", label: "Mean distance to the nearest practice (m)", fmt: (v) => `${Math.round(v)} m`, high: "further" },
    { key: "need_weighted_population", label: "Need-weighted population", fmt, high: "larger" },
  ];
}

/** figureOf is one figure of a footprint's profile, or null. */
export function figureOf(p, key) {
  const seg = (k) => { const s = p.segments.find((x) => x.key === k); return s ? s.share : null; };
  switch (key) {
    case "health": return p.imd_mean == null ? null : p.domains[3].mean;
    case "older_65": case "older_85": case "cyp_0_19": case "age_0_4": return seg(key);
    case "need_capacity": return p.need_capacity;
    default: return p[key];
  }
}

// addNeedCapacity works out need against capacity: IMD mean over the
// plan's mean, divided by list size per resident over the plan's mean.
function addNeedCapacity(profiles) {
  const ps = profiles.filter((p) => p.population > 0);
  const mean = (f) => ps.reduce((n, p) => n + (f(p) || 0) * p.population, 0) / Math.max(1, ps.reduce((n, p) => n + p.population, 0));
  const imd = mean((p) => p.imd_mean), lpr = mean((p) => p.list_per_resident);
  for (const p of profiles) {
    p.need_capacity = p.imd_mean != null && p.list_per_resident ? (p.imd_mean / imd) / (p.list_per_resident / lpr) : null;
  }
}

// fillChoices fills the place and figure menus of the comparison, keeping the place chosen.
function fillChoices() {
  const places = el("cmp-place");
  const keep = places.value;
  fill(places, state.plan.places.map((c) => {
    const name = (state.atlasPlaces || []).find((p) => p.code === c);
    return h("option", { value: c }, name ? name.name : c);
  }));
  if (keep && state.plan.places.includes(keep)) places.value = keep;
  if (!el("cmp-figure").options.length) fill(el("cmp-figure"), figures().map((f) => h("option", { value: f.key }, f.label)));
}

/** loadProfiles fetches the profiles, while the profile box is open, and shows them. */
export async function loadProfiles() {
  if (!state.plan || !el("profile-box").open) return;
  const doc = await api("GET", `/api/plans/${state.plan.id}/profiles`);
  addNeedCapacity(doc.profiles);
  state.profiles = doc;
  fillChoices();
  renderProfile();
  renderComparison();
}

const row = (label, ...cells) => h("tr", null, h("td", null, label), ...cells);
const n = (...figures) => h("td", { class: "n" }, ...figures);

// profileTable is the table of one footprint's profile.
function profileTable(p) {
  return h("table", null,
    row(`Residents (${asOf("population")}) / need-weighted`, n(`${fmt(p.population)} / ${fmt(p.need_weighted_population)}`)),
    p.segments.map((s) => row([s.label, " ", h("span", { class: "muted" }, `(${s.bands})`)], n(`${fmt(s.residents)} · ${pct(s.share)}`))),
    row(`IMD ${asOf("imd")} mean / in deciles 1-2`, n(`${fixed(p.imd_mean, 1)} / ${pct(p.imd_d12_share)}`)),
    p.domains.map((d) => h("tr", null, h("td", { class: "muted" }, d.domain), n(d.mean.toFixed(2)))),
    row("Most / least deprived LSOA", h("td", null, `${p.most_deprived ? p.most_deprived.name : "–"} / ${p.least_deprived ? p.least_deprived.name : "–"}`)),
    row("Practices sited here, list size", n(`${p.practices.length}, ${fmt(p.list_size)}`)),
    row("List size per resident / registered per resident", n(`${fixed(p.list_per_resident, 2)} / ${fixed(p.list_inflation, 2)}`)),
    row("Registered with a practice sited here", n(pct(p.registered_inside))),
    row("Mean distance to the nearest practice", n(p.mean_distance_m == null ? "–" : Math.round(p.mean_distance_m) + " m")));
}

/** renderProfile shows the profile of the active footprint. */
export function renderProfile() {
  const doc = state.profiles;
  const p = doc && doc.profiles.find((x) => x.id === state.active);
  if (!p) { fill(el("profile"), h("p", { class: "muted" }, "Select a footprint.")); return; }
  const v = doc.vintages;
  const hubs = p.hubs.map((x) => `${x.name} ${Math.round(x.mean_distance_m)} m`).join("; ") || "no practice sited here";
  fill(el("profile"), h("h2", null, p.name), profileTable(p),
    h("p", null, h("strong", null, "Hub candidates"), ` (mean distance from residents): ${hubs}`),
    h("p", { class: "muted" }, `Population ${v.population || ""}; IMD ${v.imd || ""}; list sizes ${v.list_sizes || ""}.`));
}
