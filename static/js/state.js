// The one mutable state of the web map: every field is declared here, with
// what it holds, and the object is sealed so no field can be added later.

export const state = Object.seal({
  // ---- map and atlas
  /** The maplibregl.Map, created by map.js when the page starts. */
  map: null,
  /** Lets the map draw its first frame, while holdFrames holds it; else null. */
  releaseFrames: null,
  /** The atlas summary from GET /api/atlas: name, sources, palette, … */
  atlas: null,
  /** Places of the atlas from GET /api/places: [{code, name, population}]. */
  atlasPlaces: null,
  /** LSOA code -> its properties (name, ward, msoa, place, population, bbox, label, …). */
  unit: new Map(),
  /** Ward code -> the LSOA codes in it. */
  byWard: new Map(),
  /** MSOA code -> the LSOA codes in it. */
  byMSOA: new Map(),
  /** The GP practices as a GeoJSON FeatureCollection. */
  practices: null,
  /** The PCNs from GET /api/pcns: [{code, name, …}]. */
  pcns: [],
  /** True once the eDEC catchment outlines have been fetched. */
  edecLoaded: false,
  /** MSOA names and where to draw them: [{name, at: [lng, lat]}], once fetched. */
  msoaLabels: null,
  /** The fetch of the MSOA names while it is under way. */
  msoaLoading: null,
  /** Borough names and where to draw them: [{name, at: [lng, lat]}]. */
  placeLabels: null,
  /** The maplibregl.Markers of the MSOA or borough names now on the map. */
  labelMarkers: [],
  /** The search index, built on the first search: [{kind, label, key, codes|point|pcn}]. */
  index: null,

  // ---- the plan
  /** The open plan: {id, name, version, places, settings, footprints, assignments}. */
  plan: null,
  /** The edit token of the plan, or null when it is open read-only. */
  token: null,
  /** True when the plan may not be edited. */
  readOnly: true,
  /** Place codes ticked on the start page, as the map shades them. */
  picked: new Set(),
  /** Place codes of the plan. */
  inScope: new Set(),
  /** Footprint id -> residents, kept up to date locally as the user paints. */
  pop: new Map(),
  /** Ids of the footprints hatched because a neighbour shares their colour. */
  hatched: new Set(),
  /** Footprint id -> its <li> in the footprints list. */
  rows: new Map(),
  /** Id of the footprint the brush paints into. */
  active: null,
  /** The LSOA codes now outlined as the active footprint's. */
  activeCodes: [],
  /** The LSOA codes now outlined by highlight() (a flag, a search). */
  highlighted: [],
  /** Footprint id -> its label on the map: {marker, text}, for those in view. */
  fpMarkers: new Map(),
  /** The timer that will fetch the footprint boundaries once edits pause. */
  boundaryTimer: 0,
  /**
   * The plan and version ("id@version") whose boundaries the map was last
   * given, or "latest " and their address when asked for as the page started.
   */
  boundaryKey: "",
  /** The animation frame that will redraw the footprint labels, or 0. */
  labelFrame: 0,
  /**
   * The LSOA the hover card shows, whether a click pinned it, when the
   * pointer last moved (event time) and the milliseconds from that move
   * to the card on screen.
   */
  card: { code: null, pinned: false, movedAt: 0, ms: 0 },
  /** LSOA code -> its detail from GET /api/units/{code}, once fetched. */
  unitDetail: new Map(),

  // ---- painting
  /** The tool: "pan", "paint" or "erase". */
  tool: "pan",
  /** What one click paints: "lsoa", "ward", "msoa" or "pcn". */
  target: "lsoa",
  /** The stroke under way: LSOA code -> {lsoa, from, to}, or null. */
  stroke: null,
  /** The last mouse point of the stroke, to fill in a fast drag. */
  lastPoint: null,
  /** performance.now() at the end of the last stroke, until its scores show. */
  strokeAt: 0,
  /** Milliseconds from the end of the last stroke to its scores on screen. */
  refreshMs: 0,
  /** Milliseconds from the end of the last stroke to the map frame that shows it drawn. */
  paintedMs: 0,
  /**
   * Feature state held back from the map while an edit is saved, LSOA
   * code -> state, so that its colours, tallies and scores are drawn in
   * one frame; null when nothing is held.
   */
  held: null,
  /** The timer that lets the held feature state go if the save is slow. */
  holdTimer: 0,
  /** The animation frame that draws a drag's held feature state, or 0. */
  strokeFrame: 0,
  /** The tooltip's hide timer. */
  tipTimer: 0,

  // ---- saving
  /** Batches of changes, [{lsoa, from, to}], that may be undone. */
  undo: [],
  /** Batches undone, that may be redone. */
  redo: [],
  /** Batches waiting to be saved, in order. */
  queue: [],
  /** True while a batch is being saved. */
  sending: false,
  /** Resolves drain()'s promise once the queue is empty, or null. */
  drained: null,

  // ---- scores and profiles
  /** The last score document from GET /api/plans/{id}/scores. */
  scores: null,
  /** Footprint id -> its FootprintScore. */
  fpScore: new Map(),
  /** True while scores are being fetched. */
  scoring: false,
  /** How many times scores were asked for, and which of those is on screen. */
  scoreAsked: 0,
  scoreShown: 0,
  /** True when scores were asked for during a fetch: fetch again after it. */
  rescore: false,
  /** Milliseconds of the last refresh: fetch, tallies, flags, detail. */
  scoreMs: null,
  /** The profile document from GET /api/plans/{id}/profiles. */
  profiles: null,
  /** True while the map is coloured by a comparison figure. */
  comparing: false,

  // ---- design and coverage
  /** The design defaults from GET /api/design: {propose, from_pcn, options}. */
  designDefaults: null,
  /** Id of the design job under way, or null. */
  designJob: null,
  /** The coverage document of the PCN or practice shown. */
  coverage: null,
  /** The PCN catchment on the map: {share: {code: n}}, or null. */
  catchmentPCN: null,
});
