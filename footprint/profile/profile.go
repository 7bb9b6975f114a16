package footprint

import (
	"cmp"
	"math"
	"slices"

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

// Profiles profiles every footprint of the plan, in id order.
func (s *Scorer) Profiles() *ProfileDoc {
	a := s.a
	doc := &ProfileDoc{Plan: s.plan.Name, Vintages: a.vintages(), Profiles: make([]Profile, 0, len(s.ids)),
		Notes: []string{
			"Segments sum Census 2021 TS007B broad age bands; their edges are fixed by the Census: working age is 20-64 and children and young people 0-19.",
			"Need-weighted population: residents × exp(0.25 × IMD 2025 health deprivation and disability score), scaled so the atlas total equals its Census total.",
			"Distances are straight lines on British National Grid from ONS population-weighted LSOA centroids to practice postcodes.",
		}}
	for _, f := range s.footprintOrder() {
		doc.Profiles = append(doc.Profiles, s.profile(f))
	}
	return doc
}

func (s *Scorer) profile(f int32) Profile {
	a := s.a
	m := s.members[f]
	p := Profile{ID: s.ids[f], Name: s.name(f), Population: s.pop[f], NeedWeightedPopulation: float64(s.need[f]) / micro,
		Segments: make([]Segment, len(segments)), Domains: make([]DomainScore, NumIMDDomains), Practices: []SitePractice{}, Hubs: []Hub{}}
	var ages [NumAgeBands]int64
	var wsum float64
	var dsum [NumIMDDomains]float64
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
			ref := &LSOARef{Code: un.Code, Name: un.Name, Score: un.IMD.Score, Decile: un.IMD.Decile}
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
		p.Segments[i] = Segment{Key: sg.key, Label: sg.label, Bands: sg.bands, Residents: n}
		if p.Population > 0 {
			p.Segments[i].Share = float64(n) / float64(p.Population)
		}
	}
	for k := range p.Domains {
		p.Domains[k].Domain = IMDDomainNames[k]
		if known > 0 {
			p.Domains[k].Mean = dsum[k] / float64(known)
		}
	}
	if known > 0 {
		p.IMDMean = ptr(wsum / float64(known))
		p.IMDD12Share = ptr(float64(d12) / float64(known))
	}
	// Capacity: practices sited here, and who is registered where.
	var sites []int32
	for _, u := range m {
		for _, q := range a.score.sitesIn[u] {
			sites = append(sites, q)
		}
	}
	slices.SortFunc(sites, func(x, y int32) int { return cmp.Compare(a.Practices[x].Code, a.Practices[y].Code) })
	inside := map[int32]bool{}
	for _, q := range sites {
		pr := &a.Practices[q]
		sp := SitePractice{Code: pr.Code, Name: pr.Name, PCN: pr.PCNCode}
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
				regInside += toMicro(n)
			}
		})
	}
	p.Registered = float64(s.reg[f]) / micro
	if p.Population > 0 {
		p.ListInflation = ptr(p.Registered / float64(p.Population))
		p.ListPerResident = ptr(float64(p.ListSize) / float64(p.Population))
	}
	if s.reg[f] > 0 {
		p.RegisteredInside = ptr(float64(regInside) / float64(s.reg[f]))
	}
	// Access: nearest site, and the best hubs.
	if len(sites) > 0 && p.Population > 0 {
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
			p.Hubs = append(p.Hubs, Hub{Practice: a.Practices[q].Code, Name: a.Practices[q].Name, MeanDistanceM: hub[i] / float64(p.Population)})
		}
		// Ties go to the lower practice code: sites are in code order and
		// the sort is stable.
		slices.SortStableFunc(p.Hubs, func(x, y Hub) int { return cmp.Compare(x.MeanDistanceM, y.MeanDistanceM) })
		p.Hubs = p.Hubs[:min(3, len(p.Hubs))]
	}
	return p
}
