package footprint

import "time"

// Warning is a problem import reported and carried on past.
type Warning struct {
	Layer    string   `json:"layer"`
	Kind     string   `json:"kind"`
	Count    int      `json:"count"`
	Message  string   `json:"message"`
	Examples []string `json:"examples,omitempty"`
}

// RegistrationReport sums up the registration data.
type RegistrationReport struct {
	Vintage string `json:"vintage"`
	Basis   string `json:"basis"` // the LSOA vintage of the file, and its mapping
	Rows    int    `json:"rows"`
	// Patients living in the region, after mapping to LSOA 2021.
	Patients float64 `json:"patients"`
	// PatientsBeforeMapping is the same total on the file's own LSOA basis;
	// it equals Patients because mapping only moves patients between units.
	PatientsBeforeMapping float64 `json:"patients_before_mapping"`
	// Patients of the listed practices living outside the region, and
	// with no usable LSOA: they count in each practice's total R(q).
	OutsideRegion float64 `json:"outside_region"`
	NoLSOA        float64 `json:"no_lsoa"`
	// The same over every practice in the file, most of them practices
	// elsewhere with a few patients in the region.
	FileOutsideRegion float64 `json:"file_outside_region"`
	FileNoLSOA        float64 `json:"file_no_lsoa"`
	ApportionedRows   int     `json:"apportioned_rows"`
	// Practices in the registration data but not in the practice list,
	// with the region's residents registered with them.
	UnlistedPractices int     `json:"unlisted_practices"`
	UnlistedPatients  float64 `json:"unlisted_patients"`
	// Practices not in the list with no patients in the region: not kept.
	IgnoredPractices int     `json:"ignored_practices"`
	IgnoredPatients  float64 `json:"ignored_patients"`
}

// ComponentReport describes one connected piece of a graph.
type ComponentReport struct {
	Units      int    `json:"units"`
	Population int64  `json:"population"`
	Example    string `json:"example"`
}

// PlaceSplit is a place whose units do not form one connected piece.
type PlaceSplit struct {
	Place      string            `json:"place"`
	Name       string            `json:"name"`
	Components []ComponentReport `json:"components"`
}

// BarrierReport says how a barrier shapes the adjacency graph.
type BarrierReport struct {
	Name string `json:"name"`
	// BankUnits line the barrier (within 25 m: the barrier and the
	// generalised boundaries come from different products).
	BankUnits int `json:"bank_units"`
	// FacingPairs are bank units within 500 m of each other across the
	// barrier; none of them is adjacent in the graph.
	FacingPairs int `json:"facing_pairs"`
	// Hops between facing pairs along the graph: how far round the barrier
	// one must go, over the pairs that are connected at all.
	MedianHops int `json:"median_hops"`
	// Unreachable counts facing pairs with no path between them.
	Unreachable int    `json:"unreachable_pairs"`
	MaxHops     int    `json:"max_hops"`
	MaxExample  string `json:"max_example,omitempty"`
}

// AdjacencyReport sums up the rook adjacency graph.
type AdjacencyReport struct {
	Rule            string            `json:"rule"`
	Edges           int               `json:"edges"`
	Components      int               `json:"components"`
	ComponentList   []ComponentReport `json:"component_list"`
	SharedKm        float64           `json:"shared_km"`
	DroppedPairs    int               `json:"dropped_pairs"`
	ToleranceShared int               `json:"tolerance_matched_segments"`
	Isolated        []string          `json:"isolated,omitempty"`
	PlacesSplit     []PlaceSplit      `json:"places_split"`
	Barriers        []BarrierReport   `json:"barriers"`
	Millis          float64           `json:"ms"`
}

// ImportReport is what import found on the way.
type ImportReport struct {
	Manifest      string             `json:"manifest"`
	DataRoot      string             `json:"data_root"`
	Built         time.Time          `json:"built"`
	Seconds       float64            `json:"seconds"`
	Projection    string             `json:"projection"`
	Registrations RegistrationReport `json:"registrations"`
	Adjacency     AdjacencyReport    `json:"adjacency"`
	Skipped       map[string]int     `json:"rows_outside_region"`
	Warnings      []Warning          `json:"warnings"`
}
