package footprint

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
)

// PCNStatus says what a PCN needs, given the plan.
type PCNStatus string

// PCN statuses.
const (
	PCNAligned       PCNStatus = "aligned"
	PCNCrossBoundary PCNStatus = "cross_boundary"
	PCNRealign       PCNStatus = "realign"
	PCNExternal      PCNStatus = "external"
)

// SiteFootprint is a practice site and the footprint it lies in ("" if
// its LSOA is unassigned).
type SiteFootprint struct {
	Practice  string `json:"practice"`
	Name      string `json:"name"`
	LSOA      string `json:"lsoa"`
	Footprint string `json:"footprint"`
}

// FootprintShare is a footprint holding some of a PCN's patients.
type FootprintShare struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Patients float64 `json:"patients"`
	Share    float64 `json:"share"`
}

// PCNScore is how a PCN lines up with the plan.
type PCNScore struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Home is h(p), the footprint holding most of its patients.
	Home string `json:"home"`
	// Containment is c(p) = r(p, h(p)) / R(p).
	Containment float64 `json:"containment"`
	// EffectiveSplits is 1/Σ(r(p,f)/R(p))² − 1; null when none of its
	// patients live in a footprint.
	EffectiveSplits *float64 `json:"effective_splits"`
	// Registered is R(p), all its patients, wherever they live; of them,
	// OutsideRegion live outside the atlas region or have no usable LSOA.
	Registered     float64          `json:"registered"`
	OutsideRegion  float64          `json:"outside_region"`
	SiteFootprints []SiteFootprint  `json:"site_footprints"`
	Significant    []FootprintShare `json:"significant_footprints"`
	Status         PCNStatus        `json:"status"`
}

// PlanScore sums up a plan.
type PlanScore struct {
	Name                 string   `json:"name"`
	Places               []string `json:"places"`
	BandMin              int64    `json:"band_min"`
	BandMax              int64    `json:"band_max"`
	Footprints           int      `json:"footprints"`
	Population           int64    `json:"population"`
	InBand               int      `json:"in_band"`
	Contiguous           int      `json:"contiguous"`
	ScopeLSOAs           int      `json:"scope_lsoas"`
	Unassigned           int      `json:"unassigned"`
	UnassignedPopulation int64    `json:"unassigned_population"`
	WardsSplit           int      `json:"wards_split"`
	WardEffectiveSplits  float64  `json:"ward_effective_splits"`
	MSOAsSplit           int      `json:"msoas_split"`
	MSOAEffectiveSplits  float64  `json:"msoa_effective_splits"`
	CutEdges             int      `json:"cut_edges"`
	// Containment over the PCNs that are not external, and over the
	// footprints with registered residents.
	PCNContainmentMean       float64           `json:"pcn_containment_mean"`
	PCNContainmentMin        float64           `json:"pcn_containment_min"`
	FootprintContainmentMean float64           `json:"footprint_containment_mean"`
	FootprintContainmentMin  float64           `json:"footprint_containment_min"`
	PCNStatus                map[PCNStatus]int `json:"pcn_status"`
	Flags                    map[Severity]int  `json:"flags"`
	Vintages                 map[string]string `json:"vintages"`
}

// Score is the whole scoring of a plan: the document `footprint score
// --json` prints and GET /api/plans/{id}/scores returns. Its keys are a
// contract.
type Score struct {
	Plan       PlanScore        `json:"plan"`
	Footprints []FootprintScore `json:"footprints"`
	PCNs       []PCNScore       `json:"pcns"`
	Flags      []Flag           `json:"flags"`
}

// Score scores the whole plan. Only footprints that moves have changed
// are recomputed; with geometry, compactness is included.
func (s *Scorer) Score(geometry bool) *Score {
	a := s.a
	set := s.plan.Settings
	sc := &Score{Footprints: make([]FootprintScore, 0, len(s.ids)), PCNs: make([]PCNScore, 0, len(a.PCNs)), Flags: []Flag{}}
	order := s.footprintOrder()
	for _, f := range order {
		sc.Footprints = append(sc.Footprints, s.footprint(f, geometry))
	}
	for p := range a.PCNs {
		sc.PCNs = append(sc.PCNs, s.pcnScore(int32(p)))
	}
	// Flags, by subject.
	for i := range sc.Footprints {
		sc.Flags = append(sc.Flags, s.footprintFlags(&sc.Footprints[i])...)
	}
	for i := range sc.PCNs {
		sc.Flags = append(sc.Flags, s.pcnFlags(&sc.PCNs[i])...)
	}
	ps := PlanScore{Name: s.plan.Name, BandMin: set.BandMin, BandMax: set.BandMax, Footprints: len(s.ids), CutEdges: s.cut,
		PCNStatus: map[PCNStatus]int{PCNAligned: 0, PCNCrossBoundary: 0, PCNRealign: 0, PCNExternal: 0},
		Flags:     map[Severity]int{SeverityError: 0, SeverityWarning: 0, SeverityInfo: 0}, Vintages: a.vintages()}
	for _, pl := range s.scope {
		ps.Places = append(ps.Places, a.Places[pl].Code)
	}
	var unassigned []string
	for u, in := range s.inScope {
		if in {
			ps.ScopeLSOAs++
			if s.assign[u] < 0 {
				ps.Unassigned++
				ps.UnassignedPopulation += int64(a.Units[u].Pop)
				unassigned = append(unassigned, a.Units[u].Code)
			}
		}
	}
	if ps.Unassigned > 0 {
		sc.Flags = append(sc.Flags, s.flag(FlagUnassigned, Subject{Kind: SubjectPlan, Code: s.plan.Name, Name: s.plan.Name},
			map[string]float64{"lsoas": float64(ps.Unassigned), "population": float64(ps.UnassignedPopulation), "affected": float64(ps.UnassignedPopulation)}, unassigned,
			fmt.Sprintf("%d LSOAs in scope (%s residents) are in no footprint.", ps.Unassigned, thousands(ps.UnassignedPopulation)),
			"Assign each of them to a footprint."))
	}
	for k, kind := range []areaKind{kindWard, kindMSOA} {
		n, eff, flags := s.splits(kind)
		if k == 0 {
			ps.WardsSplit, ps.WardEffectiveSplits = n, eff
		} else {
			ps.MSOAsSplit, ps.MSOAEffectiveSplits = n, eff
		}
		sc.Flags = append(sc.Flags, flags...)
	}
	ps.PCNContainmentMin, ps.FootprintContainmentMin = 1, 1
	var pcnSum, fSum float64
	var pcnN, fN int
	for _, p := range sc.PCNs {
		ps.PCNStatus[p.Status]++
		if p.Status != PCNExternal {
			pcnSum += p.Containment
			pcnN++
			ps.PCNContainmentMin = math.Min(ps.PCNContainmentMin, p.Containment)
		}
	}
	for _, f := range sc.Footprints {
		ps.Population += f.Population
		if f.InBand {
			ps.InBand++
		}
		if f.Components == 1 {
			ps.Contiguous++
		}
		if f.DemandContainment != nil {
			fSum += *f.DemandContainment
			fN++
			ps.FootprintContainmentMin = math.Min(ps.FootprintContainmentMin, *f.DemandContainment)
		}
	}
	if pcnN > 0 {
		ps.PCNContainmentMean = pcnSum / float64(pcnN)
	} else {
		ps.PCNContainmentMin = 0
	}
	if fN > 0 {
		ps.FootprintContainmentMean = fSum / float64(fN)
	} else {
		ps.FootprintContainmentMin = 0
	}
	sortFlags(sc.Flags)
	counts := map[string]int{}
	for _, fl := range sc.Flags {
		ps.Flags[fl.Severity]++
		if fl.Subject.Kind == SubjectFootprint {
			counts[fl.Subject.Code]++
		}
	}
	for i := range sc.Footprints {
		sc.Footprints[i].Flags = counts[sc.Footprints[i].ID]
	}
	sc.Plan = ps
	return sc
}

// footprintOrder is the footprint indexes sorted by id.
func (s *Scorer) footprintOrder() []int32 {
	if s.order == nil {
		s.order = make([]int32, len(s.ids))
		for i := range s.order {
			s.order[i] = int32(i)
		}
		slices.SortFunc(s.order, func(x, y int32) int { return strings.Compare(s.ids[x], s.ids[y]) })
	}
	return s.order
}

// sortFlags orders flags by severity, then kind, then subject.
func sortFlags(fl []Flag) {
	kindRank := map[FlagKind]int{}
	for i, k := range FlagKinds {
		kindRank[k] = i
	}
	slices.SortStableFunc(fl, func(x, y Flag) int {
		if c := cmp.Compare(x.Severity.rank(), y.Severity.rank()); c != 0 {
			return c
		}
		if c := cmp.Compare(kindRank[x.Kind], kindRank[y.Kind]); c != 0 {
			return c
		}
		if c := cmp.Compare(y.Affected, x.Affected); c != 0 {
			return c
		}
		return strings.Compare(x.Subject.Code, y.Subject.Code)
	})
}

// vintages lists the vintage of each layer a score depends on.
func (a *Atlas) vintages() map[string]string {
	v := map[string]string{}
	for _, src := range a.Sources {
		switch src.Layer {
		case "population", "imd", "practices", "registrations", "lookups", "lsoa", "list_sizes":
			if old, ok := v[src.Layer]; ok {
				v[src.Layer] = old + "; " + src.Vintage
			} else {
				v[src.Layer] = src.Vintage
			}
		}
	}
	return v
}

func (s *Scorer) pcnScore(p int32) PCNScore {
	a := s.a
	pcn := &a.PCNs[p]
	R := s.ix.pcnR[p]
	ps := PCNScore{Code: pcn.Code, Name: pcn.Name, Registered: float64(R) / micro, OutsideRegion: float64(s.ix.pcnOut[p]) / micro,
		SiteFootprints: make([]SiteFootprint, 0, len(s.ix.sites[p])), Significant: make([]FootprintShare, 0, 4)}
	threshold := s.plan.Settings.SignificantShare * float64(R)
	h := s.home[p]
	if h >= 0 {
		ps.Home = s.ids[h]
		if R > 0 {
			ps.Containment = float64(s.pr[p][h]) / float64(R)
		}
	}
	// Σ r(p,f)² is summed exactly in 128 bits, so it does not depend on
	// the order footprints are visited in.
	var hi, lo uint64
	for _, f := range s.nz[p] {
		n := uint64(s.pr[p][f])
		h, l := bits.Mul64(n, n)
		var carry uint64
		lo, carry = bits.Add64(lo, l, 0)
		hi += h + carry
		if float64(n) >= threshold {
			ps.Significant = append(ps.Significant, FootprintShare{ID: s.ids[f], Name: s.name(f), Patients: float64(n) / micro, Share: float64(n) / float64(R)})
		}
	}
	// Few footprints hold 10% of a PCN's patients: insertion sort by share,
	// most first, then id.
	sig := ps.Significant
	for i := 1; i < len(sig); i++ {
		for j := i; j > 0 && (sig[j].Share > sig[j-1].Share || (sig[j].Share == sig[j-1].Share && sig[j].ID < sig[j-1].ID)); j-- {
			sig[j], sig[j-1] = sig[j-1], sig[j]
		}
	}
	if R > 0 && (hi > 0 || lo > 0) {
		sumSq := (float64(hi)*0x1p64 + float64(lo)) / (float64(R) * float64(R))
		ps.EffectiveSplits = ptr(1/sumSq - 1)
	}
	allHome, anyAssigned := true, false
	for _, q := range s.ix.sites[p] {
		pr := &a.Practices[q]
		f := s.assign[pr.Unit]
		sf := SiteFootprint{Practice: pr.Code, Name: pr.Name, LSOA: a.Units[pr.Unit].Code}
		if f >= 0 {
			sf.Footprint = s.ids[f]
			anyAssigned = true
		}
		if f < 0 || f != h {
			allHome = false
		}
		ps.SiteFootprints = append(ps.SiteFootprints, sf)
	}
	set := s.plan.Settings
	switch {
	case !anyAssigned:
		ps.Status = PCNExternal
	case allHome && ps.Containment >= set.PCNAligned:
		ps.Status = PCNAligned
	case allHome && ps.Containment >= set.PCNRealign:
		ps.Status = PCNCrossBoundary
	default:
		ps.Status = PCNRealign
	}
	return ps
}

// AffectedPCNs returns the scores of the PCNs with patients in an LSOA:
// those a move of it changes.
func (s *Scorer) AffectedPCNs(code string) []PCNScore {
	u, ok := s.a.UnitIndex(code)
	if !ok {
		return nil
	}
	var out []PCNScore
	for _, c := range s.ix.unitPCN[u] {
		out = append(out, s.pcnScore(c.pcn))
	}
	return out
}

// splits counts the areas of a kind split across footprints, with their
// effective splits, and flags each.
func (s *Scorer) splits(k areaKind) (int, float64, []Flag) {
	a := s.a
	kind, subject := FlagSplitsWard, SubjectWard
	noun := "Ward"
	if k == kindMSOA {
		kind, subject, noun = FlagSplitsMSOA, SubjectMSOA, "MSOA"
	}
	var n int
	var eff float64
	var flags []Flag
	for ar := range s.parts[k] {
		ps := s.parts[k][ar]
		if len(ps) < 2 {
			continue
		}
		n++
		ps = slices.Clone(ps)
		slices.SortFunc(ps, func(x, y part) int {
			if c := cmp.Compare(y.pop, x.pop); c != 0 {
				return c
			}
			return strings.Compare(s.ids[x.f], s.ids[y.f])
		})
		var tot int64
		for _, p := range ps {
			tot += p.pop
		}
		var sumSq float64
		var names []string
		for _, p := range ps {
			sh := 0.0
			if tot > 0 {
				sh = float64(p.pop) / float64(tot)
			}
			sumSq += sh * sh
			names = append(names, fmt.Sprintf("%s (%s residents)", s.name(p.f), thousands(p.pop)))
		}
		rest := tot - ps[0].pop
		e := 0.0
		if sumSq > 0 {
			e = 1/sumSq - 1
		}
		eff += e
		code, name := a.areaCodeName(k, int32(ar))
		flags = append(flags, s.flag(kind, Subject{Kind: subject, Code: code, Name: name},
			map[string]float64{"footprints": float64(len(ps)), "effective_splits": e, "largest_share": float64(ps[0].pop) / math.Max(1, float64(tot)), "affected": float64(rest)}, nil,
			fmt.Sprintf("%s %s is split between %s.", noun, name, strings.Join(names, ", ")),
			fmt.Sprintf("Keep %s whole: move its %s residents outside %s into it, or agree the split.", name, thousands(rest), s.name(ps[0].f))))
	}
	return n, eff, flags
}

func (s *Scorer) flag(kind FlagKind, subj Subject, nums map[string]float64, lsoas []string, msg, action string) Flag {
	sev := defaultSeverity[kind]
	if o, ok := s.plan.Settings.Severity[kind]; ok {
		sev = o
	}
	return Flag{Kind: kind, Severity: sev, Subject: subj, Numbers: nums, LSOAs: lsoas, Message: msg, Action: action, Affected: nums["affected"]}
}

// thousands formats a count with thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func (s *Scorer) footprintFlags(fs *FootprintScore) []Flag {
	set := s.plan.Settings
	subj := Subject{Kind: SubjectFootprint, Code: fs.ID, Name: fs.Name}
	var out []Flag
	if !fs.InBand {
		sized, what := fs.Population, "residents"
		if set.NeedWeighted {
			sized, what = int64(math.Round(fs.NeedWeightedPopulation)), "need-weighted residents"
		}
		nums := map[string]float64{"population": float64(fs.Population), "sized_population": float64(sized), "band_min": float64(set.BandMin), "band_max": float64(set.BandMax)}
		if sized < set.BandMin {
			short := set.BandMin - sized
			nums["shortfall"], nums["affected"] = float64(short), float64(short)
			out = append(out, s.flag(FlagPopulationOutOfBand, subj, nums, nil,
				fmt.Sprintf("%s has %s %s, %s below the %s-%s band.", fs.Name, thousands(sized), what, thousands(short), thousands(set.BandMin), thousands(set.BandMax)),
				fmt.Sprintf("Move at least %s %s in from neighbouring footprints, or merge it with a neighbour.", thousands(short), what)))
		} else {
			over := sized - set.BandMax
			nums["excess"], nums["affected"] = float64(over), float64(over)
			out = append(out, s.flag(FlagPopulationOutOfBand, subj, nums, nil,
				fmt.Sprintf("%s has %s %s, %s above the %s-%s band.", fs.Name, thousands(sized), what, thousands(over), thousands(set.BandMin), thousands(set.BandMax)),
				fmt.Sprintf("Move at least %s %s out to neighbouring footprints, or split it in two.", thousands(over), what)))
		}
	}
	if fs.Components > 1 {
		var pop int64
		for _, c := range fs.Detached {
			u, _ := s.a.UnitIndex(c)
			pop += int64(s.a.Units[u].Pop)
		}
		out = append(out, s.flag(FlagNonContiguous, subj, map[string]float64{"components": float64(fs.Components), "detached_lsoas": float64(len(fs.Detached)), "detached_population": float64(pop), "affected": float64(pop)}, fs.Detached,
			fmt.Sprintf("%s is in %d separate pieces.", fs.Name, fs.Components),
			fmt.Sprintf("Reassign the detached LSOAs %s (%s residents) to a footprint they touch, or join the pieces.", strings.Join(fs.Detached, ", "), thousands(pop))))
	}
	if len(fs.ICBs) > 1 {
		out = append(out, s.flag(FlagCrossesICB, subj, map[string]float64{"icbs": float64(len(fs.ICBs)), "affected": float64(fs.Population - fs.ICBs[0].Population)}, nil,
			fmt.Sprintf("%s spans %d ICBs: %s.", fs.Name, len(fs.ICBs), shareList(fs.ICBs)),
			fmt.Sprintf("Move the LSOAs outside %s (%s residents) into footprints of their own ICB.", fs.ICBs[0].Name, thousands(fs.Population-fs.ICBs[0].Population))))
	}
	if len(fs.Places) > 1 {
		out = append(out, s.flag(FlagCrossesPlace, subj, map[string]float64{"places": float64(len(fs.Places)), "affected": float64(fs.Population - fs.Places[0].Population)}, nil,
			fmt.Sprintf("%s spans %d places: %s.", fs.Name, len(fs.Places), shareList(fs.Places)),
			fmt.Sprintf("Agree a cross-boundary arrangement between %s, or move the LSOAs outside %s.", shareList(fs.Places), fs.Places[0].Name)))
	}
	if c := fs.DemandContainment; c != nil && *c < set.LowContainment {
		out = append(out, s.flag(FlagLowContainment, subj, map[string]float64{"demand_containment": *c, "threshold": set.LowContainment, "affected": fs.Registered * (1 - *c)}, nil,
			fmt.Sprintf("Only %s of %s's registered residents are with PCNs homed in it.", pct(*c), fs.Name),
			"Re-draw the boundary to follow "+s.strangers(fs.ID)+", or agree cross-boundary arrangements with them."))
	}
	return out
}

// strangers names the PCNs homed elsewhere that register most residents
// of footprint id.
func (s *Scorer) strangers(id string) string {
	f := s.index[id]
	type pn struct {
		p int32
		n int64
	}
	var list []pn
	for p := range s.pr {
		if n := s.pr[p][f]; n > 0 && s.home[p] != f {
			list = append(list, pn{int32(p), n})
		}
	}
	slices.SortFunc(list, func(x, y pn) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		return cmp.Compare(x.p, y.p)
	})
	var names []string
	for _, x := range list[:min(3, len(list))] {
		h := "no footprint"
		if s.home[x.p] >= 0 {
			h = s.name(s.home[x.p])
		}
		names = append(names, fmt.Sprintf("%s (%s residents here, homed in %s)", s.a.PCNs[x.p].Name, thousands(int64(math.Round(float64(x.n)/micro))), h))
	}
	if len(names) == 0 {
		return "the PCNs that register its residents"
	}
	return strings.Join(names, "; ")
}

func shareList(list []AreaShare) string {
	var parts []string
	for _, a := range list {
		parts = append(parts, fmt.Sprintf("%s (%s residents)", a.Name, thousands(a.Population)))
	}
	return strings.Join(parts, " and ")
}

func (s *Scorer) pcnFlags(ps *PCNScore) []Flag {
	subj := Subject{Kind: SubjectPCN, Code: ps.Code, Name: ps.Name}
	nums := map[string]float64{"containment": ps.Containment, "registered": ps.Registered, "outside_region": ps.OutsideRegion, "affected": ps.Registered * (1 - ps.Containment)}
	if ps.EffectiveSplits != nil {
		nums["effective_splits"] = *ps.EffectiveSplits
	}
	homeName := "no footprint"
	if ps.Home != "" {
		homeName = s.plan.Footprint(ps.Home).Name
	}
	switch ps.Status {
	case PCNRealign:
		bySite := map[string][]string{}
		var fps []string
		for _, sf := range ps.SiteFootprints {
			name := "no footprint"
			if sf.Footprint != "" {
				name = s.plan.Footprint(sf.Footprint).Name
			}
			if _, ok := bySite[name]; !ok {
				fps = append(fps, name)
			}
			bySite[name] = append(bySite[name], sf.Name)
		}
		var where []string
		for _, name := range fps {
			where = append(where, fmt.Sprintf("%s in %s", strings.Join(bySite[name], ", "), name))
		}
		nums["site_footprints"] = float64(len(fps))
		return []Flag{s.flag(FlagPCNRealign, subj, nums, nil,
			fmt.Sprintf("%s's practices sit in %d footprint(s); its home footprint %s holds %s of its patients.", ps.Name, len(fps), homeName, pct(ps.Containment)),
			"Re-align the PCN: "+strings.Join(where, "; ")+".")}
	case PCNCrossBoundary:
		var parties []string
		for _, f := range ps.Significant {
			if f.ID != ps.Home {
				parties = append(parties, fmt.Sprintf("%s (%s of patients)", f.Name, pct(f.Share)))
			}
		}
		if len(parties) == 0 {
			parties = []string{"the footprints its other patients live in"}
		}
		return []Flag{s.flag(FlagPCNCrossBoundary, subj, nums, nil,
			fmt.Sprintf("%s is homed in %s, which holds %s of its patients.", ps.Name, homeName, pct(ps.Containment)),
			"Agree a cross-boundary arrangement with "+strings.Join(parties, ", ")+".")}
	}
	return nil
}
