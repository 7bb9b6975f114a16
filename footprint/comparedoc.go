package footprint

// Scorecard is one plan's line in a comparison: how it stands at a glance.
type Scorecard struct {
	Label                    string  `json:"label"`
	Name                     string  `json:"name"`
	Footprints               int     `json:"footprints"`
	InBand                   int     `json:"in_band"`
	Contiguous               int     `json:"contiguous"`
	PCNsAligned              int     `json:"pcns_aligned"`
	PCNsCrossBoundary        int     `json:"pcns_cross_boundary"`
	PCNsRealign              int     `json:"pcns_realign"`
	PCNContainmentMean       float64 `json:"pcn_containment_mean"`
	FootprintContainmentMean float64 `json:"footprint_containment_mean"`
	WardsSplit               int     `json:"wards_split"`
	MSOAsSplit               int     `json:"msoas_split"`
	CutEdges                 int     `json:"cut_edges"`
	// MovedLSOAs and MovedResidents count what moved from the first plan,
	// by one-to-one matching of footprints on shared residents.
	MovedLSOAs     int   `json:"moved_lsoas"`
	MovedResidents int64 `json:"moved_residents"`
	// PolsbyPopperMean is the mean over footprints; null without geometry.
	PolsbyPopperMean *float64 `json:"polsby_popper_mean"`
	// IMDMean is the mean of the footprints' population-weighted IMD
	// scores, and IMDSpread their standard deviation: how unequal the
	// footprints are in deprivation.
	IMDMean   *float64 `json:"imd_mean"`
	IMDSpread *float64 `json:"imd_spread"`
	Errors    int      `json:"errors"`
}

// Flow is residents of a footprint of one plan who are in a footprint of
// another ("" when they are in none).
type Flow struct {
	From      string `json:"from"`
	FromName  string `json:"from_name"`
	To        string `json:"to"`
	ToName    string `json:"to_name"`
	LSOAs     int    `json:"lsoas"`
	Residents int64  `json:"residents"`
	// Matched is true when To is the footprint matched one to one with
	// From: these residents have not moved.
	Matched bool `json:"matched"`
}

// Changed is an LSOA whose footprint differs between the first plan and
// another, after matching.
type Changed struct {
	LSOA      string `json:"lsoa"`
	Residents int32  `json:"residents"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// PlanDiff is how one plan differs from the first.
type PlanDiff struct {
	Label    string    `json:"label"`
	Flows    []Flow    `json:"flows"`
	Changed  []Changed `json:"changed"`
	Matching string    `json:"matching"`
}

// PCNStatuses is one PCN's status and containment in each plan, in the
// comparison's order.
type PCNStatuses struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Status      []PCNStatus `json:"status"`
	Containment []float64   `json:"containment"`
	Changes     bool        `json:"changes"`
}

// Comparison is two to four plans over the same places side by side: the
// document `footprint compare --json` prints and GET /api/compare
// returns.
type Comparison struct {
	Places []string      `json:"places"`
	Plans  []Scorecard   `json:"plans"`
	Diffs  []PlanDiff    `json:"diffs"`
	PCNs   []PCNStatuses `json:"pcns"`
}
