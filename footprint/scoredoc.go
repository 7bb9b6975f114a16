package footprint

// PCNStatus says what a PCN needs, given the plan.
type PCNStatus string

// PCN statuses.
const (
	PCNAligned       PCNStatus = "aligned"
	PCNCrossBoundary PCNStatus = "cross_boundary"
	PCNRealign       PCNStatus = "realign"
	PCNExternal      PCNStatus = "external"
)

// SiteFootprint is a practice site and the footprint it lies in ("" if
// its LSOA is unassigned).
type SiteFootprint struct {
	Practice  string `json:"practice"`
	Name      string `json:"name"`
	LSOA      string `json:"lsoa"`
	Footprint string `json:"footprint"`
}

// FootprintShare is a footprint holding some of a PCN's patients.
type FootprintShare struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Patients float64 `json:"patients"`
	Share    float64 `json:"share"`
}

// PCNScore is how a PCN lines up with the plan.
type PCNScore struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Home is h(p), the footprint holding most of its patients.
	Home string `json:"home"`
	// Containment is c(p) = r(p, h(p)) / R(p).
	Containment float64 `json:"containment"`
	// EffectiveSplits is 1/Σ(r(p,f)/R(p))² − 1; null when none of its
	// patients live in a footprint.
	EffectiveSplits *float64 `json:"effective_splits"`
	// Registered is R(p), all its patients, wherever they live; of them,
	// OutsideRegion live outside the atlas region or have no usable LSOA.
	Registered     float64          `json:"registered"`
	OutsideRegion  float64          `json:"outside_region"`
	SiteFootprints []SiteFootprint  `json:"site_footprints"`
	Significant    []FootprintShare `json:"significant_footprints"`
	Status         PCNStatus        `json:"status"`
}

// PlanScore sums up a plan.
type PlanScore struct {
	Name                 string   `json:"name"`
	Places               []string `json:"places"`
	BandMin              int64    `json:"band_min"`
	BandMax              int64    `json:"band_max"`
	Footprints           int      `json:"footprints"`
	Population           int64    `json:"population"`
	InBand               int      `json:"in_band"`
	Contiguous           int      `json:"contiguous"`
	ScopeLSOAs           int      `json:"scope_lsoas"`
	Unassigned           int      `json:"unassigned"`
	UnassignedPopulation int64    `json:"unassigned_population"`
	WardsSplit           int      `json:"wards_split"`
	WardEffectiveSplits  float64  `json:"ward_effective_splits"`
	MSOAsSplit           int      `json:"msoas_split"`
	MSOAEffectiveSplits  float64  `json:"msoa_effective_splits"`
	CutEdges             int      `json:"cut_edges"`
	// Containment over the PCNs that are not external, and over the
	// footprints with registered residents.
	PCNContainmentMean       float64           `json:"pcn_containment_mean"`
	PCNContainmentMin        float64           `json:"pcn_containment_min"`
	FootprintContainmentMean float64           `json:"footprint_containment_mean"`
	FootprintContainmentMin  float64           `json:"footprint_containment_min"`
	PCNStatus                map[PCNStatus]int `json:"pcn_status"`
	Flags                    map[Severity]int  `json:"flags"`
	Vintages                 map[string]string `json:"vintages"`
}

// Score is the whole scoring of a plan: the document `footprint score
// --json` prints and GET /api/plans/{id}/scores returns. Its keys are a
// contract.
type Score struct {
	Plan       PlanScore        `json:"plan"`
	Footprints []FootprintScore `json:"footprints"`
	PCNs       []PCNScore       `json:"pcns"`
	Flags      []Flag           `json:"flags"`
}

// AreaShare is an area touched by a footprint, with the residents of the
// area inside the footprint and their share of the area's residents.
type AreaShare struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Population int64   `json:"population"`
	Share      float64 `json:"share"`
	Whole      bool    `json:"whole"`
}

// Compactness of a dissolved footprint, on British National Grid.
type Compactness struct {
	AreaKm2      float64 `json:"area_km2"`
	PerimeterKm  float64 `json:"perimeter_km"`
	PolsbyPopper float64 `json:"polsby_popper"`
	Reock        float64 `json:"reock"`
	HullRatio    float64 `json:"hull_ratio"`
}

// FootprintScore is everything measured of one footprint.
type FootprintScore struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LSOAs      int    `json:"lsoas"`
	Population int64  `json:"population"`
	// NeedWeightedPopulation is residents weighted by health need; with
	// the need_weighted setting the band applies to it.
	NeedWeightedPopulation float64 `json:"need_weighted_population"`
	InBand                 bool    `json:"in_band"`
	Components             int     `json:"components"`
	// Detached lists the LSOAs outside the most populous component.
	Detached []string `json:"detached,omitempty"`
	// EnclosedBy is the one footprint that wholly surrounds this one.
	EnclosedBy  string       `json:"enclosed_by,omitempty"`
	Compactness *Compactness `json:"-"`
	// PolsbyPopper, Reock and HullRatio are null until geometry is scored.
	PolsbyPopper  *float64    `json:"polsby_popper"`
	Reock         *float64    `json:"reock"`
	HullRatio     *float64    `json:"hull_ratio"`
	AreaKm2       *float64    `json:"area_km2"`
	WardIntegrity *float64    `json:"ward_integrity"`
	MSOAIntegrity *float64    `json:"msoa_integrity"`
	Wards         []AreaShare `json:"wards"`
	MSOAs         []AreaShare `json:"msoas"`
	Boroughs      []AreaShare `json:"boroughs"`
	ICBs          []AreaShare `json:"icbs"`
	Places        []AreaShare `json:"places"`
	// Registered residents of the footprint, with any practice; of them,
	// those with practices in no current PCN.
	Registered        float64  `json:"registered"`
	RegisteredNoPCN   float64  `json:"registered_no_pcn"`
	HomePCNs          []string `json:"home_pcns"`
	DemandContainment *float64 `json:"demand_containment"`
	SupplyContainment *float64 `json:"supply_containment"`
	IMDMean           *float64 `json:"imd_mean"`
	IMDD12Share       *float64 `json:"imd_d12_share"`
	Flags             int      `json:"flags"`
}

// Stranger is a PCN homed outside a footprint that registers some of its
// residents.
type Stranger struct {
	PCN       string // the PCN's name
	Residents int64  // the footprint's residents registered with it
	Home      string // the name of the footprint it is homed in, "" if none
}

// Piece is the part of a ward or MSOA inside one footprint.
type Piece struct {
	Footprint string // the footprint's id
	Name      string // the footprint's name
	Residents int64
}
