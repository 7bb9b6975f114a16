// The board page's entry point: pick plans or versions, compare them, and
// show the scorecard, the difference map, the movement of residents, each
// PCN's status, the actions register and the decision packs.
import { api } from "./api.js";
import { el, h, fill, bdi } from "./dom.js";
import { addPick, picked, whenLoaded, MAX_PICKS } from "./board-pick.js";
import { renderScorecard, renderMovement, renderPCNs } from "./board-tables.js";
import { BoardMaps } from "./board-map.js";
import { Register } from "./board-register.js";

const board = Object.seal({ cmp: null, refs: [], outlines: null, maps: new BoardMaps(), register: new Register(), view: "scorecard" });

function banner(text) {
  el("banner").hidden = !text;
  el("banner").textContent = text || "";
}

// showView shows one tab's panel, drawing it if it needs the data.
async function showView(view) {
  board.view = view;
  for (const b of el("tabs").querySelectorAll("button")) b.setAttribute("aria-selected", String(b.dataset.view === view));
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== `view-${view}`;
  history.replaceState(null, "", `?plans=${board.refs.join(",")}&view=${view}`);
  try {
    if (view === "map") await drawMap();
    if (view === "register") await board.register.load(el("reg-plan").value);
  } catch (err) { banner(err.message); }
}

// drawMap fetches the plans' outlines once, then draws the chosen pair.
async function drawMap() {
  if (!board.outlines) {
    el("board-status").textContent = "Drawing the footprints…";
    board.outlines = await Promise.all(board.refs.map((ref) => {
      const [id, v] = ref.split("@");
      return api("GET", `/api/plans/${encodeURIComponent(id)}/outlines${v ? "?version=" + v : ""}`);
    }));
    el("board-status").textContent = "";
  }
  const overlay = document.querySelector("input[name=map-mode]:checked").value === "overlay";
  await board.maps.show(board.cmp, board.outlines, Number(el("map-other").value) || 0, overlay);
  document.body.dataset.map = overlay ? "overlay" : "side";
}

// options fills a select with one option per compared plan.
function options(select, from) {
  fill(select, board.cmp.plans.slice(from).map((c, i) => h("option", { value: from ? String(i) : board.refs[i] }, c.label)));
}

// renderPacks lists a decision pack for each compared plan.
function renderPacks() {
  fill(el("packs"), board.refs.map((ref, i) => {
    const [id, v] = ref.split("@");
    const a = h("a", { href: `/api/plans/${encodeURIComponent(id)}/pack${v ? "?version=" + v : ""}`, target: "_blank", rel: "noopener" }, "Open the decision pack");
    return h("li", null, bdi(board.cmp.plans[i].label), ": ", a);
  }));
}

/** compare compares the plans picked and draws every view. */
async function compare() {
  const refs = picked();
  banner("");
  if (refs.length < 2) { banner(`Pick 2 to ${MAX_PICKS} plans or versions to compare.`); return; }
  el("board-status").textContent = "Comparing…";
  try {
    board.cmp = await api("GET", `/api/compare?plans=${refs.map(encodeURIComponent).join(",")}`);
  } catch (err) {
    el("board-status").textContent = "";
    banner(`Could not compare: ${err.message}`);
    return;
  }
  board.refs = refs;
  board.outlines = null;
  board.register.ref = "";
  el("board-status").textContent = `${board.cmp.plans.length} plans over ${board.cmp.places.length || "all"} places.`;
  el("tabs").hidden = false;
  renderScorecard(board.cmp);
  renderMovement(board.cmp);
  renderPCNs(board.cmp);
  options(el("map-other"), 1);
  options(el("reg-plan"), 0);
  renderPacks();
  el("print-title").textContent = `Comparison of ${board.cmp.plans.map((c) => c.label).join(", ")}, ${new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" })}`;
  document.body.dataset.compared = "true";
  await showView(board.view);
}

function wire() {
  el("add-pick").addEventListener("click", () => addPick());
  el("compare").addEventListener("click", compare);
  for (const b of el("tabs").querySelectorAll("button")) b.addEventListener("click", () => showView(b.dataset.view));
  for (const r of document.querySelectorAll("input[name=map-mode]")) r.addEventListener("change", () => drawMap().catch((e) => banner(e.message)));
  el("map-other").addEventListener("change", () => drawMap().catch((e) => banner(e.message)));
  el("pcn-changes").addEventListener("change", () => renderPCNs(board.cmp));
  el("reg-plan").addEventListener("change", () => board.register.load(el("reg-plan").value).catch((e) => banner(e.message)));
  for (const id of ["reg-kind", "reg-filter"]) el(id).addEventListener("input", () => board.register.render());
  el("print-compare").addEventListener("click", () => window.print());
}

// start reads ?plans=a,b@n&view=v, and compares at once if two are given.
async function start() {
  wire();
  const q = new URLSearchParams(location.search);
  const list = (q.get("plans") || "").split(",").filter(Boolean).slice(0, MAX_PICKS);
  board.view = ["scorecard", "map", "movement", "pcns", "register", "pack"].includes(q.get("view")) ? q.get("view") : "scorecard";
  for (const ref of list) {
    const [id, v] = ref.split("@");
    addPick(id, Number(v) || 0);
  }
  while (el("picks").children.length < 2) addPick();
  try {
    const atlas = await api("GET", "/api/atlas");
    el("attribution").textContent = (atlas.attribution || []).join(" ");
  } catch { /* the attribution is not needed to compare */ }
  await whenLoaded();
  if (list.length >= 2) await compare();
  document.body.dataset.ready = "true";
}

start();
