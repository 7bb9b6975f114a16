// Package coverage reports how a PCN's or a practice's patients are
// covered: where they live, which footprints hold them, and the PCNs whose
// patients mix with theirs.
package coverage

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// Report reports on a PCN or a single practice, by code. With a scorer,
// it places the patients in the plan's footprints.
func Report(a *footprint.Atlas, code string, s *score.Scorer) (*footprint.Coverage, error) {
	c := &footprint.Coverage{Patients: map[string]float64{}, Share: map[string]float64{}, Practices: []footprint.CoveragePractice{}, Catchment: []string{},
		Neighbours: []footprint.CoverageNeighbour{}, Notes: []string{}, Vintages: map[string]string{}}
	practices, pcn, err := subject(a, c, code)
	if err != nil {
		return nil, err
	}
	for _, src := range a.Sources {
		switch src.Layer {
		case "registrations", "practices", "list_sizes":
			c.Vintages[src.Layer] = src.Vintage
		}
	}
	// Patients by LSOA, in fixed point as the scorer counts them.
	byUnit := map[int32]int64{}
	for _, q := range practices {
		c.Practices = append(c.Practices, practiceRow(a, c, q, s))
		a.PracticePatients(q, func(u int32, n float64) { byUnit[u] += footprint.ToMicro(n) })
	}
	fps := where(a, c, byUnit, pcn, s)
	if s != nil {
		inPlan(a, c, fps, pcn, s)
	}
	if pcn >= 0 {
		c.Neighbours = neighbourPCNs(a, pcn)
		goneNote(a, c)
	}
	R := c.Registered
	if c.OutsideRegion+c.NoLSOA > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("%.0f patients (%.1f%%) live outside the region or have no usable LSOA; they count in the PCN's total but in no footprint.", c.OutsideRegion+c.NoLSOA, 100*(c.OutsideRegion+c.NoLSOA)/math.Max(R, 1)))
	}
	if c.ListSize > 0 && R > 0 {
		reg := a.AsOf("registrations")
		c.Notes = append(c.Notes, fmt.Sprintf("List size %d (%s) against %.0f registered in %s (%+.1f%%): shares are from %s.", c.ListSize, a.AsOf("list_sizes"), R, reg, 100*(float64(c.ListSize)-R)/R, reg))
	}
	return c, nil
}

// subject finds the PCN or practice with the code, names it in c, and
// returns its practices and its PCN's index (-1 if none).
func subject(a *footprint.Atlas, c *footprint.Coverage, code string) ([]int32, int32, error) {
	var practices []int32
	pcn := int32(-1)
	if p, ok := a.PCNIndex(code); ok {
		pcn = p
		c.Kind, c.Code, c.Name = "pcn", code, a.PCNs[p].Name
		practices = a.PCNs[p].Practices
	} else if q, ok := a.PracticeIndex(code); ok {
		pr := &a.Practices[q]
		c.Kind, c.Code, c.Name = "practice", code, pr.Name
		pcn = pr.PCN
		practices = []int32{q}
	} else {
		return nil, -1, footprint.Errorf(footprint.ENotFound, "no PCN or practice with code %q", code)
	}
	if pcn >= 0 {
		c.PCN, c.PCNName = a.PCNs[pcn].Code, a.PCNs[pcn].Name
	}
	return practices, pcn, nil
}

// practiceRow describes practice q, with a note where its list and its
// registrations disagree, and adds its patients to c's totals.
func practiceRow(a *footprint.Atlas, c *footprint.Coverage, q int32, s *score.Scorer) footprint.CoveragePractice {
	pr := &a.Practices[q]
	cp := footprint.CoveragePractice{Code: pr.Code, Name: pr.Name, Postcode: pr.Postcode, Lon: pr.Loc[0], Lat: pr.Loc[1],
		Registered: pr.Registered(), OutsideRegion: pr.OutsideRegion, NoLSOA: pr.NoLSOA}
	if pr.Unit >= 0 {
		cp.LSOA = a.Units[pr.Unit].Code
		if s != nil {
			cp.Footprint = s.FootprintOf(pr.Unit)
		}
	}
	if pr.ListSizeKnown {
		ls := pr.ListSize
		cp.ListSize = &ls
		c.ListSize += int64(ls)
	}
	switch {
	case cp.Registered == 0:
		cp.Note = "no patients in the " + a.AsOf("registrations") + " registrations: opened or merged since"
	case !pr.ListSizeKnown:
		cp.Note = "no " + a.AsOf("list_sizes") + " list size"
	case math.Abs(float64(pr.ListSize)-cp.Registered)/cp.Registered > 0.15:
		cp.Note = fmt.Sprintf("list size changed by %+.0f%% between %s and %s: a merger or a closure nearby?", 100*(float64(pr.ListSize)-cp.Registered)/cp.Registered, a.AsOf("registrations"), a.AsOf("list_sizes"))
	}
	if cp.Note != "" {
		c.Notes = append(c.Notes, pr.Name+": "+cp.Note)
	}
	c.Registered += cp.Registered
	c.OutsideRegion += pr.OutsideRegion
	c.NoLSOA += pr.NoLSOA
	return cp
}

// where records where the patients live: by LSOA, the PCN's catchment,
// boroughs and ICBs. It returns the patients by footprint of s's plan.
func where(a *footprint.Atlas, c *footprint.Coverage, byUnit map[int32]int64, pcn int32, s *score.Scorer) map[string]int64 {
	units := make([]int32, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	slices.Sort(units)
	boroughs, icbs, fps := map[int32]int64{}, map[int32]int64{}, map[string]int64{}
	var total int64
	for _, u := range units {
		n := byUnit[u]
		total += n
		code := a.Units[u].Code
		c.Patients[code] = float64(n) / footprint.Micro
		if reg := a.UnitRegistered(u); reg > 0 {
			c.Share[code] = float64(n) / float64(reg)
		}
		if pcn >= 0 && a.Leader(u) == pcn {
			c.Catchment = append(c.Catchment, code)
		}
		if b := a.Units[u].Borough; b >= 0 {
			boroughs[b] += n
		}
		if i := a.Units[u].ICB; i >= 0 {
			icbs[i] += n
		}
		if s != nil {
			if f := s.FootprintOf(u); f != "" {
				fps[f] += n
			}
		}
	}
	c.InRegion = float64(total) / footprint.Micro
	c.Boroughs = areaList(c.Registered, boroughs, func(i int32) (string, string) { return a.Boroughs[i].Code, a.Boroughs[i].Name })
	c.ICBs = areaList(c.Registered, icbs, func(i int32) (string, string) { return a.ICBs[i].Code, a.ICBs[i].Name })
	return fps
}

// inPlan places the patients in the plan's footprints: their shares, the
// PCN's home and status, and the flags of the PCN and its home.
func inPlan(a *footprint.Atlas, c *footprint.Coverage, fps map[string]int64, pcn int32, s *score.Scorer) {
	c.Plan = s.Plan().Name
	c.Footprints = areaList(c.Registered, fps, func(f string) (string, string) { return f, s.FootprintName(f) })
	if pcn < 0 {
		return
	}
	ps := s.PCN(pcn)
	set := s.Plan().Settings
	c.Home, c.Status, c.EffectiveSplits = ps.Home, ps.Status, ps.EffectiveSplits
	c.Containment = &ps.Containment
	c.Flags = flags.PCN(set, &ps, s)
	if ps.Home != "" {
		home, _ := s.Footprint(ps.Home, false)
		c.Flags = append(c.Flags, flags.Footprint(a, set, &home, s)...)
	}
	if c.Flags == nil {
		c.Flags = []footprint.Flag{}
	}
	for i := range c.Footprints {
		c.Footprints[i].Home = c.Footprints[i].Code == ps.Home
	}
}

// goneNote notes the residents of the catchment registered with
// practices no longer listed: closed or merged since.
func goneNote(a *footprint.Atlas, c *footprint.Coverage) {
	gone := map[int32]bool{}
	var goneN float64
	for _, code := range c.Catchment {
		u, _ := a.UnitIndex(code)
		a.UnitPatients(u, func(q int32, n float64) {
			if !a.Practices[q].Current {
				gone[q] = true
				goneN += n
			}
		})
	}
	if goneN < 1 {
		return
	}
	noun := "practices that are"
	if len(gone) == 1 {
		noun = "a practice that is"
	}
	if len(gone) > 1 {
		noun = fmt.Sprintf("%d %s", len(gone), noun)
	}
	c.Notes = append(c.Notes, fmt.Sprintf("%.0f residents of its catchment were registered in %s with %s not in the %s list: closed, merged or outside the region since.", goneN, a.AsOf("registrations"), noun, a.AsOf("practices")))
}

// neighbourPCNs lists the PCNs whose patients mix most with p's.
func neighbourPCNs(a *footprint.Atlas, p int32) []footprint.CoverageNeighbour {
	type acc struct {
		shared                 int
		theirsInOurs, oursInTh int64
	}
	m := map[int32]*acc{}
	get := func(q int32) *acc {
		if m[q] == nil {
			m[q] = &acc{}
		}
		return m[q]
	}
	for i := range a.Units {
		u := int32(i)
		reg := a.UnitRegistered(u)
		var mine int64
		for _, c := range a.UnitPCNs(u) {
			if c.PCN == p {
				mine = c.N
			}
		}
		leader := a.Leader(u)
		for _, c := range a.UnitPCNs(u) {
			if c.PCN == p {
				continue
			}
			if leader == p {
				get(c.PCN).theirsInOurs += c.N
			}
			if leader == c.PCN && mine > 0 {
				get(c.PCN).oursInTh += mine
			}
			if reg > 0 && mine*20 >= reg && c.N*20 >= reg {
				get(c.PCN).shared++
			}
		}
	}
	out := []footprint.CoverageNeighbour{}
	for q, x := range m {
		if x.shared == 0 && x.theirsInOurs+x.oursInTh < 50*footprint.Micro {
			continue
		}
		out = append(out, footprint.CoverageNeighbour{Code: a.PCNs[q].Code, Name: a.PCNs[q].Name, SharedLSOAs: x.shared,
			TheirsInOurs: float64(x.theirsInOurs) / footprint.Micro, OursInTheirs: float64(x.oursInTh) / footprint.Micro})
	}
	slices.SortFunc(out, func(x, y footprint.CoverageNeighbour) int {
		if c := cmp.Compare(y.TheirsInOurs+y.OursInTheirs, x.TheirsInOurs+x.OursInTheirs); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
	return out[:min(len(out), 10)]
}

// areaList lists the areas holding a PCN's patients, most first, given
// the patients by area in micro-patients and R, all its patients.
func areaList[K comparable](R float64, m map[K]int64, name func(K) (string, string)) []footprint.CoverageArea {
	out := []footprint.CoverageArea{}
	for i, n := range m {
		code, nm := name(i)
		out = append(out, footprint.CoverageArea{Code: code, Name: nm, Patients: float64(n) / footprint.Micro, Share: float64(n) / footprint.Micro / math.Max(R, 1)})
	}
	slices.SortFunc(out, func(x, y footprint.CoverageArea) int {
		if c := cmp.Compare(y.Patients, x.Patients); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
	return out
}
