package footprint

// Realignment is a PCN the plan asks to re-align: where its practices sit,
// where its patients live, and what re-aligning would take.
type Realignment struct {
	PCN         string  `json:"pcn"`
	Name        string  `json:"name"`
	Home        string  `json:"home"`
	HomeName    string  `json:"home_name"`
	Containment float64 `json:"containment"`
	Registered  float64 `json:"registered"`
	// Sites are its practices with the footprint each site lies in.
	Sites []SiteFootprint `json:"sites"`
	// Shares are the footprints holding its patients, most first.
	Shares []FootprintShare `json:"shares"`
	// AwayPractices are its practices sited outside the home footprint:
	// they would have to work with the network of the footprint they sit
	// in, or the PCN re-formed around the home footprint.
	AwayPractices []string `json:"away_practices"`
	// ToCrossBoundary and ToAligned are the patients that would have to
	// live in the home footprint for containment to reach the plan's
	// re-align and aligned thresholds; 0 where already reached.
	ToCrossBoundary float64 `json:"to_cross_boundary"`
	ToAligned       float64 `json:"to_aligned"`
	// Affected is the patients outside the home footprint.
	Affected float64 `json:"affected"`
	Action   string  `json:"action"`
}

// Arrangement is a cross-boundary arrangement the plan implies between a
// PCN's home footprint and another footprint holding many of its patients.
type Arrangement struct {
	PCN       string   `json:"pcn"`
	PCNName   string   `json:"pcn_name"`
	Home      string   `json:"home"`
	HomeName  string   `json:"home_name"`
	Other     string   `json:"other"`
	OtherName string   `json:"other_name"`
	Places    []string `json:"places"` // the places of the two footprints, where they differ
	// Patients are the PCN's patients living in the other footprint, the
	// residents the arrangement covers; HomePatients those in the home.
	Patients     float64  `json:"patients"`
	Share        float64  `json:"share"`
	HomePatients float64  `json:"home_patients"`
	Practices    []string `json:"practices"`
	Action       string   `json:"action"`
}

// Crossing is a footprint that crosses a place or ICB boundary, with its
// residents on each side.
type Crossing struct {
	Footprint string      `json:"footprint"`
	Name      string      `json:"name"`
	Kind      string      `json:"kind"` // "place" or "icb"
	Sides     []AreaShare `json:"sides"`
	// Affected is the residents outside the largest side.
	Affected int64  `json:"affected"`
	Action   string `json:"action"`
}

// Register lists every agreement a plan implies, for a board to approve
// line by line, each kind ranked by the patients or residents affected.
type Register struct {
	Plan         string            `json:"plan"`
	Realignments []Realignment     `json:"realignments"`
	Arrangements []Arrangement     `json:"arrangements"`
	Crossings    []Crossing        `json:"crossings"`
	Vintages     map[string]string `json:"vintages"`
}
