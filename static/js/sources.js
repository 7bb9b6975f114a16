// What the server's atlas summary says about the data: the short date of
// each source layer and the footprint palette, so neither is copied here;
// and the colour a footprint is shown in.
import { state } from "./state.js";

// Shown if a server sends no palette, so the map still draws.
const NO_PALETTE = ["#888888"];

/** palette is the footprint palette the server assigns colours from. */
export function palette() {
  const p = state.atlas && state.atlas.palette;
  return p && p.length ? p : NO_PALETTE;
}

/**
 * footprintColour is the colour of the i-th footprint as #rrggbb, which
 * both the map and a colour box take: its own colour c, or if it has none
 * or another kind (a plan file may say anything), the i-th of the palette.
 */
export function footprintColour(c, i) {
  if (typeof c === "string" && /^#[0-9a-f]{6}$/i.test(c)) return c;
  const p = palette();
  return p[(i || 0) % p.length];
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
