// The LSOAs' vector tiles as the web map and the board page draw them.

/**
 * unitTiles is the source of the LSOAs' tiles made for drawing
 * (?fields=map): each LSOA's code and IMD decile, simplified to a pixel,
 * from zoom 5, and overzoomed past 14. Feature state is keyed by code.
 */
export function unitTiles() {
  return { type: "vector", tiles: [`${location.origin}/tiles/{z}/{x}/{y}.mvt?fields=map`], minzoom: 5, maxzoom: 14, promoteId: "code" };
}
