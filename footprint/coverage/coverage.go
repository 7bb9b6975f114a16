package footprint

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Coverage reports on a PCN or a single practice, by code. With a scorer,
// it places the patients in the plan's footprints.
func (a *Atlas) Coverage(code string, s *Scorer) (*Coverage, error) {
	c := &Coverage{Patients: map[string]float64{}, Share: map[string]float64{}, Practices: []CoveragePractice{}, Catchment: []string{},
		Neighbours: []CoverageNeighbour{}, Notes: []string{}, Vintages: map[string]string{}}
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
		return nil, Errorf(ENotFound, "no PCN or practice with code %q", code)
	}
	if pcn >= 0 {
		c.PCN, c.PCNName = a.PCNs[pcn].Code, a.PCNs[pcn].Name
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
		pr := &a.Practices[q]
		cp := CoveragePractice{Code: pr.Code, Name: pr.Name, Postcode: pr.Postcode, Lon: pr.Loc[0], Lat: pr.Loc[1],
			Registered: pr.Registered(), OutsideRegion: pr.OutsideRegion, NoLSOA: pr.NoLSOA}
		if pr.Unit >= 0 {
			cp.LSOA = a.Units[pr.Unit].Code
			if s != nil {
				if f := s.assign[pr.Unit]; f >= 0 {
					cp.Footprint = s.ids[f]
				}
			}
		}
		if pr.ListSizeKnown {
			ls := pr.ListSize
			cp.ListSize = &ls
			c.ListSize += int64(ls)
		}
		switch {
		case cp.Registered == 0:
			cp.Note = "no patients in the July 2022 registrations: opened or merged since"
		case !pr.ListSizeKnown:
			cp.Note = "no December 2025 list size"
		case math.Abs(float64(pr.ListSize)-cp.Registered)/cp.Registered > 0.15:
			cp.Note = fmt.Sprintf("list size changed by %+.0f%% between July 2022 and December 2025: a merger or a closure nearby?", 100*(float64(pr.ListSize)-cp.Registered)/cp.Registered)
		}
		if cp.Note != "" {
			c.Notes = append(c.Notes, pr.Name+": "+cp.Note)
		}
		c.Practices = append(c.Practices, cp)
		c.Registered += cp.Registered
		c.OutsideRegion += pr.OutsideRegion
		c.NoLSOA += pr.NoLSOA
		a.PracticePatients(q, func(u int32, n float64) { byUnit[u] += toMicro(n) })
	}
	units := make([]int32, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	slices.Sort(units)
	boroughs, icbs, fps := map[int32]int64{}, map[int32]int64{}, map[int32]int64{}
	var total int64
	for _, u := range units {
		n := byUnit[u]
		total += n
		code := a.Units[u].Code
		c.Patients[code] = float64(n) / micro
		if reg := a.score.unitReg[u]; reg > 0 {
			c.Share[code] = float64(n) / float64(reg)
		}
		if pcn >= 0 && a.score.leader[u] == pcn {
			c.Catchment = append(c.Catchment, code)
		}
		if b := a.Units[u].Borough; b >= 0 {
			boroughs[b] += n
		}
		if i := a.Units[u].ICB; i >= 0 {
			icbs[i] += n
		}
		if s != nil {
			if f := s.assign[u]; f >= 0 {
				fps[f] += n
			}
		}
	}
	c.InRegion = float64(total) / micro
	R := c.Registered
	areaList := func(m map[int32]int64, name func(int32) (string, string)) []CoverageArea {
		out := []CoverageArea{}
		for i, n := range m {
			code, nm := name(i)
			out = append(out, CoverageArea{Code: code, Name: nm, Patients: float64(n) / micro, Share: float64(n) / micro / math.Max(R, 1)})
		}
		slices.SortFunc(out, func(x, y CoverageArea) int {
			if c := cmp.Compare(y.Patients, x.Patients); c != 0 {
				return c
			}
			return cmp.Compare(x.Code, y.Code)
		})
		return out
	}
	c.Boroughs = areaList(boroughs, func(i int32) (string, string) { return a.Boroughs[i].Code, a.Boroughs[i].Name })
	c.ICBs = areaList(icbs, func(i int32) (string, string) { return a.ICBs[i].Code, a.ICBs[i].Name })
	if s != nil {
		c.Plan = s.plan.Name
		c.Footprints = areaList(fps, func(f int32) (string, string) { return s.ids[f], s.name(f) })
		if pcn >= 0 {
			ps := s.pcnScore(pcn)
			c.Home, c.Status, c.EffectiveSplits = ps.Home, ps.Status, ps.EffectiveSplits
			c.Containment = ptr(ps.Containment)
			c.Flags = s.pcnFlags(&ps)
			if ps.Home != "" {
				home, _ := s.Footprint(ps.Home, false)
				c.Flags = append(c.Flags, s.footprintFlags(&home)...)
			}
			if c.Flags == nil {
				c.Flags = []Flag{}
			}
			for i := range c.Footprints {
				c.Footprints[i].Home = c.Footprints[i].Code == ps.Home
			}
		}
	}
	if pcn >= 0 {
		c.Neighbours = a.neighbourPCNs(pcn)
		// Residents of its catchment registered in 2022 with practices no
		// longer listed: closed or merged since.
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
		if goneN >= 1 {
			noun := "practices that are"
			if len(gone) == 1 {
				noun = "a practice that is"
			}
			if len(gone) > 1 {
				noun = fmt.Sprintf("%d %s", len(gone), noun)
			}
			c.Notes = append(c.Notes, fmt.Sprintf("%.0f residents of its catchment were registered in July 2022 with %s not in the January 2026 list: closed, merged or outside the region since.", goneN, noun))
		}
	}
	if c.OutsideRegion+c.NoLSOA > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("%.0f patients (%.1f%%) live outside the region or have no usable LSOA; they count in the PCN's total but in no footprint.", c.OutsideRegion+c.NoLSOA, 100*(c.OutsideRegion+c.NoLSOA)/math.Max(R, 1)))
	}
	if c.ListSize > 0 && R > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("List size %d (December 2025) against %.0f registered in July 2022 (%+.1f%%): shares are from July 2022.", c.ListSize, R, 100*(float64(c.ListSize)-R)/R))
	}
	return c, nil
}

// neighbourPCNs lists the PCNs whose patients mix most with p's.
func (a *Atlas) neighbourPCNs(p int32) []CoverageNeighbour {
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
	for u := range a.Units {
		reg := a.score.unitReg[u]
		var mine int64
		for _, c := range a.score.unitPCN[u] {
			if c.pcn == p {
				mine = c.n
			}
		}
		leader := a.score.leader[u]
		for _, c := range a.score.unitPCN[u] {
			if c.pcn == p {
				continue
			}
			if leader == p {
				get(c.pcn).theirsInOurs += c.n
			}
			if leader == c.pcn && mine > 0 {
				get(c.pcn).oursInTh += mine
			}
			if reg > 0 && mine*20 >= reg && c.n*20 >= reg {
				get(c.pcn).shared++
			}
		}
	}
	out := []CoverageNeighbour{}
	for q, x := range m {
		if x.shared == 0 && x.theirsInOurs+x.oursInTh < 50*micro {
			continue
		}
		out = append(out, CoverageNeighbour{Code: a.PCNs[q].Code, Name: a.PCNs[q].Name, SharedLSOAs: x.shared,
			TheirsInOurs: float64(x.theirsInOurs) / micro, OursInTheirs: float64(x.oursInTh) / micro})
	}
	slices.SortFunc(out, func(x, y CoverageNeighbour) int {
		if c := cmp.Compare(y.TheirsInOurs+y.OursInTheirs, x.TheirsInOurs+x.OursInTheirs); c != 0 {
			return c
		}
		return cmp.Compare(x.Code, y.Code)
	})
	return out[:min(len(out), 10)]
}
