package footprint

// Segment is a population segment: residents in some Census 2021 age
// bands.
type Segment struct {
	Key       string  `json:"key"`
	Label     string  `json:"label"`
	Bands     string  `json:"bands"` // the Census bands summed
	Residents int64   `json:"residents"`
	Share     float64 `json:"share"`
}

// DomainScore is a population-weighted mean IMD domain score.
type DomainScore struct {
	Domain string  `json:"domain"`
	Mean   float64 `json:"mean"`
}

// LSOARef names an LSOA with its IMD.
type LSOARef struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Score  float64 `json:"imd_score"`
	Decile int8    `json:"imd_decile"`
}

// SitePractice is a practice sited in a footprint.
type SitePractice struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	PCN      string `json:"pcn"`
	ListSize *int32 `json:"list_size"`
}

// Hub is a practice site as a hub candidate: the population-weighted mean
// straight-line distance from the footprint's residents to it.
type Hub struct {
	Practice      string  `json:"practice"`
	Name          string  `json:"name"`
	MeanDistanceM float64 `json:"mean_distance_m"`
}

// Profile is who lives in a footprint, what they need and what is there to
// serve them.
type Profile struct {
	ID                     string         `json:"id"`
	Name                   string         `json:"name"`
	Population             int64          `json:"population"`
	NeedWeightedPopulation float64        `json:"need_weighted_population"`
	Segments               []Segment      `json:"segments"`
	IMDMean                *float64       `json:"imd_mean"`
	IMDD12Share            *float64       `json:"imd_d12_share"`
	Domains                []DomainScore  `json:"domains"`
	MostDeprived           *LSOARef       `json:"most_deprived"`
	LeastDeprived          *LSOARef       `json:"least_deprived"`
	Practices              []SitePractice `json:"practices"`
	ListSize               int64          `json:"list_size"`
	// Registered is residents registered with any practice (July 2022);
	// ListInflation is that over Census residents.
	Registered    float64  `json:"registered"`
	ListInflation *float64 `json:"list_inflation"`
	// ListPerResident is the sited practices' list sizes over residents.
	ListPerResident *float64 `json:"list_per_resident"`
	// RegisteredInside is the share of registered residents whose practice
	// is sited in the footprint.
	RegisteredInside *float64 `json:"registered_inside"`
	// MeanDistanceM is the population-weighted mean distance from each
	// LSOA's population-weighted centroid to its nearest practice site in
	// the footprint; null with no site.
	MeanDistanceM *float64 `json:"mean_distance_m"`
	Hubs          []Hub    `json:"hubs"`
}

// ProfileDoc is every footprint's profile, with the data behind them.
type ProfileDoc struct {
	Plan     string            `json:"plan"`
	Profiles []Profile         `json:"profiles"`
	Notes    []string          `json:"notes"`
	Vintages map[string]string `json:"vintages"`
}
