package footprint

// CoveragePractice is one practice of a PCN, as the coverage report shows
// it.
type CoveragePractice struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Postcode  string  `json:"postcode"`
	LSOA      string  `json:"lsoa"`
	Footprint string  `json:"footprint"`
	Lon       float64 `json:"lon"`
	Lat       float64 `json:"lat"`
	// ListSize is the practice's list on the list-size date (December
	// 2025), null if unknown; Registered is its patients in the LSOA data
	// (July 2022), wherever they live.
	ListSize      *int32  `json:"list_size"`
	Registered    float64 `json:"registered"`
	OutsideRegion float64 `json:"outside_region"`
	NoLSOA        float64 `json:"no_lsoa"`
	Note          string  `json:"note,omitempty"`
}

// CoverageArea is a footprint, borough or ICB where a PCN's patients live.
type CoverageArea struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Patients float64 `json:"patients"`
	Share    float64 `json:"share"` // of all the PCN's patients
	Home     bool    `json:"home,omitempty"`
}

// CoverageNeighbour is a PCN that shares LSOAs with another.
type CoverageNeighbour struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// SharedLSOAs counts LSOAs where each registers at least 5% of the
	// residents.
	SharedLSOAs int `json:"shared_lsoas"`
	// TheirsInOurs is its patients living in our catchment; OursInTheirs
	// ours in its catchment.
	TheirsInOurs float64 `json:"theirs_in_our_catchment"`
	OursInTheirs float64 `json:"ours_in_their_catchment"`
}

// Coverage is how a PCN's (or one practice's) patients are spread: by
// LSOA, footprint, borough and ICB, with its status in a plan.
type Coverage struct {
	Kind      string             `json:"kind"` // "pcn" or "practice"
	Code      string             `json:"code"`
	Name      string             `json:"name"`
	PCN       string             `json:"pcn"`
	PCNName   string             `json:"pcn_name"`
	Practices []CoveragePractice `json:"practices"`
	// ListSize sums the practices' list sizes (December 2025);
	// Registered is all their patients in the LSOA data (July 2022).
	ListSize      int64               `json:"list_size"`
	Registered    float64             `json:"registered"`
	InRegion      float64             `json:"in_region"`
	OutsideRegion float64             `json:"outside_region"`
	NoLSOA        float64             `json:"no_lsoa"`
	Patients      map[string]float64  `json:"patients"` // LSOA to patients
	Share         map[string]float64  `json:"share"`    // LSOA to share of its registered residents
	Catchment     []string            `json:"catchment"`
	Boroughs      []CoverageArea      `json:"boroughs"`
	ICBs          []CoverageArea      `json:"icbs"`
	Neighbours    []CoverageNeighbour `json:"neighbours"`
	// With a plan: the footprints its patients live in, its home, status,
	// containment and flags.
	Plan            string            `json:"plan,omitempty"`
	Footprints      []CoverageArea    `json:"footprints,omitempty"`
	Home            string            `json:"home,omitempty"`
	Status          PCNStatus         `json:"status,omitempty"`
	Containment     *float64          `json:"containment,omitempty"`
	EffectiveSplits *float64          `json:"effective_splits,omitempty"`
	Flags           []Flag            `json:"flags,omitempty"`
	Vintages        map[string]string `json:"vintages"`
	Notes           []string          `json:"notes"`
}
