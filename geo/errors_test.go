package geo

import (
	"os"
	"testing"
)

func TestRowError(t *testing.T) {
	for _, tt := range []struct {
		err  *RowError
		want string
	}{
		{&RowError{File: "a.csv", Problem: "empty"}, "a.csv: empty"},
		{&RowError{File: "a.csv", Line: 3, Column: "n", Problem: "bad"}, "a.csv:3: column n: bad"},
		{&RowError{File: "b.geojson", Line: 2, Feature: true, Problem: "bad"}, "b.geojson: feature 2: bad"},
		{&RowError{File: "b.geojson", Line: 2, Feature: true, ID: "E01000001", Column: "geometry", Problem: "bad"}, "b.geojson: feature 2 (E01000001): column geometry: bad"},
		{&RowError{File: "b.geojson", Line: 2, Feature: true, ID: "a\nb", Problem: "bad"}, `b.geojson: feature 2 ("a\nb"): bad`},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
	_, err := os.Open("/no/such/file")
	if got := OpenError("f.csv", err).Error(); got != "f.csv: cannot open: no such file or directory" {
		t.Errorf("OpenError: %q", got)
	}
}
