package pack

import (
	"html/template"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/register"
	"github.com/nhs-footprint/footprint/footprint/score"
	"github.com/paulmach/orb"
)

// Options say what the cover says of the plan.
type Options struct {
	Version int       // the plan's version, 0 if it has none
	Date    time.Time // the pack's date
}

// page is what the template draws.
type page struct {
	Plan       string
	Places     []string
	Version    int
	Date       string
	Vintages   []vintage
	Card       footprint.PlanScore
	Overview   template.HTML
	Footprints []section
	Register   *footprint.Register
	BandMin    int64
	BandMax    int64
}

type vintage struct{ Layer, Text string }

// section is one footprint's page.
type section struct {
	Number   int // its label on the maps
	Score    footprint.FootprintScore
	Profile  footprint.Profile
	Map      template.HTML
	Colour   string
	BandPos  float64 // residents along the band bar, 0-100
	MinPos   float64 // the band's ends along the bar
	MaxPos   float64
	ScaleMax int64 // the residents at the bar's right end
	Wards    []footprint.AreaShare
	MSOAs    []footprint.AreaShare
	PCNs     []pcnLine
	Flags    []footprint.Flag
	More     int // flags left out for space
	Sized    int64
	SizedWhy string
}

type pcnLine struct {
	Code, Name  string
	Containment float64
	Status      footprint.PCNStatus
	Share       float64
}

// maxFlags is the most flags a footprint's page lists; the rest are in the
// register.
const maxFlags = 6

// maxFlagChars bounds the characters of the flags a footprint's page
// lists (the first is always listed), so that its section fits one A4
// page however long the names in the flags are.
const maxFlagChars = 900

// Write writes the decision pack of the scorer's plan to w.
func Write(w io.Writer, s *score.Scorer, opt Options) error {
	a := s.Atlas()
	sc := s.Score(true)
	dis, err := export.Dissolve(s, 2)
	if err != nil {
		return err
	}
	prof := profile.Plan(s)
	p := s.Plan().Clone()
	colour.Assign(a, p) // footprints with no colour yet get one for the maps
	pg := page{Plan: p.Name, Places: placeNames(a, sc.Plan.Places), Version: opt.Version, Date: opt.Date.Format("2 January 2006"),
		Card: sc.Plan, Register: register.Plan(s), BandMin: p.Settings.BandMin, BandMax: p.Settings.BandMax}
	for layer, text := range sc.Plan.Vintages {
		pg.Vintages = append(pg.Vintages, vintage{layer, text})
	}
	slices.SortFunc(pg.Vintages, func(x, y vintage) int { return compareStrings(x.Layer, y.Layer) })
	layers := make([]layer, len(dis))
	var all orb.Bound
	for i, d := range dis {
		info, _ := p.Lookup(d.ID)
		// Maps are labelled by number, which the key and each footprint's
		// page give with the name: names are too long to fit on a map.
		layers[i] = layer{id: d.ID, name: sc.Footprints[i].Name, label: strconv.Itoa(i + 1), geom: d.Geom}
		if info != nil {
			layers[i].colour = info.Colour
		}
		if !d.Geom.Bound().IsEmpty() {
			all = extend(all, d.Geom.Bound(), i == 0)
		}
	}
	pg.Overview = drawMap(all, 680, 440, layers)
	for i := range sc.Footprints {
		pg.Footprints = append(pg.Footprints, footprintSection(sc, i, prof.Profiles[i], layers, all))
	}
	return tmpl.Execute(w, pg)
}

// footprintSection lays out footprint i's page.
func footprintSection(sc *footprint.Score, i int, pr footprint.Profile, layers []layer, all orb.Bound) section {
	fs := sc.Footprints[i]
	sec := section{Number: i + 1, Score: fs, Profile: pr, Colour: colourOr(layers[i].colour), Wards: top(fs.Wards, 8), MSOAs: top(fs.MSOAs, 6), Sized: fs.Population, SizedWhy: "residents"}
	sec.ScaleMax = sc.Plan.BandMax + sc.Plan.BandMax/4
	if sec.ScaleMax > 0 {
		scale := float64(sec.ScaleMax)
		sec.BandPos = min(100, 100*float64(fs.Population)/scale)
		sec.MinPos, sec.MaxPos = 100*float64(sc.Plan.BandMin)/scale, 100*float64(sc.Plan.BandMax)/scale
	}
	// Its map: the footprint, with its neighbours faded for context.
	b := layers[i].geom.Bound()
	if layers[i].geom.Bound().IsEmpty() {
		b = all
	}
	pad := orb.Bound{Min: orb.Point{b.Min[0] - (b.Max[0]-b.Min[0])*0.15, b.Min[1] - (b.Max[1]-b.Min[1])*0.15}, Max: orb.Point{b.Max[0] + (b.Max[0]-b.Min[0])*0.15, b.Max[1] + (b.Max[1]-b.Min[1])*0.15}}
	ctx := make([]layer, 0, len(layers))
	for j, l := range layers {
		if j != i && l.geom.Bound().Intersects(pad) {
			l.faded = true
			ctx = append(ctx, l)
		}
	}
	ctx = append(ctx, layers[i])
	sec.Map = drawMap(pad, 330, 300, ctx)
	for _, ps := range sc.PCNs {
		if ps.Home == fs.ID && ps.Status != footprint.PCNExternal {
			sec.PCNs = append(sec.PCNs, pcnLine{Code: ps.Code, Name: ps.Name, Containment: ps.Containment, Status: ps.Status})
		}
	}
	chars := 0 // of the flags shown, which must leave the section one page
	for _, fl := range sc.Flags {
		if fl.Subject.Kind == footprint.SubjectFootprint && fl.Subject.Code == fs.ID || fl.Subject.Kind == footprint.SubjectPCN && homedIn(sc, fl.Subject.Code, fs.ID) {
			n := utf8.RuneCountInString(fl.Message) + utf8.RuneCountInString(fl.Action)
			if len(sec.Flags) < maxFlags && (len(sec.Flags) == 0 || chars+n <= maxFlagChars) {
				sec.Flags = append(sec.Flags, fl)
				chars += n
			} else {
				sec.More++
			}
		}
	}
	return sec
}

// homedIn reports whether PCN code is homed in footprint id.
func homedIn(sc *footprint.Score, code, id string) bool {
	for _, ps := range sc.PCNs {
		if ps.Code == code {
			return ps.Home == id
		}
	}
	return false
}

// top is the first n of a list.
func top[T any](list []T, n int) []T { return list[:min(n, len(list))] }

// extend grows bound b to hold c; first says b is still empty.
func extend(b, c orb.Bound, first bool) orb.Bound {
	if first || b.IsZero() {
		return c
	}
	return b.Union(c)
}

// placeNames names the places by code.
func placeNames(a *footprint.Atlas, codes []string) []string {
	var out []string
	for _, c := range codes {
		if i := a.PlaceIndex(c); i >= 0 {
			out = append(out, a.Places[i].Name)
		}
	}
	return out
}

func compareStrings(x, y string) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
