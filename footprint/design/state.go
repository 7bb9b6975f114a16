package design

import (
	"math"
	"slices"
)

// state is the search state of one region: dense integer counts, so a
// move's change in the objective is computed exactly from the counts it
// touches, and the objective of the counts equals the objective computed
// afresh (see total).
type state struct {
	d      *designer
	w      Weights
	k      int     // footprints
	units  []int32 // the region's assigned units
	assign []int32 // per atlas unit: footprint, or -1
	origin []int32 // per atlas unit: footprint at the start, or -1
	size   []int64 // per footprint: residents, or need-weighted residents
	nUnits []int32
	noOut  []bool  // locked, or kept: none of its own LSOAs moves out (see pinned)
	cap    []int64 // the most a footprint may hold: the band's maximum, less for kept, 0 for locked
	chains bool    // greedy tries two moves at once where one alone leaves the band (see chainMove)
	rank   []int32 // per footprint: the rank of its id, for ties
	// PCNs: local index per atlas PCN (-1: none), and per local PCN its
	// registered patients, patients by footprint, sites by footprint.
	pcnLocal []int32
	pcnR     []int64
	pr       []int64 // local PCN × footprint
	sites    []int32 // local PCN × footprint
	nSites   []int32 // sites in the region
	siteOK   []bool  // every site of the PCN is in the region
	pcnVal   []float64
	home     []int32      // per local PCN: its home footprint, or -1
	touch    [][]touchPCN // per region unit (by position): the PCNs a move changes
	pos      []int32      // per atlas unit: position in units, or -1
	// Wards and MSOAs: local index per unit, counts of units by footprint.
	wardOf, msoaOf []int32
	wardCnt        []int32
	msoaCnt        []int32
	wardParts      []int32 // per ward: footprints holding any of it
	msoaParts      []int32
	splitsW        int // wards in more than one footprint, as the scorer counts
	splitsM        int
	// Compactness: area in m² and perimeter in mm, exact integers.
	area, perim []int64
	uArea       []int64
	uPerim      []int64
	nbr         [][]edgeMM // per position: neighbours in either graph, shared mm
	fpVal       []float64
	// search scratch for contiguity.
	mark  []uint32
	stamp uint32
	queue []int32
	steps int
}

// touchPCN is a PCN a unit's move changes: its patients there and its
// sites there.
type touchPCN struct {
	p     int32
	n     int64
	sites int32
}

// edgeMM is a neighbour and the boundary shared with it in millimetres.
type edgeMM struct {
	v  int32
	mm int64
}

// newState builds the search state from the designer's assignment. A
// locked footprint never changes. A kept one never loses an LSOA of its
// own (see pinned), but may take some in, up to a quarter more than its
// start holds (see keptCaps), each at the cost of Grow, so that it can
// still bring a PCN to its threshold.
func newState(d *designer, w Weights, kept []bool, origin map[int32]int32) *state {
	a := d.a
	n := len(a.Units)
	s := &state{d: d, w: w, k: len(d.fpID), assign: make([]int32, n), origin: make([]int32, n), pos: make([]int32, n)}
	for i := range s.assign {
		s.assign[i], s.origin[i], s.pos[i] = -1, -1, -1
	}
	s.size = make([]int64, s.k)
	s.nUnits = make([]int32, s.k)
	s.noOut = make([]bool, s.k)
	for f := range s.k {
		s.noOut[f] = d.locked[f] || (kept != nil && kept[f])
	}
	s.cap = keptCaps(d, s.noOut, origin)
	s.rank = idRanks(d.fpID)
	for _, u := range d.reg.units {
		if f, ok := d.assign[u]; ok {
			s.pos[u] = int32(len(s.units))
			s.units = append(s.units, u)
			s.assign[u] = f
			s.size[f] += d.size[u]
			s.nUnits[f]++
		}
		if f, ok := origin[u]; ok {
			s.origin[u] = f
		}
	}
	s.buildPCNs()
	s.buildAreas()
	s.buildShapes()
	s.mark = make([]uint32, n)
	return s
}

// keptCaps is the most each footprint may hold: nothing more if locked;
// if kept, the residents of its start (its LSOAs of origin, or all it
// holds without an origin) and a quarter more, within the band; else the
// band's maximum.
func keptCaps(d *designer, kept []bool, origin map[int32]int32) []int64 {
	caps := make([]int64, len(d.fpID))
	own := make([]int64, len(d.fpID))
	for u, f := range origin {
		if int(f) < len(own) {
			own[f] += d.size[u]
		}
	}
	for f := range caps {
		switch {
		case d.locked[f]:
		case kept[f]:
			base := own[f]
			if base == 0 {
				base = d.fpSize[f]
			}
			caps[f] = min(d.max, base*5/4)
		default:
			caps[f] = d.max
		}
	}
	return caps
}

// idRanks ranks footprint ids in string order.
func idRanks(ids []string) []int32 {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if ids[x] < ids[y] {
			return -1
		}
		if ids[x] > ids[y] {
			return 1
		}
		return int(x - y)
	})
	rank := make([]int32, len(ids))
	for r, f := range order {
		rank[f] = int32(r)
	}
	return rank
}

// buildPCNs indexes the PCNs with patients or sites in the region.
func (s *state) buildPCNs() {
	a := s.d.a
	s.pcnLocal = make([]int32, len(a.PCNs))
	for i := range s.pcnLocal {
		s.pcnLocal[i] = -1
	}
	local := func(p int32) int32 {
		if s.pcnLocal[p] < 0 {
			s.pcnLocal[p] = int32(len(s.pcnR))
			s.pcnR = append(s.pcnR, a.PCNRegistered(p))
		}
		return s.pcnLocal[p]
	}
	s.touch = make([][]touchPCN, len(s.units))
	for i, u := range s.units {
		for _, c := range a.UnitPCNs(u) {
			s.touch[i] = append(s.touch[i], touchPCN{p: local(c.PCN), n: c.N})
		}
		for _, q := range a.SitesIn(u) {
			p := a.Practices[q].PCN
			if p < 0 || !slices.Contains(a.PCNSites(p), q) {
				continue
			}
			lp := local(p)
			j := slices.IndexFunc(s.touch[i], func(t touchPCN) bool { return t.p == lp })
			if j < 0 {
				s.touch[i] = append(s.touch[i], touchPCN{p: lp})
				j = len(s.touch[i]) - 1
			}
			s.touch[i][j].sites++
		}
	}
	np := len(s.pcnR)
	s.pr = make([]int64, np*s.k)
	s.sites = make([]int32, np*s.k)
	s.nSites = make([]int32, np)
	s.siteOK = make([]bool, np)
	for i, u := range s.units {
		f := s.assign[u]
		for _, t := range s.touch[i] {
			s.pr[int(t.p)*s.k+int(f)] += t.n
			s.sites[int(t.p)*s.k+int(f)] += t.sites
			s.nSites[t.p] += t.sites
		}
	}
	for p, lp := range s.pcnLocal {
		if lp >= 0 {
			s.siteOK[lp] = s.nSites[lp] > 0 && int(s.nSites[lp]) == len(a.PCNSites(int32(p)))
		}
	}
	s.pcnVal = make([]float64, np)
	s.home = make([]int32, np)
	for p := range np {
		s.home[p] = s.homeOf(s.pr[p*s.k : (p+1)*s.k])
		s.pcnVal[p] = s.pcnValue(int32(p))
	}
}

// buildAreas indexes the wards and MSOAs of the region and counts splits.
func (s *state) buildAreas() {
	a := s.d.a
	s.wardOf = make([]int32, len(s.units))
	s.msoaOf = make([]int32, len(s.units))
	wl, ml := map[int32]int32{}, map[int32]int32{}
	for i, u := range s.units {
		s.wardOf[i], s.msoaOf[i] = localArea(wl, a.Units[u].Ward), localArea(ml, a.Units[u].MSOA)
	}
	s.wardCnt = make([]int32, len(wl)*s.k)
	s.msoaCnt = make([]int32, len(ml)*s.k)
	s.wardParts = make([]int32, len(wl))
	s.msoaParts = make([]int32, len(ml))
	for i, u := range s.units {
		f := int(s.assign[u])
		if w := s.wardOf[i]; w >= 0 {
			if s.wardCnt[int(w)*s.k+f] == 0 {
				s.wardParts[w]++
			}
			s.wardCnt[int(w)*s.k+f]++
		}
		if m := s.msoaOf[i]; m >= 0 {
			if s.msoaCnt[int(m)*s.k+f] == 0 {
				s.msoaParts[m]++
			}
			s.msoaCnt[int(m)*s.k+f]++
		}
	}
	for _, n := range s.wardParts {
		if n > 1 {
			s.splitsW++
		}
	}
	for _, n := range s.msoaParts {
		if n > 1 {
			s.splitsM++
		}
	}
}

// localArea is the local index of area idx, adding it if new; -1 for no
// area.
func localArea(m map[int32]int32, idx int32) int32 {
	if idx < 0 {
		return -1
	}
	if l, ok := m[idx]; ok {
		return l
	}
	m[idx] = int32(len(m))
	return m[idx]
}

// buildShapes sums each footprint's area and perimeter in exact integers:
// a footprint's perimeter is its units' less twice the boundary they
// share, in the rook and touch graphs both, as the scorer measures it.
func (s *state) buildShapes() {
	a := s.d.a
	s.uArea = make([]int64, len(s.units))
	s.uPerim = make([]int64, len(s.units))
	s.nbr = make([][]edgeMM, len(s.units))
	s.area = make([]int64, s.k)
	s.perim = make([]int64, s.k)
	for i, u := range s.units {
		s.uArea[i] = int64(math.Round(a.Units[u].AreaM2))
		s.uPerim[i] = int64(math.Round(a.Units[u].PerimeterM * 1000))
		for _, g := range []interface {
			Neighbours(int32) []int32
			Weights(int32) []float64
		}{a.Graph(), a.TouchGraph()} {
			ws := g.Weights(u)
			for j, v := range g.Neighbours(u) {
				if s.pos[v] >= 0 {
					s.nbr[i] = append(s.nbr[i], edgeMM{v, int64(math.Round(ws[j] * 1000))})
				}
			}
		}
		f := s.assign[u]
		s.area[f] += s.uArea[i]
		s.perim[f] += s.uPerim[i]
		for _, e := range s.nbr[i] {
			if s.assign[e.v] == f {
				s.perim[f] -= e.mm // each shared edge is seen from both ends
			}
		}
	}
	s.fpVal = make([]float64, s.k)
	for f := range s.k {
		s.fpVal[f] = s.fpValue(s.area[f], s.perim[f])
	}
}

// polsbyPopper is 4πA/P² of an area in m² and a perimeter in mm.
func polsbyPopper(area, perimMM int64) float64 {
	if perimMM <= 0 {
		return 0
	}
	p := float64(perimMM) / 1000
	return 4 * math.Pi * float64(area) / (p * p)
}

// pinned reports whether unit u may not leave footprint f: f is locked,
// or kept and u one of its own LSOAs.
func (s *state) pinned(u, f int32) bool { return s.noOut[f] && (s.cap[f] == 0 || s.origin[u] == f) }

// grows reports whether f is kept, so that an LSOA joining it costs Grow.
func (s *state) grows(f int32) bool { return s.noOut[f] && s.cap[f] > 0 }

// thinnest is the least Polsby-Popper score of the footprints holding
// LSOAs, as the state measures it, or 1 if none do.
func (s *state) thinnest() float64 {
	least := 1.0
	for f := range s.k {
		if s.nUnits[f] > 0 {
			least = min(least, polsbyPopper(s.area[f], s.perim[f]))
		}
	}
	return least
}

// fpValue is a footprint's compactness term.
func (s *state) fpValue(area, perimMM int64) float64 {
	if area == 0 {
		return 0
	}
	pp := polsbyPopper(area, perimMM)
	return s.w.Compact*pp - s.w.Floor*max(0, MinPolsbyPopper-pp)
}

// pcnValue is PCN p's term of the objective.
func (s *state) pcnValue(p int32) float64 {
	row := s.pr[int(p)*s.k : int(p+1)*s.k]
	return s.pcnValueRow(p, row, s.sites[int(p)*s.k:int(p+1)*s.k], s.home[p])
}

// homeAfter is PCN p's home once n of its patients have moved from f to
// g, with row its patients after the move: found from the home before
// without a scan, unless the home itself lost patients.
func (s *state) homeAfter(p int32, row []int64, n int64, f, g int32) int32 {
	h := s.home[p]
	switch {
	case n == 0:
		return h
	case h < 0:
		if row[g] > 0 {
			return g
		}
		return -1
	case h == f:
		return s.homeOf(row)
	case h == g:
		return g
	case row[g] > row[h] || row[g] == row[h] && s.rank[g] < s.rank[h]:
		return g
	}
	return h
}

// pcnValueRow is PCN p's term with its patients and sites by footprint
// and its home h.
func (s *state) pcnValueRow(p int32, row []int64, sites []int32, h int32) float64 {
	if h < 0 || s.pcnR[p] <= 0 {
		return 0
	}
	set := s.d.opt.Settings
	c := float64(row[h]) / float64(s.pcnR[p])
	v := s.w.Containment * c
	if s.nSites[p] > 0 {
		v += s.w.Sites * float64(sites[h]) / float64(s.nSites[p])
	}
	if !s.siteOK[p] {
		return v
	}
	v += s.w.Reach * (ramp(c, set.PCNAligned) + ramp(c, set.PCNRealign))
	if sites[h] == s.nSites[p] {
		switch {
		case c >= set.PCNAligned:
			v += s.w.Aligned
		case c >= set.PCNRealign:
			v += s.w.Cross
		}
	}
	return v
}

// ramp rises from 0 at reachSpan below the threshold to 1 at it.
func ramp(c, threshold float64) float64 {
	return min(1, max(0, (c-threshold+reachSpan)/reachSpan))
}

// homeOf is the footprint with the most patients in the row, ties to the
// lower id as the scorer breaks them, or -1 if none.
func (s *state) homeOf(row []int64) int32 {
	best := int32(-1)
	for f, n := range row {
		if n > 0 && (best < 0 || n > row[best] || n == row[best] && s.rank[f] < s.rank[best]) {
			best = int32(f)
		}
	}
	return best
}

// total is the objective computed afresh from the counts.
func (s *state) total() float64 {
	var j float64
	for p := range s.pcnR {
		row := s.pr[p*s.k : (p+1)*s.k]
		j += s.pcnValueRow(int32(p), row, s.sites[p*s.k:(p+1)*s.k], s.homeOf(row))
	}
	for f := range s.k {
		j += s.fpValue(s.area[f], s.perim[f])
	}
	j -= s.w.Ward*float64(s.splitsW) + s.w.MSOA*float64(s.splitsM)
	for _, u := range s.units {
		f := s.assign[u]
		if o := s.origin[u]; o >= 0 && f != o {
			j -= s.w.Moved * float64(s.d.size[u]) / 1e4
		}
		if s.grows(f) && s.origin[u] != f {
			j -= s.w.Grow * float64(s.d.size[u]) / 1e4
		}
	}
	return j
}

// statuses counts the PCNs of the region aligned and cross-boundary, as
// the scorer decides them from the same counts.
func (s *state) statuses() (aligned, cross int) {
	set := s.d.opt.Settings
	for p := range s.pcnR {
		row := s.pr[p*s.k : (p+1)*s.k]
		h := s.homeOf(row)
		if h < 0 || s.pcnR[p] <= 0 || !s.siteOK[p] || s.sites[p*s.k+int(h)] != s.nSites[p] {
			continue
		}
		switch c := float64(row[h]) / float64(s.pcnR[p]); {
		case c >= set.PCNAligned:
			aligned++
		case c >= set.PCNRealign:
			cross++
		}
	}
	return aligned, cross
}
