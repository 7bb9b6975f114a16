package footprint

// FlagKind names a kind of problem with a plan.
type FlagKind string

// The flag kinds.
const (
	FlagPopulationOutOfBand FlagKind = "population_out_of_band"
	FlagNonContiguous       FlagKind = "non_contiguous"
	FlagUnassigned          FlagKind = "unassigned_lsoas"
	FlagCrossesPlace        FlagKind = "crosses_place"
	FlagCrossesICB          FlagKind = "crosses_icb"
	FlagSplitsWard          FlagKind = "splits_ward"
	FlagSplitsMSOA          FlagKind = "splits_msoa"
	FlagPCNRealign          FlagKind = "pcn_realign"
	FlagPCNCrossBoundary    FlagKind = "pcn_cross_boundary"
	FlagLowContainment      FlagKind = "low_containment"
)

// FlagKinds lists every kind, in the order flags are reported.
var FlagKinds = []FlagKind{FlagPopulationOutOfBand, FlagNonContiguous, FlagUnassigned, FlagCrossesICB, FlagCrossesPlace,
	FlagPCNRealign, FlagPCNCrossBoundary, FlagLowContainment, FlagSplitsWard, FlagSplitsMSOA}

// Severity says how much a flag matters.
type Severity string

// Severities, most severe first.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// DefaultSeverity is the severity of flags of kind k unless a plan's
// settings override it.
func (k FlagKind) DefaultSeverity() Severity {
	switch k {
	case FlagCrossesPlace, FlagSplitsWard, FlagPCNRealign, FlagPCNCrossBoundary, FlagLowContainment:
		return SeverityWarning
	case FlagSplitsMSOA:
		return SeverityInfo
	}
	return SeverityError
}

// SeverityOf returns the severity of flags of kind k under the settings.
func (s Settings) SeverityOf(k FlagKind) Severity {
	if o, ok := s.Severity[k]; ok {
		return o
	}
	return k.DefaultSeverity()
}

// SubjectKind says what a flag is about.
type SubjectKind string

// Subject kinds.
const (
	SubjectFootprint SubjectKind = "footprint"
	SubjectPCN       SubjectKind = "pcn"
	SubjectWard      SubjectKind = "ward"
	SubjectMSOA      SubjectKind = "msoa"
	SubjectLSOA      SubjectKind = "lsoa"
	SubjectPlan      SubjectKind = "plan"
)

// Subject is the thing a flag is about.
type Subject struct {
	Kind SubjectKind `json:"kind"`
	Code string      `json:"code"`
	Name string      `json:"name"`
}

// Flag is one problem with a plan, with the numbers behind it, a sentence
// for people and the action to take.
type Flag struct {
	Kind     FlagKind           `json:"kind"`
	Severity Severity           `json:"severity"`
	Subject  Subject            `json:"subject"`
	Numbers  map[string]float64 `json:"numbers"`
	// LSOAs are the units the flag points at, e.g. detached parts.
	LSOAs []string `json:"lsoas,omitempty"`
	// Affected is the residents (or, for PCNs, patients) the problem
	// touches: those to move, detached, outside the home footprint. Flags
	// of a kind are ordered by it, largest first.
	Affected float64 `json:"affected"`
	Message  string  `json:"message"`
	Action   string  `json:"action"`
}

// Rank orders severities for sorting: errors first.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}
