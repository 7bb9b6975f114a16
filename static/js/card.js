// The LSOA card: hovering an LSOA shows its code, name, footprint,
// residents, ward, MSOA, IMD decile and main PCN; a click pins it.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, fmt, pct, h, fill, bdi } from "./dom.js";
import { codeAt, colourOf } from "./map.js";
import { asOf } from "./sources.js";

// mainPCN is the PCN with most of the LSOA's registered patients, with its share.
function mainPCN(d) {
  const by = new Map();
  for (const p of d.practices || []) if (p.pcn) by.set(p.pcn, { name: p.pcn_name || p.pcn, n: (by.get(p.pcn) || { n: 0 }).n + p.patients });
  let best = null;
  for (const v of by.values()) if (!best || v.n > best.n) best = v;
  return best && d.registered_patients > 0 ? { name: best.name, share: best.n / d.registered_patients } : null;
}

const line = (label, ...value) => h("tr", null, h("th", null, label), h("td", null, ...value));

// pcnLine says the main PCN, once the LSOA's detail has come.
function pcnLine(code) {
  const d = state.unitDetail.get(code);
  if (!d) return line("Main PCN", h("span", { class: "muted" }, "…"));
  const m = mainPCN(d);
  return line(`Main PCN (${asOf("registrations")})`, m ? [bdi(m.name), ` · ${pct(m.share)} of its registered patients`] : "none");
}

// footprintLine names the LSOA's footprint with its colour.
function footprintLine(code) {
  const id = state.plan && state.plan.assignments[code];
  if (!id) return line("Footprint", h("span", { class: "muted" }, "unassigned"));
  const f = state.plan.footprints.find((x) => x.id === id);
  return line("Footprint", h("span", { class: "swatch", style: { background: colourOf(id) } }), bdi(f ? f.name : id));
}

/** renderCard shows the card of one LSOA (or hides it for none). */
export function renderCard(code) {
  const t0 = performance.now();
  const card = el("card");
  const u = code && state.unit.get(code);
  state.card.code = u ? code : null;
  if (!u) { card.hidden = true; return; }
  fill(el("card-body"), h("p", { class: "card-title" }, bdi(u.name), " ", h("span", { class: "muted" }, code)),
    h("table", null, footprintLine(code),
      line(`Residents (${asOf("population")})`, fmt(u.population)),
      line("Ward", bdi(u.ward_name || u.ward || "–")),
      line("MSOA", bdi(u.msoa_name || u.msoa || "–")),
      line(`IMD ${asOf("imd")} decile`, u.imd_decile ? `${u.imd_decile} (1 = most deprived)` : "–"),
      pcnLine(code)));
  el("card-pin").textContent = state.card.pinned ? "Unpin" : "Pin";
  card.hidden = false;
  card.dataset.ms = (performance.now() - t0).toFixed(1);
  if (state.card.movedAt) { state.card.ms = performance.now() - state.card.movedAt; state.card.movedAt = 0; }
  clearTimeout(detailTimer);
  if (!state.unitDetail.has(code)) detailTimer = setTimeout(() => { if (state.card.code === code) fetchDetail(code); }, DETAIL_DELAY_MS);
}

// The LSOA's detail (for its main PCN) is fetched once the pointer has
// rested on it this long, not for every LSOA a stroke sweeps over.
const DETAIL_DELAY_MS = 150;
let detailTimer = 0;

// fetchDetail fetches an LSOA's detail once, then redraws its card.
async function fetchDetail(code) {
  state.unitDetail.set(code, null);
  try {
    const d = await api("GET", `/api/units/${encodeURIComponent(code)}`);
    state.unitDetail.set(code, d);
  } catch { state.unitDetail.delete(code); return; }
  if (state.card.code === code) renderCard(code);
}

/** pinCard shows an LSOA's card and keeps it until closed: a click, or a search result. */
export function pinCard(code) {
  state.card.pinned = true;
  renderCard(code);
}

let frame = 0;
let last = null;

// onMove shows the card of the LSOA under the pointer, at most once a frame.
function onMove(e) {
  last = e.point;
  if (!state.card.movedAt) state.card.movedAt = e.originalEvent.timeStamp;
  if (state.card.pinned || frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const code = codeAt(last);
    if (code !== state.card.code) renderCard(code);
    else state.card.movedAt = 0;
  });
}

/** wireCard connects the card to the map. */
export function wireCard() {
  state.map.on("mousemove", onMove);
  state.map.on("mouseout", () => { if (!state.card.pinned) renderCard(null); });
  state.map.on("click", (e) => { if (state.tool === "pan" && el("start").hidden) { const c = codeAt(e.point); if (c) pinCard(c); } });
  el("card-pin").addEventListener("click", () => { state.card.pinned = !state.card.pinned; renderCard(state.card.code); });
  el("card-close").addEventListener("click", () => { state.card.pinned = false; renderCard(null); });
}
