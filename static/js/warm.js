// Starts the map library's worker as the page's scripts start, before
// the other modules are evaluated: the worker fetches and tiles the
// LSOAs, and its thread takes some hundreds of milliseconds to start.
maplibregl.prewarm();
