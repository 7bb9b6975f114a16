package design_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
)

// row is a one-row synthetic place of LSOAs with the residents given,
// each registered with PCN 0 and in ward 0.
func row(pops ...int32) *footprint.Atlas {
	return footprinttest.Synthetic(footprinttest.Spec{Rows: 1, Cols: len(pops), Pop: func(r, c int) int32 { return pops[c] },
		PCN: func(r, c int) int { return 0 }, Ward: func(r, c int) int { return 0 }})
}

// band returns the default settings with the band min-max.
func band(min, max int64) footprint.Settings {
	s := footprint.DefaultSettings()
	s.BandMin, s.BandMax = min, max
	return s
}

// A band no arrangement of LSOAs can meet is rejected up front as invalid
// input, naming the place and the numbers, by Check and by Run alike; a
// band some arrangement may meet passes.
func TestCheck(t *testing.T) {
	grid := footprinttest.Grid(t)
	cross := band(9000, 9500)
	cross.AllowCrossPlace = true
	big := row(10000, 10000, 60000)
	locked := footprinttest.Plan(t, big, `{"name": "draft", "footprints": [{"id": "big", "name": "Big", "locked": true}], "assignments": {"E00000000": "rest", "E00000001": "rest", "E00000002": "big"}}`)
	tests := []struct {
		name string
		a    *footprint.Atlas
		opt  design.Options
		want string // "" for no error
	}{
		{"too few residents", row(9000, 9000), design.Options{Mode: design.Propose},
			"no footprints in the band 30,000–50,000 can be made: Place (B1) has 18,000 residents, fewer than the band's minimum of 30,000"},
		{"an LSOA over the maximum", row(10000, 10000, 60000), design.Options{Mode: design.FromPCN},
			"in Place (B1), LSOA E00000002 cell 0,2 alone has 60,000 residents, more than the band's maximum of 50,000"},
		{"in a gap between counts", row(20000, 20000, 20000), design.Options{Mode: design.Propose, Settings: band(35000, 50000)},
			"Place (B1) has 60,000 residents, too many for one footprint of at most 50,000 and too few for 2 of at least 35,000"},
		{"in a gap of several", row(20000, 20000, 20000, 20000, 20000, 20000, 20000), design.Options{Mode: design.Propose, Settings: band(36000, 45000)},
			"too many for 3 footprints of at most 45,000 and too few for 4 of at least 36,000"},
		{"feasible", row(20000, 20000, 20000), design.Options{Mode: design.Propose}, ""},
		{"grid, each place too small", grid, design.Options{Mode: design.Propose, Settings: band(9000, 9500)},
			"Barking (E09000002) has 4,500 residents, fewer than the band's minimum of 9,000; City and Hackney (E09000012) has 5,000 residents, fewer than the band's minimum of 9,000"},
		{"grid, the places together", grid, design.Options{Mode: design.Propose, Settings: cross}, ""},
		{"grid, an LSOA over the maximum", grid, design.Options{Mode: design.Propose, Places: []string{"E09000012"}, Settings: band(1, 1200)},
			"in City and Hackney (E09000012), LSOA E01000002 Grid 001B alone has 1,500 residents, more than the band's maximum of 1,200"},
		{"repair keeps locked footprints out", big, design.Options{Mode: design.Repair, Draft: locked}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := design.Check(tt.a, tt.opt)
			_, runErr := design.Run(context.Background(), tt.a, tt.opt)
			for _, e := range []error{err, runErr} {
				switch {
				case tt.want == "" && e != nil:
					t.Errorf("unexpected error %v", e)
				case tt.want != "" && (footprint.Code(e) != footprint.EInvalid || !strings.Contains(e.Error(), tt.want)):
					t.Errorf("got %v (%s), want EInvalid containing %q", e, footprint.Code(e), tt.want)
				}
			}
		})
	}
}

// A place given twice is designed once: the same plan as given once.
func TestDesignDedupe(t *testing.T) {
	a := footprinttest.Grid(t)
	set := band(1000, 5000)
	once := run(t, a, design.Options{Mode: design.Propose, Seed: 3, Settings: set, Places: []string{"E09000012", "E09000002"}})
	twice := run(t, a, design.Options{Mode: design.Propose, Seed: 3, Settings: set, Places: []string{"E09000012", "E09000002", "E09000012", "E09000002", "E09000012"}})
	if len(twice.Places) != 2 || len(twice.Plan.Places) != 2 {
		t.Fatalf("places %+v, plan places %v", twice.Places, twice.Plan.Places)
	}
	for code, id := range once.Plan.Assign {
		if twice.Plan.Assign[code] != id {
			t.Errorf("%s: %s given once, %s given twice", code, id, twice.Plan.Assign[code])
		}
	}
}

// hardGrid is a 30×30 grid of about 1,000 residents a cell, nine PCNs and
// 36 wards, on which a band of 9,000-9,300 passes Check but keeps the
// search busy for minutes.
func hardGrid() *footprint.Atlas {
	return footprinttest.Synthetic(footprinttest.Spec{Rows: 30, Cols: 30, Pop: func(r, c int) int32 { return int32(900 + (r*7+c*13)%200) },
		PCN: func(r, c int) int { return (r/10)*3 + c/10 }, Ward: func(r, c int) int { return (r/5)*6 + c/5 }})
}

// A design cancelled, or past its deadline, while deep in its loops stops
// within a second, with an error wrapping the context's.
func TestDesignStopsMidway(t *testing.T) {
	a := hardGrid()
	hard := band(9000, 9300)
	tests := []struct {
		name string
		mode design.Mode
		want error
	}{
		{"propose cancelled", design.Propose, context.Canceled},
		{"from-pcn cancelled", design.FromPCN, context.Canceled},
		{"propose past its deadline", design.Propose, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := design.Options{Mode: tt.mode, Seed: 1, Settings: hard}
			if err := design.Check(a, opt); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stop := cancel
			if tt.want == context.DeadlineExceeded {
				ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
				defer cancel()
				stop = func() {}
			}
			done := make(chan error, 1)
			go func() { _, err := design.Run(ctx, a, opt); done <- err }()
			time.Sleep(100 * time.Millisecond)
			t0 := time.Now()
			stop()
			select {
			case err := <-done:
				if !errors.Is(err, tt.want) {
					t.Errorf("got %v, want an error wrapping %v", err, tt.want)
				}
				if d := time.Since(t0); d > time.Second {
					t.Errorf("stopped %v after the cancel", d)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("still running 5 s after the cancel")
			}
		})
	}
}
