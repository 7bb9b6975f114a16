package ingest_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/ingest"
)

// TestLondonAtlas checks the real London atlas against the counts
// SOURCES.md records, and the invariants of its registrations and graph.
func TestLondonAtlas(t *testing.T) {
	a := footprinttest.London(t)
	s := a.Summary()
	checks := []struct {
		name      string
		got, want int64
	}{
		{"LSOAs", int64(s.Units), 4994},
		{"population", s.Population, 8799625},
		{"MSOAs", int64(s.MSOAs), 1002},
		{"wards", int64(s.Wards), 704},
		{"boroughs", int64(s.Boroughs), 33},
		{"places", int64(s.Places), 32},
		{"ICBs", int64(s.ICBs), 5},
		{"practices", int64(s.Practices), 1139},
		{"PCNs", int64(s.PCNs), 203},
		{"registered London residents", int64(math.Round(s.Registrations.Patients)), 10636722},
		{"outside London, listed practices", int64(math.Round(s.Registrations.OutsideRegion + s.Registrations.NoLSOA)), 86452},
		{"unlisted practices' London residents", int64(math.Round(s.Registrations.UnlistedPatients)), 212299},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	// Registrations preserved exactly by the 2011-to-2021 mapping (up to
	// floating-point rounding of the apportioned shares).
	r := s.Registrations
	if math.Abs(r.Patients-r.PatientsBeforeMapping) > 1e-3 {
		t.Errorf("registrations: %.6f before mapping, %.6f after", r.PatientsBeforeMapping, r.Patients)
	}
	sum := 0.0
	for _, c := range a.Reg.Count {
		sum += c
	}
	if math.Abs(sum-r.Patients) > 1e-3 {
		t.Errorf("registration rows sum to %.6f, report says %.6f", sum, r.Patients)
	}
	// Every LSOA has registered residents (SOURCES.md: 4,994 / 4,994).
	for u := range a.Units {
		n := 0.0
		a.UnitPatients(int32(u), func(_ int32, c float64) { n += c })
		if n <= 0 {
			t.Errorf("%s has no registered residents", a.Units[u].Code)
		}
	}
	checkLondonGraph(t, a)
	// The river: banks face each other but do not touch.
	ar := a.Report.Adjacency
	if len(ar.Barriers) != 1 || ar.Barriers[0].BankUnits < 150 || ar.Barriers[0].FacingPairs < 100 || ar.Barriers[0].MedianHops < 5 {
		t.Errorf("river report %+v", ar.Barriers)
	}
	// 20 wards receive no LSOA in the best-fit lookup.
	for _, w := range s.Warnings {
		if w.Layer == "ward" && w.Kind == "no_units" && w.Count != 20 {
			t.Errorf("wards with no LSOA: %d, want 20", w.Count)
		}
	}
	// Practice sites agree with the LSOA column of the practice file.
	for _, p := range a.Practices[:1139] {
		if !p.Current || p.Unit < 0 {
			t.Errorf("practice %s not placed in an LSOA", p.Code)
		}
	}
}

// checkLondonGraph checks the London graph: symmetric, with every edge
// over 1 m and no self-loops.
func checkLondonGraph(t *testing.T, a *footprint.Atlas) {
	g := a.Graph()
	if g.Edges() != len(a.Edges) || g.Edges() < 14000 {
		t.Errorf("graph has %d edges", g.Edges())
	}
	for i := int32(0); int(i) < g.Len(); i++ {
		for k, j := range g.Neighbours(i) {
			if j == i || g.Weights(i)[k] <= footprint.MinSharedBoundary {
				t.Fatalf("bad edge %d-%d (%v m)", i, j, g.Weights(i)[k])
			}
			back := false
			for k2, b := range g.Neighbours(j) {
				back = back || (b == i && g.Weights(j)[k2] == g.Weights(i)[k])
			}
			if !back {
				t.Fatalf("edge %s-%s is not symmetric", a.Units[i].Code, a.Units[j].Code)
			}
		}
	}
}

// BenchmarkLondonImport imports London from the real data.
func BenchmarkLondonImport(b *testing.B) {
	dir := footprinttest.SharedData(b)
	m, err := ingest.ReadManifest(filepath.Join(footprinttest.Root(b), "data", "london.json"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ingest.Import(m, dir, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLondonReadAtlas reads the London atlas from its file.
func BenchmarkLondonReadAtlas(b *testing.B) {
	a := footprinttest.London(b)
	p := filepath.Join(b.TempDir(), "london.atlas")
	if err := footprint.WriteAtlas(a, p); err != nil {
		b.Fatal(err)
	}
	st, _ := os.Stat(p)
	b.ReportMetric(float64(st.Size())/1e6, "MB")
	for b.Loop() {
		if _, err := footprint.ReadAtlas(p); err != nil {
			b.Fatal(err)
		}
	}
}
