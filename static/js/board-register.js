// The board page's actions register: every agreement a plan implies, in
// tables a board can approve line by line, filtered by kind and text.
import { api } from "./api.js";
import { el, h, fill, fmt, pct, bdi } from "./dom.js";

// matches keeps a line when the filter text is in any of its words.
const matches = (q, ...texts) => !q || texts.some((t) => String(t || "").toLowerCase().includes(q));

// shares lists the footprints holding at least 1% of a PCN's patients, most first.
const shares = (list) => list.filter((x) => x.share >= 0.01).slice(0, 6).map((x) => `${x.name} ${pct(x.share)}`).join("; ");

// siteList names each practice with the footprint its site is in.
function siteList(r) {
  const names = new Map(r.shares.map((x) => [x.id, x.name]));
  names.set(r.home, r.home_name);
  return r.sites.map((x) => `${x.name}: ${x.footprint ? names.get(x.footprint) || x.footprint : "outside the plan"}`).join("; ");
}

function realignments(list, q) {
  const rows = list.filter((r) => matches(q, r.name, r.pcn, r.home_name, ...r.sites.map((s) => s.name), ...r.shares.map((s) => s.name)));
  return [h("h3", null, `PCN re-alignments (${fmt(rows.length)})`),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null, ...["PCN", "Home footprint", "Containment", "Patients outside home", "Where its patients live", "Practices and the footprint each sits in", "Action"].map((t) => h("th", null, t)))),
      h("tbody", null, ...rows.map((r) => h("tr", null, h("td", null, bdi(r.name)), h("td", { class: "text" }, bdi(r.home_name)), h("td", null, pct(r.containment)),
        h("td", null, fmt(r.affected)),
        h("td", { class: "text" }, bdi(shares(r.shares))),
        h("td", { class: "text" }, bdi(siteList(r))),
        h("td", { class: "text" }, bdi(r.action))))))];
}

function arrangements(list, q) {
  const rows = list.filter((r) => matches(q, r.pcn_name, r.pcn, r.home_name, r.other_name, ...r.practices));
  return [h("h3", null, `Cross-boundary arrangements (${fmt(rows.length)})`),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null, ...["PCN", "Home footprint", "Patients at home", "Other footprint", "Patients there", "Share", "Practices", "Action"].map((t) => h("th", null, t)))),
      h("tbody", null, ...rows.map((r) => h("tr", null, h("td", null, bdi(r.pcn_name)), h("td", { class: "text" }, bdi(r.home_name)), h("td", null, fmt(r.home_patients)),
        h("td", { class: "text" }, bdi(r.other_name)), h("td", null, fmt(r.patients)), h("td", null, pct(r.share)),
        h("td", { class: "text" }, bdi(r.practices.join("; "))), h("td", { class: "text" }, bdi(r.action))))))];
}

function crossings(list, q) {
  const rows = list.filter((r) => matches(q, r.name, r.footprint, ...r.sides.map((s) => s.name)));
  return [h("h3", null, `Footprints crossing places or ICBs (${fmt(rows.length)})`),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null, ...["Footprint", "Crosses", "Residents on each side", "Residents outside the largest side", "Action"].map((t) => h("th", null, t)))),
      h("tbody", null, ...rows.map((r) => h("tr", null, h("td", null, bdi(r.name)), h("td", { class: "text" }, r.kind === "icb" ? "ICBs" : "places"),
        h("td", { class: "text" }, bdi(r.sides.map((s) => `${s.name} ${fmt(s.population)}`).join("; "))), h("td", null, fmt(r.affected)),
        h("td", { class: "text" }, bdi(r.action))))))];
}

/** Register fetches and shows the register of one compared plan. */
export class Register {
  constructor() { this.doc = null; this.ref = ""; }

  async load(ref) {
    const [id, v] = ref.split("@");
    const q = v ? `?version=${v}` : "";
    if (ref !== this.ref) {
      this.doc = await api("GET", `/api/plans/${encodeURIComponent(id)}/register${q}`);
      this.ref = ref;
    }
    el("reg-csv").href = `/api/plans/${encodeURIComponent(id)}/register?format=csv${v ? "&version=" + v : ""}`;
    this.render();
  }

  render() {
    const d = this.doc;
    if (!d) return;
    const kind = el("reg-kind").value;
    const q = el("reg-filter").value.trim().toLowerCase();
    fill(el("register"),
      !kind || kind === "realign" ? realignments(d.realignments, q) : null,
      !kind || kind === "arrangement" ? arrangements(d.arrangements, q) : null,
      !kind || kind === "crossing" ? crossings(d.crossings, q) : null);
    const v = Object.entries(d.vintages || {}).map(([k, t]) => `${k}: ${t}`).join("; ");
    el("reg-note").textContent = `Each kind is ranked by the patients or residents affected. Patients are registered patients; residents are Census residents. Data: ${v}.`;
  }
}
