package flags

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Plan is what the rules read of a plan besides its score document.
type Plan interface {
	// FootprintName is the name of the footprint with the id.
	FootprintName(id string) string
	// Strangers lists up to n PCNs homed outside the footprint that
	// register most of its residents, most first.
	Strangers(id string, n int) []footprint.Stranger
}

// newFlag makes a flag with the severity the settings give its kind.
func newFlag(set footprint.Settings, kind footprint.FlagKind, subj footprint.Subject, nums map[string]float64, lsoas []string, msg, action string) footprint.Flag {
	return footprint.Flag{Kind: kind, Severity: set.SeverityOf(kind), Subject: subj, Numbers: nums, LSOAs: lsoas, Message: msg, Action: action, Affected: nums["affected"]}
}

// Unassigned flags the LSOAs in a plan's scope that are in no footprint.
func Unassigned(set footprint.Settings, plan string, lsoas []string, residents int64) footprint.Flag {
	return newFlag(set, footprint.FlagUnassigned, footprint.Subject{Kind: footprint.SubjectPlan, Code: plan, Name: plan},
		map[string]float64{"lsoas": float64(len(lsoas)), "population": float64(residents), "affected": float64(residents)}, lsoas,
		fmt.Sprintf("%s in scope (%s residents) %s in no footprint.", plural(len(lsoas), "LSOA", "LSOAs"), Thousands(residents), map[bool]string{true: "is", false: "are"}[len(lsoas) == 1]),
		"Assign each of them to a footprint.")
}

// Split flags a ward or MSOA whose residents lie in several footprints,
// given its pieces, and returns its effective number of splits,
// 1/Σshare² − 1.
func Split(set footprint.Settings, k footprint.AreaKind, code, name string, pieces []footprint.Piece) (footprint.Flag, float64) {
	kind, subject, noun := footprint.FlagSplitsWard, footprint.SubjectWard, "Ward"
	if k == footprint.KindMSOA {
		kind, subject, noun = footprint.FlagSplitsMSOA, footprint.SubjectMSOA, "MSOA"
	}
	ps := slices.Clone(pieces)
	slices.SortFunc(ps, func(x, y footprint.Piece) int {
		if c := cmp.Compare(y.Residents, x.Residents); c != 0 {
			return c
		}
		return strings.Compare(x.Footprint, y.Footprint)
	})
	var tot int64
	for _, p := range ps {
		tot += p.Residents
	}
	var sumSq float64
	var names []string
	for _, p := range ps {
		sh := 0.0
		if tot > 0 {
			sh = float64(p.Residents) / float64(tot)
		}
		sumSq += sh * sh
		names = append(names, fmt.Sprintf("%s (%s residents)", p.Name, Thousands(p.Residents)))
	}
	rest := tot - ps[0].Residents
	e := 0.0
	if sumSq > 0 {
		e = 1/sumSq - 1
	}
	fl := newFlag(set, kind, footprint.Subject{Kind: subject, Code: code, Name: name},
		map[string]float64{"footprints": float64(len(ps)), "effective_splits": e, "largest_share": float64(ps[0].Residents) / math.Max(1, float64(tot)), "affected": float64(rest)}, nil,
		fmt.Sprintf("%s %s is split between %s.", noun, name, andList(names)),
		fmt.Sprintf("Keep %s whole: move its %s residents outside %s into it, or agree the split.", name, Thousands(rest), ps[0].Name))
	return fl, e
}

// Footprint flags one footprint's problems: residents outside the band,
// separate pieces, crossing ICBs or places, and low containment.
func Footprint(a *footprint.Atlas, set footprint.Settings, fs *footprint.FootprintScore, p Plan) []footprint.Flag {
	var out []footprint.Flag
	if !fs.InBand {
		out = append(out, outOfBand(set, fs))
	}
	if fs.Components > 1 {
		out = append(out, nonContiguous(a, set, fs))
	}
	subj := footprint.Subject{Kind: footprint.SubjectFootprint, Code: fs.ID, Name: fs.Name}
	if len(fs.ICBs) > 1 {
		out = append(out, newFlag(set, footprint.FlagCrossesICB, subj, map[string]float64{"icbs": float64(len(fs.ICBs)), "affected": float64(fs.Population - fs.ICBs[0].Population)}, nil,
			fmt.Sprintf("%s spans %d ICBs: %s.", fs.Name, len(fs.ICBs), shareList(fs.ICBs)),
			fmt.Sprintf("Move the LSOAs outside %s (%s residents) into footprints of their own ICB.", fs.ICBs[0].Name, Thousands(fs.Population-fs.ICBs[0].Population))))
	}
	if len(fs.Places) > 1 {
		out = append(out, newFlag(set, footprint.FlagCrossesPlace, subj, map[string]float64{"places": float64(len(fs.Places)), "affected": float64(fs.Population - fs.Places[0].Population)}, nil,
			fmt.Sprintf("%s spans %d places: %s.", fs.Name, len(fs.Places), shareList(fs.Places)),
			fmt.Sprintf("Agree a cross-boundary arrangement between %s, or move the LSOAs outside %s.", shareList(fs.Places), fs.Places[0].Name)))
	}
	if c := fs.DemandContainment; c != nil && *c < set.LowContainment {
		out = append(out, newFlag(set, footprint.FlagLowContainment, subj, map[string]float64{"demand_containment": *c, "threshold": set.LowContainment, "affected": fs.Registered * (1 - *c)}, nil,
			fmt.Sprintf("Only %s of %s's registered residents are with PCNs homed in it.", pct(*c), fs.Name),
			"Re-draw the boundary to follow "+strangerList(p.Strangers(fs.ID, 3))+", or agree cross-boundary arrangements with them."))
	}
	return out
}

// outOfBand flags a footprint whose residents, or need-weighted residents,
// lie outside the band.
func outOfBand(set footprint.Settings, fs *footprint.FootprintScore) footprint.Flag {
	subj := footprint.Subject{Kind: footprint.SubjectFootprint, Code: fs.ID, Name: fs.Name}
	sized, what := fs.Population, "residents"
	if set.NeedWeighted {
		sized, what = int64(math.Round(fs.NeedWeightedPopulation)), "need-weighted residents"
	}
	nums := map[string]float64{"population": float64(fs.Population), "sized_population": float64(sized), "band_min": float64(set.BandMin), "band_max": float64(set.BandMax)}
	band := Thousands(set.BandMin) + "-" + Thousands(set.BandMax)
	if sized < set.BandMin {
		short := set.BandMin - sized
		nums["shortfall"], nums["affected"] = float64(short), float64(short)
		return newFlag(set, footprint.FlagPopulationOutOfBand, subj, nums, nil,
			fmt.Sprintf("%s has %s %s, %s below the %s band.", fs.Name, Thousands(sized), what, Thousands(short), band),
			fmt.Sprintf("Move at least %s %s in from neighbouring footprints, or merge it with a neighbour.", Thousands(short), what))
	}
	over := sized - set.BandMax
	nums["excess"], nums["affected"] = float64(over), float64(over)
	return newFlag(set, footprint.FlagPopulationOutOfBand, subj, nums, nil,
		fmt.Sprintf("%s has %s %s, %s above the %s band.", fs.Name, Thousands(sized), what, Thousands(over), band),
		fmt.Sprintf("Move at least %s %s out to neighbouring footprints, or split it in two.", Thousands(over), what))
}

// nonContiguous flags a footprint in separate pieces.
func nonContiguous(a *footprint.Atlas, set footprint.Settings, fs *footprint.FootprintScore) footprint.Flag {
	var pop int64
	for _, c := range fs.Detached {
		if u, ok := a.UnitIndex(c); ok {
			pop += int64(a.Units[u].Pop)
		}
	}
	subj := footprint.Subject{Kind: footprint.SubjectFootprint, Code: fs.ID, Name: fs.Name}
	return newFlag(set, footprint.FlagNonContiguous, subj, map[string]float64{"components": float64(fs.Components), "detached_lsoas": float64(len(fs.Detached)), "detached_population": float64(pop), "affected": float64(pop)}, fs.Detached,
		fmt.Sprintf("%s is in %d separate pieces.", fs.Name, fs.Components),
		fmt.Sprintf("Reassign the detached LSOAs %s (%s residents) to a footprint they touch, or join the pieces.", strings.Join(fs.Detached, ", "), Thousands(pop)))
}

// PCN flags a PCN that must re-align or agree a cross-boundary
// arrangement.
func PCN(set footprint.Settings, ps *footprint.PCNScore, p Plan) []footprint.Flag {
	subj := footprint.Subject{Kind: footprint.SubjectPCN, Code: ps.Code, Name: ps.Name}
	nums := map[string]float64{"containment": ps.Containment, "registered": ps.Registered, "outside_region": ps.OutsideRegion, "affected": ps.Registered * (1 - ps.Containment)}
	if ps.EffectiveSplits != nil {
		nums["effective_splits"] = *ps.EffectiveSplits
	}
	homeName := "no footprint"
	if ps.Home != "" {
		homeName = p.FootprintName(ps.Home)
	}
	switch ps.Status {
	case footprint.PCNRealign:
		nums["threshold"] = set.PCNRealign
		n := siteFootprints(ps)
		nums["site_footprints"] = float64(n)
		return []footprint.Flag{newFlag(set, footprint.FlagPCNRealign, subj, nums, nil,
			strings.TrimSpace(realignReason(set, ps, homeName, n)+" "+elsewhere(set, ps)),
			realignAction(set, ps, homeName, p))}
	case footprint.PCNCrossBoundary:
		nums["threshold"] = set.PCNAligned
		var parties []string
		for _, f := range ps.Significant {
			if f.ID != ps.Home {
				parties = append(parties, fmt.Sprintf("%s (%s of patients)", f.Name, pct(f.Share)))
			}
		}
		if len(parties) == 0 {
			parties = []string{"the footprints its other patients live in"}
		}
		return []footprint.Flag{newFlag(set, footprint.FlagPCNCrossBoundary, subj, nums, nil,
			fmt.Sprintf("%s is homed in %s, which holds %s of its patients: at least the %s that avoids re-alignment, below the %s needed to be aligned. %s",
				ps.Name, homeName, pct(ps.Containment), pct(set.PCNRealign), pct(set.PCNAligned), elsewhere(set, ps)),
			"Agree a cross-boundary arrangement with "+andList(parties)+".")}
	}
	return nil
}

// realignReason says which rule makes a PCN re-align: its home holds too
// few of its patients, or its practices sit outside its home, or both.
func realignReason(set footprint.Settings, ps *footprint.PCNScore, homeName string, sites int) string {
	var why []string
	if ps.Home == "" {
		why = append(why, "none of its patients live in the plan's footprints")
	} else if ps.Containment < set.PCNRealign {
		why = append(why, fmt.Sprintf("its home footprint %s holds %s of its patients, below the %s needed", homeName, pctBelow(ps.Containment, set.PCNRealign), pct(set.PCNRealign)))
	}
	away := 0
	for _, sf := range ps.SiteFootprints {
		if sf.Footprint != ps.Home {
			away++
		}
	}
	if away > 0 && ps.Home != "" {
		why = append(why, fmt.Sprintf("%s outside its home footprint %s (its sites are in %s)", plural(away, "practice sits", "practices sit"), homeName, plural(sites, "footprint", "footprints")))
	}
	return ps.Name + " must re-align: " + strings.Join(why, "; and ") + "."
}

// realignAction says what re-aligning takes: the practices sited outside
// the home footprint, and the patients the home would have to take in.
func realignAction(set footprint.Settings, ps *footprint.PCNScore, homeName string, p Plan) string {
	if ps.Home == "" {
		return "Bring the LSOAs where its patients live into a footprint, or re-form the PCN."
	}
	byFootprint := map[string][]string{}
	var order []string
	for _, sf := range ps.SiteFootprints {
		if sf.Footprint == ps.Home {
			continue
		}
		name := "no footprint"
		if sf.Footprint != "" {
			name = p.FootprintName(sf.Footprint)
		}
		if _, ok := byFootprint[name]; !ok {
			order = append(order, name)
		}
		byFootprint[name] = append(byFootprint[name], sf.Name)
	}
	var parts []string
	for _, name := range order {
		parts = append(parts, fmt.Sprintf("%s, sited in %s", andList(byFootprint[name]), name))
	}
	var action []string
	if away := len(ps.SiteFootprints) - sitesIn(ps, ps.Home); away == 1 {
		action = append(action, "Move "+parts[0]+", into the network of the footprint it sits in, or bring its site into "+homeName)
	} else if away > 1 {
		action = append(action, "Move "+strings.Join(parts, "; ")+", into the networks of the footprints they sit in, or bring their sites into "+homeName)
	}
	if ps.Containment < set.PCNRealign {
		need := int64(math.Ceil(set.PCNRealign*ps.Registered - ps.Containment*ps.Registered))
		action = append(action, fmt.Sprintf("re-draw %s to take in at least %s more of its patients (for %s), or re-align its practices with the networks where its patients live", homeName, Thousands(need), pct(set.PCNRealign)))
	}
	a := strings.Join(action, "; ")
	return strings.ToUpper(a[:1]) + a[1:] + "."
}

// sitesIn counts a PCN's practice sites in footprint id.
func sitesIn(ps *footprint.PCNScore, id string) int {
	n := 0
	for _, sf := range ps.SiteFootprints {
		if sf.Footprint == id {
			n++
		}
	}
	return n
}

// pctBelow formats a share that is below a threshold so that it does not
// round up to it: 49.6% of a 50% threshold shows as 49.6%.
func pctBelow(x, threshold float64) string {
	if s := pct(x); s != pct(threshold) {
		return s
	}
	return fmt.Sprintf("%.1f%%", math.Floor(1000*x)/10)
}

// elsewhere says where a PCN's patients outside its home footprint live:
// the footprints holding a significant share, and the rest.
func elsewhere(set footprint.Settings, ps *footprint.PCNScore) string {
	rest := 1 - ps.Containment
	if ps.Home == "" || rest <= 0.005 {
		return ""
	}
	var parts []string
	named := 0.0
	for _, f := range ps.Significant {
		if f.ID != ps.Home {
			parts = append(parts, fmt.Sprintf("%s (%s)", f.Name, pct(f.Share)))
			named += f.Share
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("The other %s of its patients are spread over footprints that each hold less than %s of them, or live outside the plan.", pct(rest), pct(set.SignificantShare))
	}
	if other := rest - named; other > 0.005 {
		parts = append(parts, fmt.Sprintf("elsewhere (%s)", pct(other)))
	}
	return fmt.Sprintf("The other %s of its patients live in %s.", pct(rest), andList(parts))
}

// andList joins items as "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural is "1 footprint" or "3 footprints".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(int64(n)) + " " + many
}

// siteFootprints counts the footprints a PCN's practice sites lie in,
// "no footprint" counting as one.
func siteFootprints(ps *footprint.PCNScore) int {
	seen := map[string]bool{}
	for _, sf := range ps.SiteFootprints {
		seen[sf.Footprint] = true
	}
	return len(seen)
}

// Sort orders flags by severity, then kind, then residents affected, most
// first, then subject.
func Sort(fl []footprint.Flag) {
	kindRank := map[footprint.FlagKind]int{}
	for i, k := range footprint.FlagKinds {
		kindRank[k] = i
	}
	slices.SortStableFunc(fl, func(x, y footprint.Flag) int {
		if c := cmp.Compare(x.Severity.Rank(), y.Severity.Rank()); c != 0 {
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
