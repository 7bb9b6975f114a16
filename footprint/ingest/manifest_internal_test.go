package ingest

import (
	"path/filepath"
	"testing"
)

// TestShippedManifests reads the manifests in data/ and checks that every
// layer names its official dataset and vintage. It walks the layers with
// the unexported Manifest.each, so it is an internal test.
func TestShippedManifests(t *testing.T) {
	for _, name := range []string{"london.json", "england.json"} {
		m, err := ReadManifest(filepath.Join("..", "..", "data", name))
		if err != nil {
			t.Fatal(err)
		}
		m.each(func(layer string, l *Layer) {
			if l.Source.Dataset == "" || l.Vintage == "" {
				t.Errorf("%s layer %s: no official source or vintage", name, layer)
			}
		})
	}
}
