package design

import "github.com/nhs-footprint/footprint/footprint"

// Weights weigh the soft objective of design. The objective of a place
// is a sum of terms, each in plain units, so a weight reads as an
// exchange rate between them: with the defaults one more aligned PCN is
// worth as much as about four fewer wards split in the balanced option.
//
// Per PCN with patients in the place, with containment c (the share of
// its patients living in its home footprint, the footprint holding most
// of them) and its practice sites all in its home footprint or not:
//   - Aligned when c reaches the aligned threshold (0.75) with every
//     site home, or Cross when c reaches the re-align threshold (0.5)
//     with every site home;
//   - Containment × c, plus Reach × the progress of c over the 0.15
//     below each threshold, for a PCN whose sites can all be home: the
//     slope that leads a search up to the thresholds;
//   - Sites × the share of its sites in its home footprint.
//
// Per footprint: Compact × its Polsby-Popper score, less Floor × how far
// that falls below MinPolsbyPopper. Per ward or MSOA split: Ward or MSOA
// taken away. Per 10,000 residents in an LSOA no longer in the footprint
// it started in (from-pcn and repair): Moved taken away.
type Weights struct {
	Aligned     float64 `json:"aligned"`
	Cross       float64 `json:"cross"`
	Containment float64 `json:"containment"`
	Reach       float64 `json:"reach"`
	Sites       float64 `json:"sites"`
	Ward        float64 `json:"ward"`
	MSOA        float64 `json:"msoa"`
	Compact     float64 `json:"compact"`
	Floor       float64 `json:"floor"`
	Moved       float64 `json:"moved"`
	// Grow is the cost of each 10,000 residents a kept footprint takes in
	// (from-pcn and repair), on top of Moved: a kept catchment grows only
	// where that brings a PCN to a threshold.
	Grow float64 `json:"grow"`
}

// MinPolsbyPopper is the Polsby-Popper score below which a footprint is
// penalised by the Floor weight: shapes thinner than this are tendrils
// no planner would accept.
const MinPolsbyPopper = 0.14

// reachSpan is the span of containment below each threshold over which
// the Reach weight rises.
const reachSpan = 0.15

// Option names a point on the trade-off between PCN alignment and whole
// communities that Propose offers.
type Option string

// The options Propose returns, in this order.
const (
	// AlignmentFirst keeps as many PCNs aligned or cross-boundary as it
	// can, whatever it costs in split wards.
	AlignmentFirst Option = "alignment-first"
	// Balanced keeps most of the alignment and gives back whole wards and
	// compact shapes: the default.
	Balanced Option = "balanced"
	// CommunitiesFirst keeps wards and MSOAs whole first and aligns PCNs
	// where that costs little.
	CommunitiesFirst Option = "communities-first"
)

// AllOptions lists the options in the order Propose returns them.
func AllOptions() []Option { return []Option{AlignmentFirst, Balanced, CommunitiesFirst} }

// OptionWeights returns the default weights of an option.
//
// The reasoning: a PCN's status is what a commissioner acts on, so
// reaching a threshold is worth most (Aligned 1.5, Cross 0.6), and Reach
// (0.6 over 0.15 of containment, a slope of 4) leads the search there.
// Containment then rewards every patient kept home, and Sites (0.2) each
// practice site in its home footprint. Compactness (per unit of
// Polsby-Popper) weighs shapes against these, and Floor (20) makes a
// footprint thinner than MinPolsbyPopper a last resort.
//
//   - Alignment first: a split ward costs 0.01, an MSOA 0.0025,
//     Containment 1, Compact 0.5: whole communities hardly count.
//   - Balanced: a split ward costs 0.4, about a quarter of an aligned
//     PCN; Containment 3 and Compact 2, so that mean containment and
//     shape hold up while wards are mended; it searches three times as
//     long, starting where alignment first ended.
//   - Communities first: a split ward costs 1 and an MSOA 0.25, with
//     Aligned 3 and Cross 1.5, so a PCN reaching its threshold is worth
//     about three wards; it keeps, place by place, the better of a fresh
//     partition along ward boundaries and the balanced plan.
//
// These were tuned on London with seed 1 against the bar of issue 14.
func OptionWeights(o Option) Weights {
	w := Weights{Aligned: 1.5, Cross: 0.6, Containment: 1, Reach: 0.6, Sites: 0.2, Ward: 0.25, MSOA: 0.02, Compact: 1, Floor: 20}
	switch o {
	case AlignmentFirst:
		w.Ward, w.MSOA, w.Compact = 0.01, 0.0025, 0.5
	case CommunitiesFirst:
		w.Ward, w.MSOA, w.Aligned, w.Cross, w.Reach = 1, 0.25, 3, 1.5, 0.6
	case Balanced:
		w.Ward, w.Containment, w.Compact = 0.4, 3, 2
	}
	return w
}

// DefaultWeights returns the default weights: those of the balanced
// option.
func DefaultWeights() Weights { return OptionWeights(Balanced) }

// FromPCNWeights returns the default weights of from-pcn and repair. They
// start from the balanced weights and differ where keeping what works
// changes the trade-off:
//   - each 10,000 residents moved costs 1.5 (Moved), and each 10,000 a
//     kept footprint takes in 3 more (Grow): an LSOA of 1,700 residents
//     joins a kept catchment only for about a PCN reaching a threshold;
//   - an aligned PCN is worth 2.5, since the kept catchments leave less
//     room to reach the threshold and each one reached counts;
//   - a split ward costs 0.1: the catchments already split 400 London
//     wards, and mending them all would move far more residents;
//   - Floor is 100, so no footprint is left thinner than MinPolsbyPopper
//     for a threshold's sake.
//
// These were tuned on London with seed 1 against the bar of issue 14.
func FromPCNWeights() Weights {
	w := OptionWeights(Balanced)
	w.Moved, w.Grow, w.Aligned, w.Ward, w.Floor = 1.5, 3, 2.5, 0.1, 100
	return w
}

// Validate checks that every weight is a finite number, not negative.
func (w Weights) Validate() error {
	for _, x := range []struct {
		name string
		v    float64
	}{{"aligned", w.Aligned}, {"cross", w.Cross}, {"containment", w.Containment}, {"reach", w.Reach}, {"sites", w.Sites},
		{"ward", w.Ward}, {"msoa", w.MSOA}, {"compact", w.Compact}, {"floor", w.Floor}, {"moved", w.Moved}, {"grow", w.Grow}} {
		if !(x.v >= 0 && x.v <= 1e6) {
			return footprint.Errorf(footprint.EInvalid, "weight %s is %v: want a number from 0 to 1,000,000", x.name, x.v)
		}
	}
	return nil
}

// ParseOption reads an option name.
func ParseOption(s string) (Option, error) {
	for _, o := range AllOptions() {
		if string(o) == s {
			return o, nil
		}
	}
	return "", footprint.Errorf(footprint.EInvalid, "unknown design option %q: use alignment-first, balanced or communities-first", s)
}

// String is the option's name.
func (o Option) String() string { return string(o) }

// Title is the option's name as a heading.
func (o Option) Title() string {
	switch o {
	case AlignmentFirst:
		return "Alignment first"
	case CommunitiesFirst:
		return "Communities first"
	}
	return "Balanced"
}
