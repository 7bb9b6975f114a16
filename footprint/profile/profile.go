// Package profile profiles each footprint of a plan: who lives there by
// age segment, their deprivation and need, the practices sited there and
// their capacity, and how far residents are from them.
package profile

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/paulmach/orb"
)

// segments are the priority cohorts of the London operating model, built
// from the fixed TS007B bands (indexes into Unit.Ages).
var segments = []struct {
	key, label, bands string
	first, last       int
}{
	{"age_0_4", "Babies and young children, 0-4", "0-4", 0, 0},
	{"cyp_0_19", "Children and young people, 0-19", "0-4, 5-9, 10-15, 16-19", 0, 3},
	{"working_20_64", "Working age, 20-64", "20-24, 25-34, 35-49, 50-64", 4, 7},
	{"older_65", "Older people, 65+", "65-74, 75-84, 85+", 8, 10},
	{"older_85", "Older people, 85+", "85+", 10, 10},
}

// Plan profiles every footprint of the scorer's plan, in id order.
func Plan(s *score.Scorer) *footprint.ProfileDoc {
	a := s.Atlas()
	ids := s.Footprints()
	doc := &footprint.ProfileDoc{Plan: s.Plan().Name, Vintages: a.Vintages(), Profiles: make([]footprint.Profile, 0, len(ids)),
		Notes: []string{
			"Segments sum Census 2021 TS007B broad age bands; their edges are fixed by the Census: working age is 20-64 and children and young people 0-19.",
			fmt.Sprintf("Need-weighted population: residents × exp(%g × IMD %s health deprivation and disability score), scaled so the atlas total equals its Census total.", footprint.NeedWeightBeta, a.AsOf("imd")),
			"Distances are straight lines on British National Grid from ONS population-weighted LSOA centroids to practice postcodes.",
		}}
	for _, id := range ids {
		doc.Profiles = append(doc.Profiles, footprintProfile(s, id))
	}
	return doc
}

// footprintProfile profiles one footprint.
func footprintProfile(s *score.Scorer, id string) footprint.Profile {
	a := s.Atlas()
	m := s.Members(id)
	t := s.Totals(id)
	p := footprint.Profile{ID: id, Name: s.FootprintName(id), Population: t.Residents, NeedWeightedPopulation: float64(t.NeedMicro) / footprint.Micro,
		Segments: make([]footprint.Segment, len(segments)), Domains: make([]footprint.DomainScore, footprint.NumIMDDomains), Practices: []footprint.SitePractice{}, Hubs: []footprint.Hub{}}
	people(a, m, &p)
	sites := capacity(a, m, t, &p)
	if len(sites) > 0 && p.Population > 0 {
		access(a, m, sites, &p)
	}
	return p
}

// people profiles the residents of units m: their age segments and
// deprivation.
func people(a *footprint.Atlas, m []int32, p *footprint.Profile) {
	var ages [footprint.NumAgeBands]int64
	var wsum float64
	var dsum [footprint.NumIMDDomains]float64
	var known, d12 int64
	for _, u := range m {
		un := &a.Units[u]
		for k, n := range un.Ages {
			ages[k] += int64(n)
		}
		if un.IMD.Known {
			known += int64(un.Pop)
			wsum += float64(un.Pop) * un.IMD.Score
			for k, d := range un.IMD.Domains {
				dsum[k] += float64(un.Pop) * d
			}
			if un.IMD.Decile <= 2 {
				d12 += int64(un.Pop)
			}
			ref := &footprint.LSOARef{Code: un.Code, Name: un.Name, Score: un.IMD.Score, Decile: un.IMD.Decile}
			if p.MostDeprived == nil || un.IMD.Score > p.MostDeprived.Score {
				p.MostDeprived = ref
			}
			if p.LeastDeprived == nil || un.IMD.Score < p.LeastDeprived.Score {
				p.LeastDeprived = ref
			}
		}
	}
	for i, sg := range segments {
		var n int64
		for k := sg.first; k <= sg.last; k++ {
			n += ages[k]
		}
		p.Segments[i] = footprint.Segment{Key: sg.key, Label: sg.label, Bands: sg.bands, Residents: n}
		if p.Population > 0 {
			p.Segments[i].Share = float64(n) / float64(p.Population)
		}
	}
	for k := range p.Domains {
		p.Domains[k].Domain = footprint.IMDDomainNames[k]
		if known > 0 {
			p.Domains[k].Mean = dsum[k] / float64(known)
		}
	}
	if known > 0 {
		p.IMDMean = ptr(wsum / float64(known))
		p.IMDD12Share = ptr(float64(d12) / float64(known))
	}
}

// capacity lists the practices sited in units m, in code order, with
// their list sizes and the share of residents registered with them. It
// returns the sites.
func capacity(a *footprint.Atlas, m []int32, t score.Totals, p *footprint.Profile) []int32 {
	var sites []int32
	for _, u := range m {
		sites = append(sites, a.SitesIn(u)...)
	}
	slices.SortFunc(sites, func(x, y int32) int { return cmp.Compare(a.Practices[x].Code, a.Practices[y].Code) })
	inside := map[int32]bool{}
	for _, q := range sites {
		pr := &a.Practices[q]
		sp := footprint.SitePractice{Code: pr.Code, Name: pr.Name, PCN: pr.PCNCode}
		if pr.ListSizeKnown {
			ls := pr.ListSize
			sp.ListSize = &ls
			p.ListSize += int64(ls)
		}
		p.Practices = append(p.Practices, sp)
		inside[q] = true
	}
	var regInside int64
	for _, u := range m {
		a.UnitPatients(u, func(q int32, n float64) {
			if inside[q] {
				regInside += footprint.ToMicro(n)
			}
		})
	}
	p.Registered = float64(t.RegisteredMicro) / footprint.Micro
	if p.Population > 0 {
		p.ListInflation = ptr(p.Registered / float64(p.Population))
		p.ListPerResident = ptr(float64(p.ListSize) / float64(p.Population))
	}
	if t.RegisteredMicro > 0 {
		p.RegisteredInside = ptr(float64(regInside) / float64(t.RegisteredMicro))
	}
	return sites
}

// access measures the distance from the residents of units m to the
// sites: the population-weighted mean to the nearest, and the three best
// hubs.
func access(a *footprint.Atlas, m []int32, sites []int32, p *footprint.Profile) {
	locs := make([]orb.Point, len(sites))
	for i, q := range sites {
		locs[i] = a.Practices[q].LocBNG
	}
	var near float64
	hub := make([]float64, len(sites))
	for _, u := range m {
		un := &a.Units[u]
		best := math.Inf(1)
		for i, l := range locs {
			d := math.Hypot(un.CentroidBNG[0]-l[0], un.CentroidBNG[1]-l[1])
			best = min(best, d)
			hub[i] += float64(un.Pop) * d
		}
		near += float64(un.Pop) * best
	}
	p.MeanDistanceM = ptr(near / float64(p.Population))
	for i, q := range sites {
		p.Hubs = append(p.Hubs, footprint.Hub{Practice: a.Practices[q].Code, Name: a.Practices[q].Name, MeanDistanceM: hub[i] / float64(p.Population)})
	}
	// Ties go to the lower practice code: sites are in code order and
	// the sort is stable.
	slices.SortStableFunc(p.Hubs, func(x, y footprint.Hub) int { return cmp.Compare(x.MeanDistanceM, y.MeanDistanceM) })
	p.Hubs = p.Hubs[:min(3, len(p.Hubs))]
}

func ptr(v float64) *float64 { return &v }

// SegmentKeys returns the keys of the population segments, in the order
// of Profile.Segments.
func SegmentKeys() []string {
	keys := make([]string, len(segments))
	for i, s := range segments {
		keys[i] = s.key
	}
	return keys
}
