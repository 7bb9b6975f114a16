package register

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// csvHeader is the header of the register's CSV: one row per agreement.
var csvHeader = []string{"kind", "rank", "subject_code", "subject_name", "footprint", "counterpart", "patients_or_residents", "share", "practices", "action"}

// WriteCSV writes the register as CSV, one row per agreement, kinds in
// turn, each ranked by the patients or residents affected.
func WriteCSV(w io.Writer, r *footprint.Register) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader)
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
	share := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	for i, re := range r.Realignments {
		cw.Write([]string{"pcn_realign", strconv.Itoa(i + 1), re.PCN, re.Name, re.HomeName, strings.Join(re.AwayPractices, "; "), num(re.Affected), share(re.Containment), sitesOf(re.Sites), re.Action})
	}
	for i, ar := range r.Arrangements {
		cw.Write([]string{"cross_boundary", strconv.Itoa(i + 1), ar.PCN, ar.PCNName, ar.HomeName, ar.OtherName, num(ar.Patients), share(ar.Share), strings.Join(ar.Practices, "; "), ar.Action})
	}
	for i, c := range r.Crossings {
		var sides []string
		for _, s := range c.Sides {
			sides = append(sides, s.Name+" "+strconv.FormatInt(s.Population, 10))
		}
		cw.Write([]string{"crosses_" + c.Kind, strconv.Itoa(i + 1), c.Footprint, c.Name, c.Name, strings.Join(sides, "; "), strconv.FormatInt(c.Affected, 10), "", "", c.Action})
	}
	cw.Flush()
	return cw.Error()
}

// sitesOf lists practices with the footprint each site lies in.
func sitesOf(sites []footprint.SiteFootprint) string {
	var out []string
	for _, s := range sites {
		fp := s.Footprint
		if fp == "" {
			fp = "no footprint"
		}
		out = append(out, s.Name+" ("+s.Practice+") in "+fp)
	}
	return strings.Join(out, "; ")
}
