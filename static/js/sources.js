// What the server's atlas summary says about the data: the short date of
// each source layer and the footprint palette, so neither is copied here.
import { state } from "./state.js";

// Shown if a server sends no palette, so the map still draws.
const NO_PALETTE = ["#888888"];

/** palette is the footprint palette the server assigns colours from. */
export function palette() {
  const p = state.atlas && state.atlas.palette;
  return p && p.length ? p : NO_PALETTE;
}

/**
 * asOf is the short date of a source layer, such as "July 2022" for
 * registrations; a source with no short date gives its long vintage text.
 */
export function asOf(layer) {
  const s = state.atlas && state.atlas.sources.find((x) => x.layer === layer);
  if (!s) return "";
  return s.as_of || s.vintage || "";
}
