// Painting: the pan, paint and erase tools, strokes of the brush over the
// LSOAs (or whole wards, MSOAs or PCN catchments), and their local effect.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, isolate } from "./dom.js";
import { tip, fail } from "./ui.js";
import { setUnitState, colourOf, codeAt, highlight, holdMap, releaseMap, drawHeld } from "./map.js";
import { renderTally } from "./footprints.js";
import { renderComparison } from "./compare.js";
import { record } from "./sync.js";
import { markActive, refreshLabels } from "./fplabels.js";

const TOOLS = ["pan", "paint", "erase"];

/** setTool picks the pan, paint or erase tool; a read-only plan only pans. */
export function setTool(tool) {
  if (state.readOnly && tool !== "pan") return;
  state.tool = tool;
  for (const t of TOOLS) el(`tool-${t}`).setAttribute("aria-pressed", String(t === tool));
  if (tool === "pan") state.map.dragPan.enable(); else state.map.dragPan.disable();
  state.map.getCanvas().style.cursor = tool === "pan" ? "" : "crosshair";
}

function footprintInfo(id) { return state.plan.footprints.find((f) => f.id === id); }

// paintCode changes one LSOA locally, if allowed, recording it in the
// stroke. It returns a reason when it may not.
function paintCode(code, to) {
  const p = state.plan;
  const u = state.unit.get(code);
  const from = p.assignments[code] || null;
  if (from === to || state.stroke.has(code)) return null;
  const fromInfo = from && footprintInfo(from);
  if (fromInfo && fromInfo.locked) return `${isolate(fromInfo.name)} is locked`;
  const toInfo = to && footprintInfo(to);
  if (toInfo && toInfo.locked) return `${isolate(toInfo.name)} is locked`;
  if (to && u && !state.inScope.has(u.place) && !p.settings.allow_cross_place) return "Outside the plan's places: allow cross-boundary footprints to paint here";
  state.stroke.set(code, { lsoa: code, from, to });
  setLocal(code, from, to);
  return null;
}

/** setLocal moves an LSOA between footprints on the map and in the tally. */
export function setLocal(code, from, to) {
  if (state.comparing) { el("cmp-map").checked = false; renderComparison(); }
  const p = state.plan;
  const pop = (state.unit.get(code) || { population: 0 }).population;
  if (to) p.assignments[code] = to; else delete p.assignments[code];
  setUnitState(code, { colour: to ? colourOf(to) : null, hatch: state.hatched.has(to) });
  markActive(code, to);
  refreshLabels();
  if (from) { state.pop.set(from, (state.pop.get(from) || 0) - pop); renderTally(from); }
  if (to) { state.pop.set(to, (state.pop.get(to) || 0) + pop); renderTally(to); }
}

// pcnOf is the PCN with the most patients living in an LSOA, or null.
async function pcnOf(code) {
  const d = await api("GET", `/api/units/${code}`);
  const byPCN = new Map();
  for (const pr of d.practices) if (pr.pcn && pr.pcn_name) byPCN.set(pr.pcn, (byPCN.get(pr.pcn) || 0) + pr.patients);
  let best = null;
  for (const [k, v] of byPCN) if (!best || v > byPCN.get(best) || (v === byPCN.get(best) && k < best)) best = k;
  return best;
}

// groupOf lists the LSOAs one click paints: the LSOA, or its whole ward,
// MSOA or PCN catchment.
async function groupOf(code) {
  const u = state.unit.get(code);
  if (state.target === "ward" && u) return state.byWard.get(u.ward) || [code];
  if (state.target === "msoa" && u) return state.byMSOA.get(u.msoa) || [code];
  if (state.target === "pcn") {
    const best = await pcnOf(code);
    if (!best) return [code];
    return (await api("GET", `/api/pcns/${best}`)).catchment;
  }
  return [code];
}

// brush is the footprint the tool paints with: null to erase.
function brush() { return state.tool === "erase" ? null : state.active; }

/** paintAt paints the LSOA under a point of the map, or says why not beside the pointer. */
function paintAt(point, originalEvent) {
  const code = codeAt(point);
  if (!code) return;
  const to = brush();
  if (state.tool === "paint" && !to) { tip("Create a footprint first (N)", originalEvent.clientX, originalEvent.clientY); return; }
  const why = paintCode(code, to);
  if (why) tip(why, originalEvent.clientX, originalEvent.clientY);
}

// paintGroup paints the whole ward, MSOA or PCN catchment under a click as one stroke.
function paintGroup(e) {
  const code = codeAt(e.point);
  const to = brush();
  if (!code || !(to || state.tool === "erase")) return;
  groupOf(code).then((codes) => {
    state.stroke = new Map();
    let why = null;
    for (const c of codes) why = paintCode(c, to) || why;
    if (why) tip(why, e.originalEvent.clientX, e.originalEvent.clientY);
    endStroke();
  }).catch(fail);
}

// drawSoon draws, on the next frame, what the stroke has painted so far,
// if it is still under way then: a click ends first, and is drawn with
// its save (see holdMap).
function drawSoon() {
  if (state.strokeFrame) return;
  state.strokeFrame = requestAnimationFrame(() => {
    state.strokeFrame = 0;
    if (state.stroke) drawHeld();
  });
}

// strokeStart begins a stroke where the mouse goes down.
function strokeStart(e) {
  if (state.tool === "pan" || state.readOnly || e.originalEvent.button !== 0 || !state.plan) return;
  // Not e.preventDefault(): with dragging off for the brush there is no
  // drag to stop, and a prevented mousedown makes the map redraw on mouseup.
  holdMap();
  drawSoon();
  state.lastPoint = e.point;
  if (state.target !== "lsoa") {
    state.stroke = null;
    paintGroup(e);
    return;
  }
  state.stroke = new Map();
  paintAt(e.point, e.originalEvent);
}

// strokeMove paints along the mouse's path, filling in between mouse
// events so that a fast drag skips nothing.
function strokeMove(e) {
  if (!state.stroke) return;
  const a = state.lastPoint, b = e.point;
  const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 4));
  for (let i = 1; i <= steps; i++) paintAt(new maplibregl.Point(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps), e.originalEvent);
  state.lastPoint = b;
  drawSoon();
}

/** endStroke turns the stroke into one undoable, saved batch. */
function endStroke() {
  const changes = [...state.stroke.values()];
  state.stroke = null;
  if (changes.length === 0) { releaseMap(); return; }
  holdMap(); // until the save comes back, from now
  highlight([]); // what a flag or search outlined has just been edited
  state.strokeAt = performance.now();
  record(changes);
}

/** paintCentre paints the LSOA at the centre of the map, as one stroke (the A key). */
export function paintCentre() {
  const c = state.map.project(state.map.getCenter());
  holdMap();
  state.stroke = new Map();
  paintAt(c, { clientX: c.x + 380, clientY: c.y });
  endStroke();
}

/** wirePaint connects the tool buttons, the target and the mouse on the map. */
export function wirePaint() {
  for (const t of TOOLS) el(`tool-${t}`).addEventListener("click", () => setTool(t));
  el("target").addEventListener("change", (e) => { state.target = e.target.value; });
  state.map.on("mousedown", strokeStart);
  state.map.on("mousemove", strokeMove);
  window.addEventListener("mouseup", () => { if (state.stroke) endStroke(); });
}
