package footprint

// Summary is the short description of an atlas that import prints and
// `footprint atlas` and GET /api/atlas return. Its JSON keys are a contract.
type Summary struct {
	Name          string             `json:"name"`
	Region        string             `json:"region"`
	Units         int                `json:"units"`
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
