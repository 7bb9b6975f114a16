// The design weights control: the main weights of the objective, shown
// with the server's defaults; only those the analyst changes are sent,
// over the defaults of the mode.
import { state } from "./state.js";
import { api } from "./api.js";
import { el, h, fill, fixed } from "./dom.js";

/** WEIGHTS names each weight the control shows, in the objective's order. */
const WEIGHTS = [
  ["aligned", "PCN aligned"], ["cross", "PCN cross-boundary"], ["containment", "containment"], ["reach", "slope to thresholds"],
  ["sites", "practice sites at home"], ["ward", "whole wards"], ["msoa", "whole MSOAs"], ["compact", "compact shapes"],
  ["floor", "thin-shape penalty"], ["moved", "residents moved"], ["grow", "kept footprints growing"],
];

const MAX = 1e6;

// inputs are the weight fields, by name.
function inputs() { return [...el("weights-fields").querySelectorAll("input")]; }

// showChanged counts the changed weights in the summary.
function showChanged() {
  const d = state.designDefaults;
  const n = d ? inputs().filter((i) => Number(i.value) !== d.propose[i.name]).length : 0;
  el("weights-summary").textContent = n ? `Weights (${n} changed)` : "Weights (defaults)";
}

// renderWeights fills the fields with Propose's defaults, and shows From
// PCNs' own beside those that differ.
function renderWeights() {
  const d = state.designDefaults;
  fill(el("weights-fields"), WEIGHTS.map(([k, label]) => {
    const other = d.from_pcn[k] !== d.propose[k];
    return h("label", null, h("span", null, label),
      h("input", { type: "number", name: k, min: 0, max: MAX, step: 0.05, value: String(d.propose[k]),
        title: `default ${fixed(d.propose[k], 2)}${other ? `; From PCNs ${fixed(d.from_pcn[k], 2)}` : ""}` }),
      other ? h("span", { class: "muted alt" }, `From PCNs ${fixed(d.from_pcn[k], 2)}`) : null);
  }));
  showChanged();
}

/**
 * weightsFor is the weights to send for a design mode: null when none
 * was changed (the server takes the mode's own), or the mode's defaults
 * with the changed ones over them. Repair keeps its own weights. A field
 * that is not a number from 0 to 1,000,000 throws, before any request.
 */
export function weightsFor(mode) {
  const d = state.designDefaults;
  if (!d || mode === "repair") return null;
  const out = { ...(mode === "from-pcn" ? d.from_pcn : d.propose) };
  let changed = false;
  for (const i of inputs()) {
    const v = Number(i.value);
    if (i.value.trim() === "" || !Number.isFinite(v) || v < 0 || v > MAX) {
      throw new Error(`weight “${i.closest("label").firstChild.textContent}” must be a number from 0 to 1,000,000`);
    }
    if (v !== d.propose[i.name]) { out[i.name] = v; changed = true; }
  }
  return changed ? out : null;
}

/** wireWeights fetches the defaults and connects the fields and Reset. */
export async function wireWeights() {
  el("weights-fields").addEventListener("input", showChanged);
  el("weights-reset").addEventListener("click", renderWeights);
  state.designDefaults = await api("GET", "/api/design");
  renderWeights();
}
