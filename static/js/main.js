// The web map's entry point: makes the map, wires every panel, loads the
// atlas and opens the plan named in the address (or the start page).
import { state } from "./state.js";
import { banner } from "./ui.js";
import { api } from "./api.js";
import { createMap, pointOf, colourOf, releaseFrames } from "./map.js";
import { fetchAtlas, loadAtlas } from "./atlas.js";
import { wireLayers } from "./layers.js";
import { refreshLabels } from "./fplabels.js";
import { wireCard } from "./card.js";
import { wireFlags } from "./flags.js";
import { wireHelp, firstVisit } from "./intro.js";
import { showStart, openPlan, wireStart } from "./plan.js";
import { wireFootprints } from "./footprints.js";
import { updateUndo, wireUndo } from "./sync.js";
import { wirePaint } from "./paint.js";
import { wireKeys } from "./keys.js";
import { wireDesign } from "./design.js";
import { wireSearch } from "./search.js";
import { wireProfiles } from "./compare.js";
import { wireImport } from "./transfer.js";
import { wireCoverage, wirePractices } from "./coverage.js";

// wirePanels connects the controls that need no data.
function wirePanels() {
  wireStart();
  wireFootprints();
  wireDesign();
  wirePaint();
  wireUndo();
  wireKeys();
  wireSearch();
  wireProfiles();
  wireImport();
  wireCoverage();
  wireCard();
  wireFlags();
  wireHelp();
}

// openFromAddress opens ?plan=ID (#edit=TOKEN to edit), or the start page.
async function openFromAddress(early) {
  const id = new URLSearchParams(location.search).get("plan");
  const token = new URLSearchParams(location.hash.slice(1)).get("edit");
  if (!id) { await showStart(); return; }
  try {
    await openPlan(id, token, early);
  } catch (err) {
    await showStart();
    banner(`Could not open the plan in the link: ${err.message}. Start a new plan or paste another link.`);
  }
}

// start loads everything once the map's style is loaded, and marks the page ready
// (body[data-ready]) for the browser tests.
async function start(early) {
  try {
    await loadAtlas(early.atlas, early.boundaries);
    wireLayers();
    state.map.on("moveend", refreshLabels);
    refreshLabels();
    wirePractices();
    await openFromAddress(early);
    updateUndo();
    firstVisit();
    performance.mark("fp:plan");
    drawWhenLoaded();
  } catch (err) {
    releaseFrames();
    banner(`Could not load: ${err.message}`);
    document.body.dataset.ready = "error";
  }
}

// drawWhenLoaded lets the map draw its first frame once every tile in
// view has come (see holdFrames), marks it (fp:drawn), and marks the page
// ready when that frame is done and the map idle again (fp:idle).
function drawWhenLoaded() {
  state.map.once("idle", () => {
    state.map.once("render", () => requestAnimationFrame(() => performance.mark("fp:drawn")));
    state.map.once("idle", () => { performance.mark("fp:idle"); document.body.dataset.ready = "true"; });
    releaseFrames();
    state.map.triggerRepaint();
  });
  state.map.triggerRepaint();
}

// prefetch starts fetching the atlas and the plan in the address, its
// scores and the places at once, while the map starts; the map's worker
// fetches the plan's boundaries (their address is early.boundaries).
function prefetch() {
  const id = new URLSearchParams(location.search).get("plan");
  const atlas = fetchAtlas();
  if (!id) return { atlas };
  const path = `/api/plans/${encodeURIComponent(id)}`;
  const early = { plan: api("GET", path), scores: api("GET", `${path}/scores`), places: api("GET", "/api/places") };
  for (const p of Object.values(early)) p.catch(() => { /* reported when awaited */ });
  return { ...early, atlas, boundaries: `${location.origin}${path}/outlines` };
}

const early = prefetch();
const map = createMap();
wirePanels();
// For the browser tests and the console.
window.fp = { state, map, pointOf, colourOf };
map.once("style.load", () => start(early));
