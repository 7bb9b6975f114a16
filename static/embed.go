// Package static holds the web map: HTML, script and style, with
// MapLibre GL copied in from npm by the build (make static).
package static

import "embed"

// FS holds the files of the web map.
//
//go:embed index.html board.html app.css board.css js vendor
var FS embed.FS
