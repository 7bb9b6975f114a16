// Decluttering the map's HTML labels: each label is given a box in screen
// pixels, and one that would overlap a box placed before it is left off,
// so the labels that matter most (placed first) stay readable.

// GAP is the clear space, in pixels, kept around each label.
const GAP = 3;

/** Placer places labels on a map, first come first placed. */
export class Placer {
  /** constructor takes the maplibregl.Map the labels go on. */
  constructor(map) {
    this.map = map;
    this.boxes = [];
  }

  /**
   * place reports whether a label w×h pixels in size, centred on the
   * point at ([lng, lat]), is clear of every label placed so far; if so,
   * it is placed.
   */
  place(at, w, h) {
    const p = this.map.project(at);
    const b = [p.x - w / 2 - GAP, p.y - h / 2 - GAP, p.x + w / 2 + GAP, p.y + h / 2 + GAP];
    for (const o of this.boxes) if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return false;
    this.boxes.push(b);
    return true;
  }
}

/**
 * textBox estimates the size in pixels of a label's lines of text, each
 * [text, pixels per character], wrapped at maxWidth.
 */
export function textBox(lines, maxWidth) {
  let w = 0, h = 0;
  for (const [text, perChar] of lines) {
    const natural = text.length * perChar;
    w = Math.max(w, Math.min(natural, maxWidth));
    h += 13 * Math.max(1, Math.ceil(natural / maxWidth));
  }
  return [w, h];
}
