//go:build cgo

package profile_test

import (
	"math"
	"strings"
	"testing"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/score"
)

func TestProfileHubTie(t *testing.T) {
	dir := footprinttest.CopyGrid(t, map[string]func(string) string{"practices.csv": func(s string) string {
		return strings.Replace(s, "A00006,Offshore Practice,U00003,OFFSHORE PCN,QMF,532200,180200", "A00006,Offshore Practice,U00003,OFFSHORE PCN,QMF,532300,180700", 1)
	}})
	a, err := footprinttest.Import(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := score.NewScorer(a, footprinttest.Plan(t, a, `{"assignments": {"E01000003": "x"}}`))
	p := profile.Plan(s).Profiles[0]
	if len(p.Hubs) != 2 || p.Hubs[0].Practice != "A00005" || p.Hubs[1].Practice != "A00006" || p.Hubs[0].MeanDistanceM != p.Hubs[1].MeanDistanceM || math.Abs(p.Hubs[0].MeanDistanceM-math.Hypot(200, 200)) > 1e-9 {
		t.Errorf("hubs %+v", p.Hubs)
	}
}

func TestLondonProfileSegments(t *testing.T) {
	a, p := footprinttest.LondonBaseline(t, baseline.Borough)
	s := footprinttest.Scorer(t, a, p)
	doc := profile.Plan(s)
	if len(doc.Profiles) != 33 {
		t.Fatalf("%d profiles", len(doc.Profiles))
	}
	for _, pr := range doc.Profiles {
		var census [footprint.NumAgeBands]int64
		var total int64
		for _, b := range a.Boroughs {
			if b.Code != pr.ID {
				continue
			}
			for _, u := range b.Units {
				for k, n := range a.Units[u].Ages {
					census[k] += int64(n)
				}
				total += int64(a.Units[u].Pop)
			}
		}
		seg := map[string]int64{}
		for _, sg := range pr.Segments {
			seg[sg.Key] = sg.Residents
		}
		if pr.Population != total || seg["age_0_4"] != census[0] || seg["cyp_0_19"] != census[0]+census[1]+census[2]+census[3] ||
			seg["cyp_0_19"]+seg["working_20_64"]+seg["older_65"] != total || seg["older_85"] != census[10] {
			t.Errorf("%s %s: segments %v against Census %v (total %d)", pr.ID, pr.Name, seg, census, total)
		}
	}
}

// BenchmarkLondonProfiles: every profile of the 203-footprint PCN plan.
func BenchmarkLondonProfiles(b *testing.B) {
	a, p := footprinttest.LondonBaseline(b, baseline.PCN)
	s := footprinttest.Scorer(b, a, p)
	for b.Loop() {
		if doc := profile.Plan(s); len(doc.Profiles) != 203 {
			b.Fatal(len(doc.Profiles))
		}
	}
}
