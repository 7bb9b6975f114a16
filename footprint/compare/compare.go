package compare

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// Input is a plan to compare, with the label the comparison shows.
type Input struct {
	Label string
	Plan  *footprint.Plan
}

// MaxPlans is the most plans one comparison holds.
const MaxPlans = 4

// matching says how residents moved are counted, wherever they are shown.
const matching = "Residents moved are counted by matching footprints one to one on the residents they share, largest overlaps first."

// Plans compares two to four plans over the same places. The first is the
// one the others are measured against.
func Plans(a *footprint.Atlas, in []Input) (*footprint.Comparison, error) {
	if len(in) < 2 || len(in) > MaxPlans {
		return nil, footprint.Errorf(footprint.EInvalid, "compare %d plans: give 2 to %d", len(in), MaxPlans)
	}
	scores := make([]*footprint.Score, len(in))
	in = slices.Clone(in)
	for i := range in {
		in[i].Plan = in[i].Plan.Clone() // scoring fills in a plan's places
		s, err := score.NewScorer(a, in[i].Plan)
		if err != nil {
			return nil, err
		}
		scores[i] = s.Score(true)
	}
	places := scores[0].Plan.Places
	for i, sc := range scores[1:] {
		if !slices.Equal(sc.Plan.Places, places) {
			return nil, footprint.Errorf(footprint.EInvalid, "compare plans over the same places: %s covers %s, but %s covers %s",
				in[0].Label, strings.Join(places, ", "), in[i+1].Label, strings.Join(sc.Plan.Places, ", "))
		}
	}
	c := &footprint.Comparison{Places: places}
	for i, sc := range scores {
		card := Scorecard(in[i].Label, sc)
		if i > 0 {
			card.MovedLSOAs, card.MovedResidents = Moved(a, in[0].Plan, in[i].Plan)
			c.Diffs = append(c.Diffs, diff(a, in[0], in[i]))
		}
		c.Plans = append(c.Plans, card)
	}
	c.PCNs = pcnStatuses(scores)
	return c, nil
}

// Scorecard sums up one plan's score, under a label.
func Scorecard(label string, sc *footprint.Score) footprint.Scorecard {
	ps := sc.Plan
	card := footprint.Scorecard{Label: label, Name: ps.Name, Footprints: ps.Footprints, InBand: ps.InBand, Contiguous: ps.Contiguous,
		PCNsAligned: ps.PCNStatus[footprint.PCNAligned], PCNsCrossBoundary: ps.PCNStatus[footprint.PCNCrossBoundary], PCNsRealign: ps.PCNStatus[footprint.PCNRealign],
		PCNContainmentMean: ps.PCNContainmentMean, FootprintContainmentMean: ps.FootprintContainmentMean,
		WardsSplit: ps.WardsSplit, MSOAsSplit: ps.MSOAsSplit, CutEdges: ps.CutEdges, Errors: ps.Flags[footprint.SeverityError]}
	var pp, imd []float64
	for _, f := range sc.Footprints {
		if f.PolsbyPopper != nil {
			pp = append(pp, *f.PolsbyPopper)
		}
		if f.IMDMean != nil {
			imd = append(imd, *f.IMDMean)
		}
	}
	if len(pp) > 0 {
		m, _ := meanSD(pp)
		card.PolsbyPopperMean = &m
	}
	if len(imd) > 0 {
		m, sd := meanSD(imd)
		card.IMDMean, card.IMDSpread = &m, &sd
	}
	return card
}

// meanSD is the mean and population standard deviation of xs.
func meanSD(xs []float64) (float64, float64) {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(xs)))
}

// diff lists where the residents of each footprint of base are in other,
// and the LSOAs that moved.
func diff(a *footprint.Atlas, base, other Input) footprint.PlanDiff {
	match := Match(a, base.Plan, other.Plan)
	type key struct{ f, t string }
	flows := map[key]*footprint.Flow{}
	d := footprint.PlanDiff{Label: other.Label, Flows: []footprint.Flow{}, Changed: []footprint.Changed{}, Matching: matching}
	for i := range a.Units {
		un := &a.Units[i]
		f, inBase := base.Plan.Assign[un.Code]
		t, inOther := other.Plan.Assign[un.Code]
		if !inBase && !inOther {
			continue
		}
		if f != "" {
			k := key{f, t}
			fl := flows[k]
			if fl == nil {
				fl = &footprint.Flow{From: f, FromName: base.Plan.FootprintName(f), To: t, Matched: t != "" && match[t] == f}
				if t != "" {
					fl.ToName = other.Plan.FootprintName(t)
				}
				flows[k] = fl
			}
			fl.LSOAs++
			fl.Residents += int64(un.Pop)
		}
		if t == "" || f == "" || match[t] != f {
			d.Changed = append(d.Changed, footprint.Changed{LSOA: un.Code, Residents: un.Pop, From: f, To: t})
		}
	}
	for _, fl := range flows {
		d.Flows = append(d.Flows, *fl)
	}
	slices.SortFunc(d.Flows, func(x, y footprint.Flow) int {
		if c := cmp.Compare(x.From, y.From); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Residents, x.Residents); c != 0 {
			return c
		}
		return cmp.Compare(x.To, y.To)
	})
	return d
}

// pcnStatuses lists each PCN's status in every plan, those whose status
// changes first, then by code. PCNs external in every plan are left out.
func pcnStatuses(scores []*footprint.Score) []footprint.PCNStatuses {
	var out []footprint.PCNStatuses
	for p := range scores[0].PCNs {
		row := footprint.PCNStatuses{Code: scores[0].PCNs[p].Code, Name: scores[0].PCNs[p].Name}
		external := true
		for _, sc := range scores {
			ps := sc.PCNs[p]
			row.Status = append(row.Status, ps.Status)
			row.Containment = append(row.Containment, ps.Containment)
			external = external && ps.Status == footprint.PCNExternal
			row.Changes = row.Changes || ps.Status != row.Status[0]
		}
		if !external {
			out = append(out, row)
		}
	}
	slices.SortStableFunc(out, func(x, y footprint.PCNStatuses) int {
		if x.Changes != y.Changes {
			if x.Changes {
				return -1
			}
			return 1
		}
		return cmp.Compare(x.Code, y.Code)
	})
	return out
}
