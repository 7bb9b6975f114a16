package export

import (
	"fmt"
	"math"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/profile"
)

// exportRow is what an exported footprint's attributes come from.
type exportRow struct {
	band  [2]int64 // the plan's band: fewest and most residents
	fs    *footprint.FootprintScore
	info  *footprint.FootprintInfo
	flags map[footprint.Severity]int
	v     map[string]string
	pr    *footprint.Profile
}

// column is one attribute of an exported footprint: its name, its
// GeoPackage type, how to get it and the decimal places it is rounded
// to (-1: as it is; 0: a whole number, exported as an integer).
type column struct {
	name, typ string
	get       func(r *exportRow) any
	places    int
}

// value is the column's value for r, rounded.
func (c column) value(r *exportRow) any {
	raw := c.get(r)
	v, ok := raw.(float64)
	switch {
	case !ok || c.places < 0:
		return raw
	case c.places == 0:
		return int64(math.Round(v))
	}
	return round(v, c.places)
}

// round rounds v to places decimal places.
func round(v float64, places int) float64 {
	f := math.Pow10(places)
	return math.Round(v*f) / f
}

func optional(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func names(list []footprint.AreaShare) string {
	var n []string
	for _, a := range list {
		n = append(n, a.Name)
	}
	return strings.Join(n, "; ")
}

// Precision of exported numbers.
const (
	KmPlaces    = 4 // areas in km², to 100 m²
	RatioPlaces = 4 // shares and ratios, to 0.01%
	ScorePlaces = 2 // IMD scores, as the indices publish them
)

func text(name string, get func(r *exportRow) any) column  { return column{name, "TEXT", get, -1} }
func whole(name string, get func(r *exportRow) any) column { return column{name, "INTEGER", get, -1} }

// people is a count of people, rounded to a whole number.
func people(name string, get func(r *exportRow) any) column { return column{name, "INTEGER", get, 0} }

// metres is a distance in metres, rounded to a whole metre.
func metres(name string, get func(r *exportRow) any) column { return column{name, "INTEGER", get, 0} }

// km2 is an area in km².
func km2(name string, get func(r *exportRow) any) column { return column{name, "REAL", get, KmPlaces} }

// ratio is a share or ratio.
func ratio(name string, get func(r *exportRow) any) column {
	return column{name, "REAL", get, RatioPlaces}
}

// imdScore is an IMD score.
func imdScore(name string, get func(r *exportRow) any) column {
	return column{name, "REAL", get, ScorePlaces}
}

// Band statuses, in the band_status column the GeoPackage style draws.
const (
	BandEmpty = "empty"
	BandBelow = "below"
	BandIn    = "in_band"
	BandAbove = "above"
)

// bandStatus is where a footprint's residents fall against the band,
// as the scorer judged it.
func bandStatus(r *exportRow) string {
	switch {
	case r.fs.LSOAs == 0:
		return BandEmpty
	case r.fs.InBand:
		return BandIn
	case r.fs.Population < r.band[0]:
		return BandBelow
	}
	return BandAbove
}

// segmentColumn is the residents of one profile segment.
func segmentColumn(i int) column {
	return whole(profile.SegmentKeys()[i], func(r *exportRow) any { return r.pr.Segments[i].Residents })
}

func domainColumn(i int) column {
	return imdScore("imd_"+footprint.IMDDomainRoles[i], func(r *exportRow) any {
		if r.pr.IMDMean == nil {
			return nil
		}
		return r.pr.Domains[i].Mean
	})
}

func hubColumn(i int) column {
	return text(fmt.Sprintf("hub_%d", i+1), func(r *exportRow) any {
		if i >= len(r.pr.Hubs) {
			return nil
		}
		h := r.pr.Hubs[i]
		return fmt.Sprintf("%s %s (%.0f m)", h.Practice, h.Name, h.MeanDistanceM)
	})
}

func lsoaRef(l *footprint.LSOARef) any {
	if l == nil {
		return nil
	}
	return fmt.Sprintf("%s %s (IMD %.1f, decile %d)", l.Code, l.Name, l.Score, l.Decile)
}

// exportColumns are the attributes of each footprint in GeoJSON and
// GeoPackage exports and the profiles CSV: its scores, then its profile.
var exportColumns = func() []column {
	cols := []column{
		text("id", func(r *exportRow) any { return r.fs.ID }),
		text("name", func(r *exportRow) any { return r.fs.Name }),
		// footprint repeats the id under the column plan imports read
		// ids from first, so an export reads back with its ids even
		// though name comes before id among the defaults.
		text("footprint", func(r *exportRow) any { return r.fs.ID }),
		text("colour", func(r *exportRow) any { return r.info.Colour }),
		whole("population", func(r *exportRow) any { return r.fs.Population }),
		people("need_weighted_population", func(r *exportRow) any { return r.fs.NeedWeightedPopulation }),
		whole("in_band", func(r *exportRow) any { return r.fs.InBand }),
		text("band_status", func(r *exportRow) any { return bandStatus(r) }),
		whole("lsoas", func(r *exportRow) any { return r.fs.LSOAs }),
		whole("components", func(r *exportRow) any { return r.fs.Components }),
		km2("area_km2", func(r *exportRow) any { return optional(r.fs.AreaKm2) }),
		ratio("polsby_popper", func(r *exportRow) any { return optional(r.fs.PolsbyPopper) }),
		ratio("reock", func(r *exportRow) any { return optional(r.fs.Reock) }),
		ratio("hull_ratio", func(r *exportRow) any { return optional(r.fs.HullRatio) }),
		ratio("ward_integrity", func(r *exportRow) any { return optional(r.fs.WardIntegrity) }),
		ratio("msoa_integrity", func(r *exportRow) any { return optional(r.fs.MSOAIntegrity) }),
		ratio("demand_containment", func(r *exportRow) any { return optional(r.fs.DemandContainment) }),
		ratio("supply_containment", func(r *exportRow) any { return optional(r.fs.SupplyContainment) }),
		people("registered", func(r *exportRow) any { return r.fs.Registered }),
		text("home_pcns", func(r *exportRow) any { return strings.Join(r.fs.HomePCNs, "; ") }),
		imdScore("imd_mean", func(r *exportRow) any { return optional(r.fs.IMDMean) }),
		ratio("imd_d12_share", func(r *exportRow) any { return optional(r.fs.IMDD12Share) }),
		text("boroughs", func(r *exportRow) any { return names(r.fs.Boroughs) }),
		text("places", func(r *exportRow) any { return names(r.fs.Places) }),
		text("icbs", func(r *exportRow) any { return names(r.fs.ICBs) }),
		whole("flags_error", func(r *exportRow) any { return r.flags[footprint.SeverityError] }),
		whole("flags_warning", func(r *exportRow) any { return r.flags[footprint.SeverityWarning] }),
		whole("flags_info", func(r *exportRow) any { return r.flags[footprint.SeverityInfo] }),
	}
	for i := range profile.SegmentKeys() {
		cols = append(cols, segmentColumn(i))
	}
	for i := range footprint.NumIMDDomains {
		cols = append(cols, domainColumn(i))
	}
	cols = append(cols,
		text("most_deprived", func(r *exportRow) any { return lsoaRef(r.pr.MostDeprived) }),
		text("least_deprived", func(r *exportRow) any { return lsoaRef(r.pr.LeastDeprived) }),
		text("practices", func(r *exportRow) any {
			var c []string
			for _, p := range r.pr.Practices {
				c = append(c, p.Code)
			}
			return strings.Join(c, "; ")
		}),
		whole("list_size", func(r *exportRow) any { return r.pr.ListSize }),
		ratio("list_inflation", func(r *exportRow) any { return optional(r.pr.ListInflation) }),
		ratio("list_per_resident", func(r *exportRow) any { return optional(r.pr.ListPerResident) }),
		ratio("registered_inside", func(r *exportRow) any { return optional(r.pr.RegisteredInside) }),
		metres("mean_distance_m", func(r *exportRow) any { return optional(r.pr.MeanDistanceM) }),
	)
	for i := range 3 {
		cols = append(cols, hubColumn(i))
	}
	return append(cols,
		text("vintage_population", func(r *exportRow) any { return r.v["population"] }),
		text("vintage_registrations", func(r *exportRow) any { return r.v["registrations"] }),
		text("vintage_pcns", func(r *exportRow) any { return r.v["practices"] }),
		text("vintage_list_sizes", func(r *exportRow) any { return r.v["list_sizes"] }),
		text("vintage_imd", func(r *exportRow) any { return r.v["imd"] }),
		text("vintage_boundaries", func(r *exportRow) any { return r.v["lsoa"] }),
	)
}()
