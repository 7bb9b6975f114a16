package ingest

import (
	"fmt"

	"github.com/nhs-footprint/footprint/footprint"
)

// warn adds a warning to the import report, with at most five examples;
// a count of zero adds nothing.
func (im *importer) warn(layer, kind string, count int, examples []string, format string, args ...any) {
	if count == 0 {
		return
	}
	if len(examples) > 5 {
		examples = examples[:5]
	}
	im.a.Report.Warnings = append(im.a.Report.Warnings, footprint.Warning{Layer: layer, Kind: kind, Count: count, Message: fmt.Sprintf(format, args...), Examples: examples})
}

// component describes one connected piece of the graph: its units, their
// population, and its first unit as an example.
func (im *importer) component(comp []int32) footprint.ComponentReport {
	var pop int64
	for _, u := range comp {
		pop += int64(im.a.Units[u].Pop)
	}
	ex := im.a.Units[comp[0]]
	return footprint.ComponentReport{Units: len(comp), Population: pop, Example: ex.Code + " " + ex.Name}
}
