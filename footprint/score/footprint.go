package score

import (
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/nhs-footprint/footprint/geo/planar"
	"github.com/paulmach/orb"
)

// Footprint returns the score of one footprint, recomputing it if a move
// changed it. With geometry, compactness is computed too.
func (s *Scorer) Footprint(id string, geometry bool) (footprint.FootprintScore, bool) {
	f, ok := s.index[id]
	if !ok {
		return footprint.FootprintScore{}, false
	}
	return s.footprint(f, geometry), true
}

func (s *Scorer) footprint(f int32, geometry bool) footprint.FootprintScore {
	if s.dirty[f] {
		keep := s.cache[f]
		s.cache[f] = s.computeFootprint(f)
		if !s.geomDirty[f] {
			s.cache[f].Compactness = keep.Compactness
		}
		s.dirty[f] = false
	}
	if geometry && s.geomDirty[f] {
		s.cache[f].Compactness = s.compactness(f)
		s.geomDirty[f] = false
	}
	fs := s.cache[f]
	if !geometry {
		fs.Compactness = nil // report only what was asked for, whatever is cached
	}
	if c := fs.Compactness; c != nil {
		fs.PolsbyPopper, fs.Reock, fs.HullRatio, fs.AreaKm2 = &c.PolsbyPopper, &c.Reock, &c.HullRatio, &c.AreaKm2
	}
	return fs
}

func ptr(v float64) *float64 { return &v }

// computeFootprint measures footprint f afresh, all but its compactness.
func (s *Scorer) computeFootprint(f int32) footprint.FootprintScore {
	m := s.members[f]
	shares := make([]footprint.AreaShare, 0, 24)
	fs := footprint.FootprintScore{ID: s.ids[f], Name: s.name(f), LSOAs: len(m), Population: s.pop[f], NeedWeightedPopulation: float64(s.need[f]) / footprint.Micro,
		Wards: shares[0:0:8], MSOAs: shares[8:8:16], Boroughs: shares[16:16:19], ICBs: shares[19:19:21], Places: shares[21:21:24], HomePCNs: []string{}}
	sized := float64(fs.Population)
	if s.plan.Settings.NeedWeighted {
		sized = fs.NeedWeightedPopulation
	}
	fs.InBand = sized >= float64(s.plan.Settings.BandMin) && sized <= float64(s.plan.Settings.BandMax)
	if len(m) == 0 {
		return fs
	}
	s.contiguity(f, &fs)
	fs.EnclosedBy = s.enclosedBy(f)
	s.communities(f, &fs)
	s.alignment(f, &fs)
	s.deprivation(f, &fs)
	return fs
}

// contiguity counts footprint f's pieces on the rook graph restricted to
// it, and lists the LSOAs outside the most populous piece. One search
// settles the usual case of a single piece.
func (s *Scorer) contiguity(f int32, fs *footprint.FootprintScore) {
	a := s.a
	m := s.members[f]
	if s.reach(m[0], f) == len(m) {
		fs.Components = 1
		return
	}
	comps := s.componentsOf(m, func(u int32) bool { return s.assign[u] == f })
	fs.Components = len(comps)
	best := 0
	pops := make([]int64, len(comps))
	for i, c := range comps {
		for _, u := range c {
			pops[i] += int64(a.Units[u].Pop)
		}
		if pops[i] > pops[best] {
			best = i
		}
	}
	for i, c := range comps {
		if i != best {
			for _, u := range c {
				fs.Detached = append(fs.Detached, a.Units[u].Code)
			}
		}
	}
	slices.Sort(fs.Detached)
}

// communities lists the wards, MSOAs, boroughs, ICBs and places footprint
// f touches, with its ward and MSOA integrity: the share of its residents
// in areas it holds whole.
func (s *Scorer) communities(f int32, fs *footprint.FootprintScore) {
	a := s.a
	m := s.members[f]
	lists := [footprint.NumAreaKinds]*[]footprint.AreaShare{&fs.Wards, &fs.MSOAs, &fs.Boroughs, &fs.ICBs, &fs.Places}
	var wholePop [footprint.NumAreaKinds]int64
	var seen []int32
	for k := range footprint.NumAreaKinds {
		seen = seen[:0]
		for _, u := range m {
			ar := a.AreaOf(k, u)
			if ar < 0 || slices.Contains(seen, ar) {
				continue
			}
			seen = append(seen, ar)
			for _, p := range s.parts[k][ar] {
				if p.f != f {
					continue
				}
				sh := s.areaShare(k, ar, p)
				*lists[k] = append(*lists[k], sh)
				if sh.Whole {
					wholePop[k] += p.pop
				}
			}
		}
		sortShares(*lists[k])
	}
	// Integrity is undefined where the atlas has no such layer.
	if fs.Population > 0 && len(a.Wards) > 0 {
		fs.WardIntegrity = ptr(float64(wholePop[footprint.KindWard]) / float64(fs.Population))
	}
	if fs.Population > 0 && len(a.MSOAs) > 0 {
		fs.MSOAIntegrity = ptr(float64(wholePop[footprint.KindMSOA]) / float64(fs.Population))
	}
}

// areaShare describes part p of area ar of kind k.
func (s *Scorer) areaShare(k footprint.AreaKind, ar int32, p part) footprint.AreaShare {
	area := &s.a.AreaList(k)[ar]
	code, name := s.a.AreaCodeName(k, ar)
	share := 0.0
	if tot := area.Pop; tot > 0 {
		share = float64(p.pop) / float64(tot)
	}
	return footprint.AreaShare{Code: code, Name: name, Population: p.pop, Share: share, Whole: int(p.units) == len(area.Units)}
}

// alignment measures how footprint f lines up with PCNs: the PCNs homed
// in it, and its demand- and supply-side containment.
func (s *Scorer) alignment(f int32, fs *footprint.FootprintScore) {
	var homed, homedR, noPCN int64
	noPCN = s.reg[f]
	for p := range s.pr {
		noPCN -= s.pr[p][f]
		if s.home[p] == f {
			homed += s.pr[p][f]
			homedR += s.a.PCNRegistered(int32(p))
			fs.HomePCNs = append(fs.HomePCNs, s.a.PCNs[p].Code)
		}
	}
	fs.Registered = float64(s.reg[f]) / footprint.Micro
	fs.RegisteredNoPCN = float64(noPCN) / footprint.Micro
	if s.reg[f] > 0 {
		fs.DemandContainment = ptr(float64(homed) / float64(s.reg[f]))
	}
	if homedR > 0 {
		fs.SupplyContainment = ptr(float64(homed) / float64(homedR))
	}
}

// deprivation is the population-weighted mean IMD score of footprint f,
// and the share of its residents in national deciles 1 and 2.
func (s *Scorer) deprivation(f int32, fs *footprint.FootprintScore) {
	var wsum float64
	var d12, known int64
	for _, u := range s.members[f] {
		un := &s.a.Units[u]
		if !un.IMD.Known {
			continue
		}
		known += int64(un.Pop)
		wsum += float64(un.Pop) * un.IMD.Score
		if un.IMD.Decile <= 2 {
			d12 += int64(un.Pop)
		}
	}
	if known > 0 {
		fs.IMDMean = ptr(wsum / float64(known))
		fs.IMDD12Share = ptr(float64(d12) / float64(known))
	}
}

// sortShares orders area shares by residents, most first, then by code.
// The lists are short, so insertion sort.
func sortShares(list []footprint.AreaShare) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0; j-- {
			x, y := &list[j-1], &list[j]
			if x.Population > y.Population || (x.Population == y.Population && x.Code <= y.Code) {
				break
			}
			*x, *y = *y, *x
		}
	}
}

// reach counts the units of footprint f reachable from start.
func (s *Scorer) reach(start, f int32) int {
	return s.search.From(start, func(w int32) bool { return s.assign[w] == f }, nil)
}

// componentsOf returns the connected pieces of the units m (sorted) under
// the membership test in, each sorted, in order of their first unit.
func (s *Scorer) componentsOf(m []int32, in func(int32) bool) [][]int32 {
	seen := make([]bool, len(s.assign))
	return s.a.Graph().ComponentsOf(m, in, seen)
}

// enclosedBy returns the id of the single footprint surrounding f: every
// neighbour of f outside it belongs to that footprint and no unit of f
// lies on the region's edge or a river bank.
func (s *Scorer) enclosedBy(f int32) string {
	g := int32(-1)
	for _, u := range s.members[f] {
		if s.a.Units[u].ExteriorM > footprint.MinSharedBoundary {
			return ""
		}
		for _, list := range [][]int32{s.a.Graph().Neighbours(u), s.a.TouchGraph().Neighbours(u)} {
			for _, v := range list {
				h := s.assign[v]
				switch {
				case h == f:
				case h < 0:
					return ""
				case g < 0:
					g = h
				case g != h:
					return ""
				}
			}
		}
	}
	if g < 0 {
		return ""
	}
	return s.ids[g]
}

// compactness measures the dissolved footprint without dissolving: its
// area is the sum of its units', its perimeter theirs less twice the
// boundary they share, and its hull and bounding circle those of the
// units' hull vertices.
func (s *Scorer) compactness(f int32) *footprint.Compactness {
	m := s.members[f]
	if len(m) == 0 {
		return nil
	}
	a := s.a
	var area, perim, inner float64
	var pts []orb.Point
	for _, u := range m {
		un := &a.Units[u]
		area += un.AreaM2
		perim += un.PerimeterM
		pts = append(pts, un.Hull...)
		for _, g := range []*graph.Graph{a.Graph(), a.TouchGraph()} {
			ws := g.Weights(u)
			for k, v := range g.Neighbours(u) {
				if v > u && s.assign[v] == f {
					inner += ws[k]
				}
			}
		}
	}
	perim -= 2 * inner
	hull := planar.ConvexHull(pts)
	c := &footprint.Compactness{AreaKm2: area / 1e6, PerimeterKm: perim / 1e3}
	if perim > 0 {
		c.PolsbyPopper = 4 * math.Pi * area / (perim * perim)
	}
	if ha := planar.PolygonArea(hull); ha > 0 {
		c.HullRatio = area / ha
	}
	if ca := planar.MinimumBoundingCircle(hull).Area(); ca > 0 {
		c.Reock = area / ca
	}
	return c
}
