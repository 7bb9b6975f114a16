package footprint

import (
	"math"

	"github.com/paulmach/orb"
)

// Summary is the short description of an atlas that import prints and
// `footprint atlas` and GET /api/atlas return. Its JSON keys are a contract.
type Summary struct {
	Name   string `json:"name"`
	Region string `json:"region"`
	Units  int    `json:"units"`
	// Bounds is the bound of every LSOA: west, south, east and north, in
	// degrees (WGS84), rounded outwards to 5 decimal places.
	Bounds        [4]float64         `json:"bounds"`
	Population    int64              `json:"population"`
	MSOAs         int                `json:"msoas"`
	Wards         int                `json:"wards"`
	Boroughs      int                `json:"boroughs"`
	Places        int                `json:"places"`
	SubICBs       int                `json:"sub_icbs"`
	ICBs          int                `json:"icbs"`
	Practices     int                `json:"practices"`
	PCNs          int                `json:"pcns"`
	Registrations RegistrationReport `json:"registrations"`
	Adjacency     AdjacencyReport    `json:"adjacency"`
	Built         string             `json:"built"`
	ImportSeconds float64            `json:"import_seconds"`
	Projection    string             `json:"projection"`
	Skipped       map[string]int     `json:"rows_outside_region"`
	Warnings      []Warning          `json:"warnings"`
	Sources       []SourceInfo       `json:"sources"`
	Attribution   []string           `json:"attribution"`
	// Palette is the footprint colours, in the order colouring uses them.
	Palette []string `json:"palette"`
}

// Summary describes the atlas.
func (a *Atlas) Summary() Summary {
	s := Summary{Name: a.Name, Region: a.Region, Units: len(a.Units), MSOAs: len(a.MSOAs), Wards: len(a.Wards),
		Boroughs: len(a.Boroughs), Places: len(a.Places), SubICBs: len(a.SubICBs), ICBs: len(a.ICBs), PCNs: len(a.PCNs),
		Registrations: a.Report.Registrations, Adjacency: a.Report.Adjacency, Built: a.Report.Built.Format("2006-01-02T15:04:05Z"),
		ImportSeconds: a.Report.Seconds, Projection: a.Report.Projection, Skipped: a.Report.Skipped, Warnings: a.Report.Warnings, Sources: a.Sources, Palette: Palette()}
	b := a.Bound()
	s.Bounds = [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	for i := range a.Units {
		s.Population += int64(a.Units[i].Pop)
	}
	for i := range a.Practices {
		if a.Practices[i].Current {
			s.Practices++
		}
	}
	seen := map[string]bool{}
	for _, src := range a.Sources {
		if !seen[src.Attribution] {
			seen[src.Attribution] = true
			s.Attribution = append(s.Attribution, src.Attribution)
		}
	}
	if s.Warnings == nil {
		s.Warnings = []Warning{}
	}
	return s
}

// Bound is the bound of every unit, rounded outwards to 5 decimal places
// (about a metre), or of the whole Web Mercator world for an atlas with
// no units.
func (a *Atlas) Bound() orb.Bound {
	if len(a.Units) == 0 {
		return orb.Bound{Min: orb.Point{-180, -85.05113}, Max: orb.Point{180, 85.05113}}
	}
	b := a.Units[0].Bound
	for i := range a.Units {
		b = b.Union(a.Units[i].Bound)
	}
	b.Min = orb.Point{math.Floor(b.Min[0]*1e5) / 1e5, math.Floor(b.Min[1]*1e5) / 1e5}
	b.Max = orb.Point{math.Ceil(b.Max[0]*1e5) / 1e5, math.Ceil(b.Max[1]*1e5) / 1e5}
	return b
}
