package design

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
)

// UnalignReason says why no footprint can align a PCN.
type UnalignReason string

// The reasons a PCN cannot be aligned, whatever the footprints.
const (
	// SitesInSeveralPlaces: its practice sites lie in more than one of the
	// places designed apart, and a footprint lies in one.
	SitesInSeveralPlaces UnalignReason = "sites-in-several-places"
	// TooSpread: too few of its patients live in its place for any
	// footprint there to hold the aligned share.
	TooSpread UnalignReason = "patients-too-spread"
	// TooBig: holding the aligned share of its patients takes more
	// residents than the band allows in one footprint.
	TooBig UnalignReason = "too-big-for-band"
)

// Unalignable is a PCN that needs re-alignment whatever the footprints,
// with the reason and the numbers. CanCross says whether it could still
// be cross-boundary: hold the re-align share with every site home.
type Unalignable struct {
	PCN      string        `json:"pcn"`
	Name     string        `json:"name"`
	Reason   UnalignReason `json:"reason"`
	Detail   string        `json:"detail"`
	CanCross bool          `json:"can_cross"`
}

// unalignable lists, per region code, the PCNs sited in the region that
// no footprint can align. Each reason is a proof: sites in places
// designed apart; fewer than the aligned share of patients in the
// region; or more residents needed to hold that share, taking the LSOAs
// densest in its patients first, than the band's maximum.
func unalignable(a *footprint.Atlas, set footprint.Settings, regions []region) map[string][]Unalignable {
	out := map[string][]Unalignable{}
	for _, r := range regions {
		in := make(map[int32]bool, len(r.units))
		for _, u := range r.units {
			in[u] = true
		}
		for _, p := range sitedIn(a, r, in) {
			if x, ok := whyUnaligned(a, set, r, in, p); ok {
				out[r.code] = append(out[r.code], x)
			}
		}
	}
	return out
}

// sitedIn is the PCNs with a practice site in the region, in code order.
func sitedIn(a *footprint.Atlas, r region, in map[int32]bool) []int32 {
	seen := map[int32]bool{}
	var ps []int32
	for _, u := range r.units {
		for _, q := range a.SitesIn(u) {
			if p := a.Practices[q].PCN; p >= 0 && !seen[p] {
				seen[p] = true
				ps = append(ps, p)
			}
		}
	}
	slices.SortFunc(ps, func(x, y int32) int { return cmp.Compare(a.PCNs[x].Code, a.PCNs[y].Code) })
	return ps
}

// whyUnaligned says why PCN p cannot be aligned in region r, if it
// cannot.
func whyUnaligned(a *footprint.Atlas, set footprint.Settings, r region, in map[int32]bool, p int32) (Unalignable, bool) {
	pcn := &a.PCNs[p]
	x := Unalignable{PCN: pcn.Code, Name: pcn.Name}
	R := a.PCNRegistered(p)
	if R <= 0 {
		return x, false
	}
	away := 0
	for _, q := range a.PCNSites(p) {
		if !in[a.Practices[q].Unit] {
			away++
		}
	}
	if away > 0 {
		x.Reason = SitesInSeveralPlaces
		x.Detail = fmt.Sprintf("%d of its %d practice sites are outside %s, and a footprint lies in one place", away, len(a.PCNSites(p)), r.name)
		return x, true
	}
	type lsoa struct {
		n   int64 // micro-patients of p
		pop int64
	}
	var ls []lsoa
	var here int64
	for _, u := range r.units {
		for _, c := range a.UnitPCNs(u) {
			if c.PCN == p {
				ls = append(ls, lsoa{c.N, int64(a.Units[u].Pop)})
				here += c.N
			}
		}
	}
	need := func(share float64) (int64, bool) {
		target := int64(share * float64(R))
		if here < target {
			return 0, false
		}
		var got, pop int64
		for _, l := range ls {
			if got >= target {
				break
			}
			got += l.n
			pop += l.pop
		}
		return pop, true
	}
	// Densest first: patients of p per resident.
	slices.SortFunc(ls, func(x, y lsoa) int { return cmp.Compare(y.n*max(x.pop, 1), x.n*max(y.pop, 1)) })
	pc := func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
	crossPop, crossOK := need(set.PCNRealign)
	x.CanCross = crossOK && crossPop <= set.BandMax
	alignPop, ok := need(set.PCNAligned)
	switch {
	case !ok:
		x.Reason = TooSpread
		x.Detail = fmt.Sprintf("%s of its patients live in %s, below the %s an aligned footprint must hold", pc(float64(here)/float64(R)), r.name, pc(set.PCNAligned))
	case alignPop > set.BandMax:
		x.Reason = TooBig
		x.Detail = fmt.Sprintf("holding %s of its %s patients takes at least %s residents, more than the band's %s", pc(set.PCNAligned),
			flags.Thousands(R/footprint.Micro), flags.Thousands(alignPop), flags.Thousands(set.BandMax))
	default:
		return x, false
	}
	return x, true
}
