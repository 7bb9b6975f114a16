package footprint

import (
	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"
)

// NumAgeBands is the number of Census 2021 TS007B broad age bands.
const NumAgeBands = 11

// AgeRoles are the manifest roles of the age bands, in order.
var AgeRoles = [NumAgeBands]string{"age_0_4", "age_5_9", "age_10_15", "age_16_19", "age_20_24", "age_25_34", "age_35_49", "age_50_64", "age_65_74", "age_75_84", "age_85_plus"}

// AgeBandLabels are the human labels of the age bands, in years.
var AgeBandLabels = [NumAgeBands]string{"0-4", "5-9", "10-15", "16-19", "20-24", "25-34", "35-49", "50-64", "65-74", "75-84", "85+"}

// NumIMDDomains is the number of IMD domains.
const NumIMDDomains = 7

// IMDDomainRoles are the manifest roles of the IMD domain scores, in order.
var IMDDomainRoles = [NumIMDDomains]string{"income", "employment", "education", "health", "crime", "housing", "environment"}

// IMDDomainNames are the domain names, in the order of IMD.Domains.
var IMDDomainNames = [NumIMDDomains]string{"Income", "Employment", "Education, skills and training", "Health deprivation and disability", "Crime", "Barriers to housing and services", "Living environment"}

// IMD holds an LSOA's Index of Multiple Deprivation: the overall score,
// rank and national decile (1 = most deprived), and the domain scores.
type IMD struct {
	Score   float64
	Rank    int32
	Decile  int8
	Domains [NumIMDDomains]float64
	Known   bool
}

// MinSharedBoundary is the shared boundary two units need, strictly
// exceeded, to be rook neighbours: 1 metre.
const MinSharedBoundary = 1.0

// Unit is the atom of design: an LSOA 2021.
type Unit struct {
	Code, Name string
	// Indexes into the atlas's area lists, or -1 where the dataset has none.
	MSOA, Ward, Borough, SubICB, ICB, Place int32
	Pop                                     int32
	Ages                                    [NumAgeBands]int32
	IMD                                     IMD
	// Centroid is the population-weighted centroid (WGS84) where the
	// dataset has one, else the geometric centroid; CentroidBNG likewise in
	// British National Grid metres.
	Centroid, CentroidBNG orb.Point
	Label                 orb.Point        // a point inside the LSOA (WGS84), for labels and picking
	Geom                  orb.MultiPolygon // WGS84
	Bound                 orb.Bound        // of Geom
	AreaM2, PerimeterM    float64          // on British National Grid
	Hull                  []orb.Point      // convex hull vertices, BNG
	// ExteriorM is boundary shared with no other unit: the region's edge,
	// a river bank or the coast.
	ExteriorM float64
	Repaired  bool // geometry was invalid and made valid at import
}

// Area is a unit of a boundary layer: an MSOA, ward, borough, sub-ICB or
// ICB. Geom is empty where the dataset has no boundary file for the layer.
type Area struct {
	Code, Name string
	Alt        string // MSOA: House of Commons Library name; ICB: ODS code
	Geom       orb.MultiPolygon
	Units      []int32 // units whose (best-fit) parent this is
	Pop        int64
}

// Place is where design happens: one borough, or several joined.
type Place struct {
	Code, Name string
	Boroughs   []int32
	Units      []int32
	Pop        int64
}

// Practice is a GP practice. Current practices are those of the practice
// list (the practice-to-PCN map); others appear only in the registration
// data, having closed or merged since, or lying outside the region.
type Practice struct {
	Code, Name, Postcode string
	Current              bool
	PCN                  int32  // index into PCNs, -1 if unallocated or not current
	PCNCode              string // as listed; an unallocated code such as "U"
	ICB, SubICB          string
	Loc, LocBNG          orb.Point
	HasLoc               bool
	Unit                 int32 // the unit the site lies in, -1 if none
	ListSize             int32 // registered patients on the list-size date
	ListSizeKnown        bool
	// Registration totals: patients living in the region (assigned to
	// units), outside it, and with no usable LSOA. Registered is their sum,
	// R(q).
	InRegion, OutsideRegion, NoLSOA float64
}

// Registered is all the practice's patients, wherever they live.
func (p *Practice) Registered() float64 { return p.InRegion + p.OutsideRegion + p.NoLSOA }

// PCN is a Primary Care Network.
type PCN struct {
	Code, Name string
	ICB        string
	Practices  []int32
	Catchment  orb.MultiPolygon // 2020 self-declared catchment, if loaded
}

// Barrier is a physical barrier drawn on the map, such as the tidal Thames.
type Barrier struct {
	Name string
	Geom orb.MultiPolygon
}

// Registrations holds registered patients by practice and unit, in
// compressed sparse rows by practice: practice q's patients are
// Count[Start[q]:Start[q+1]], living in Unit at the same positions.
type Registrations struct {
	Start []int32
	Unit  []int32
	Count []float64
}

// SourceInfo records one input file of an atlas, with its provenance.
type SourceInfo struct {
	Layer       string   `json:"layer"`
	File        string   `json:"file"`
	SHA256      string   `json:"sha256"`
	Rows        int      `json:"rows"`
	Vintage     string   `json:"vintage"`
	AsOf        string   `json:"as_of,omitempty"`
	Licence     string   `json:"licence"`
	Attribution string   `json:"attribution"`
	Source      Source   `json:"source"`
	Caveats     []string `json:"caveats,omitempty"`
}

// Atlas is everything Footprint knows about a region. It is built once by
// Import and then read-only, so it is safe for concurrent use.
type Atlas struct {
	Name, Region string
	Units        []Unit
	MSOAs        []Area
	Wards        []Area
	Boroughs     []Area
	SubICBs      []Area
	ICBs         []Area
	Places       []Place
	Practices    []Practice
	PCNs         []PCN
	Reg          Registrations
	Edges        []graph.Edge
	// Touches are pairs sharing boundary of 1 m or less: not neighbours,
	// but their boundary is not perimeter either.
	Touches  []graph.Edge
	Barriers []Barrier
	Sources  []SourceInfo
	Report   ImportReport

	graph     *graph.Graph
	byUnit    Registrations // registrations by unit: Unit holds practice indexes
	unitIndex map[string]int32
	pracIndex map[string]int32
	pcnIndex  map[string]int32
	tree      *rtree.RTreeG[int32]
	ix        *index
	// placeAreas views the places as areas, for scoring.
	placeAreas []Area
}

// BuildIndex builds the derived indexes. Import calls it once the atlas
// is complete, and reading an atlas file calls it after decoding; until
// then the index methods must not be called.
func (a *Atlas) BuildIndex() {
	a.unitIndex = make(map[string]int32, len(a.Units))
	for i := range a.Units {
		a.unitIndex[a.Units[i].Code] = int32(i)
	}
	a.pracIndex = make(map[string]int32, len(a.Practices))
	for i := range a.Practices {
		a.pracIndex[a.Practices[i].Code] = int32(i)
	}
	a.pcnIndex = make(map[string]int32, len(a.PCNs))
	for i := range a.PCNs {
		a.pcnIndex[a.PCNs[i].Code] = int32(i)
	}
	a.graph = graph.NewGraph(len(a.Units), a.Edges)
	a.byUnit = transpose(a.Reg, len(a.Units))
	a.buildIndex()
	a.placeAreas = make([]Area, len(a.Places))
	for i, p := range a.Places {
		a.placeAreas[i] = Area{Code: p.Code, Name: p.Name, Units: p.Units, Pop: p.Pop}
	}
	a.buildScoreIndex()
}

// transpose turns registrations by practice into registrations by unit.
func transpose(r Registrations, units int) Registrations {
	t := Registrations{Start: make([]int32, units+1), Unit: make([]int32, len(r.Unit)), Count: make([]float64, len(r.Count))}
	for _, u := range r.Unit {
		t.Start[u+1]++
	}
	for i := 0; i < units; i++ {
		t.Start[i+1] += t.Start[i]
	}
	fill := make([]int32, units)
	copy(fill, t.Start[:units])
	for q := 0; q+1 < len(r.Start); q++ {
		for k := r.Start[q]; k < r.Start[q+1]; k++ {
			u := r.Unit[k]
			t.Unit[fill[u]] = int32(q)
			t.Count[fill[u]] = r.Count[k]
			fill[u]++
		}
	}
	return t
}

// Graph is the rook adjacency graph of the units.
func (a *Atlas) Graph() *graph.Graph { return a.graph }

// UnitIndex returns the index of the unit with the code.
func (a *Atlas) UnitIndex(code string) (int32, bool) {
	i, ok := a.unitIndex[code]
	return i, ok
}

// PracticeIndex returns the index of the practice with the code.
func (a *Atlas) PracticeIndex(code string) (int32, bool) {
	i, ok := a.pracIndex[code]
	return i, ok
}

// PCNIndex returns the index of the PCN with the code.
func (a *Atlas) PCNIndex(code string) (int32, bool) {
	i, ok := a.pcnIndex[code]
	return i, ok
}

// PracticePatients calls fn for each unit where practice q has patients.
func (a *Atlas) PracticePatients(q int32, fn func(unit int32, n float64)) {
	for k := a.Reg.Start[q]; k < a.Reg.Start[q+1]; k++ {
		fn(a.Reg.Unit[k], a.Reg.Count[k])
	}
}

// UnitPatients calls fn for each practice with patients living in unit u.
func (a *Atlas) UnitPatients(u int32, fn func(practice int32, n float64)) {
	for k := a.byUnit.Start[u]; k < a.byUnit.Start[u+1]; k++ {
		fn(a.byUnit.Unit[k], a.byUnit.Count[k])
	}
}

// AsOf returns the short date of a source layer, such as "July 2022" for
// "registrations", as the manifest gives it; the layer's vintage where
// the manifest gives no short date; and "" if the atlas has no such
// layer.
func (a *Atlas) AsOf(layer string) string { return AsOf(a.Sources, layer) }

// AsOf returns the short date of a layer among sources, as Atlas.AsOf does.
func AsOf(sources []SourceInfo, layer string) string {
	for _, s := range sources {
		if s.Layer == layer {
			if s.AsOf != "" {
				return s.AsOf
			}
			return s.Vintage
		}
	}
	return ""
}

// PlaceIndex returns the index of the place with the code, or -1.
func (a *Atlas) PlaceIndex(code string) int32 {
	for i := range a.Places {
		if a.Places[i].Code == code {
			return int32(i)
		}
	}
	return -1
}
