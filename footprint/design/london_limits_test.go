//go:build cgo

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

// A design of all London with a band that makes the search hard (each
// runs for minutes) stops within a second of its context being cancelled,
// in every mode, and reports the cancellation as an error wrapping
// context.Canceled.
func TestLondonDesignCancelStops(t *testing.T) {
	a := footprinttest.London(t)
	hard := band(20000, 24000)
	cross := hard
	cross.AllowCrossPlace = true
	tests := []struct {
		name string
		opt  design.Options
	}{
		{"propose", design.Options{Mode: design.Propose, Seed: 1, Settings: hard}},
		{"from-pcn", design.Options{Mode: design.FromPCN, Seed: 1, Settings: hard}},
		{"propose across places", design.Options{Mode: design.Propose, Seed: 1, Settings: cross}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				_, err := design.Run(ctx, a, tt.opt)
				done <- err
			}()
			time.Sleep(200 * time.Millisecond)
			t0 := time.Now()
			cancel()
			select {
			case err := <-done:
				stop := time.Since(t0)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("got %v, want an error wrapping context.Canceled", err)
				}
				if stop > time.Second {
					t.Errorf("stopped %v after the cancel, want within 1 s", stop)
				}
				t.Logf("%s: stopped %v after the cancel", tt.name, stop)
			case <-time.After(10 * time.Second):
				t.Fatal("still running 10 s after the cancel")
			}
		})
	}
}

// Camden with a band of 1-2,000 is rejected at once: several of its LSOAs
// alone have more than 2,000 residents.
func TestLondonCamdenTinyBand(t *testing.T) {
	a := footprinttest.London(t)
	opt := design.Options{Mode: design.Propose, Seed: 1, Places: []string{"E09000007"}, Settings: band(1, 2000)}
	t0 := time.Now()
	_, err := design.Run(context.Background(), a, opt)
	took := time.Since(t0)
	if footprint.Code(err) != footprint.EInvalid || !strings.Contains(err.Error(), "in Camden (E09000007), LSOA E01") ||
		!strings.Contains(err.Error(), "more than the band's maximum of 2,000") {
		t.Fatalf("got %v, want EInvalid naming Camden, an LSOA and the maximum", err)
	}
	if took > 100*time.Millisecond {
		t.Errorf("took %v to reject, want well under 100 ms", took)
	}
	if cerr := design.Check(a, opt); cerr == nil || cerr.Error() != err.Error() {
		t.Errorf("Check: %v, Run: %v", cerr, err)
	}
	t.Logf("rejected in %v: %v", took, err)
}
