package server

import (
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/server/servertest"
	"github.com/nhs-footprint/footprint/server/store"
)

// BenchmarkEditP99London measures edit latency as cmd/footprint-bench
// does: 20 editors, each on its own London PCN-baseline plan, each sending
// 100 one-LSOA moves as fast as the server answers (once every editor has
// made and opened its plan), through a real HTTP
// listener and a store that syncs each commit. It reports p50 and p99;
// the target for p99 is 50 ms.
func BenchmarkEditP99London(b *testing.B) {
	a := footprinttest.London(b)
	for b.Loop() {
		st, err := store.Open(filepath.Join(b.TempDir(), "plans.db"))
		if err != nil {
			b.Fatal(err)
		}
		hs := httptest.NewServer(New(a, Options{Store: st}))
		lat, err := servertest.Editors(hs.URL, a, 20, 100)
		if err != nil {
			b.Fatal(err)
		}
		hs.Close()
		st.Close()
		b.ReportMetric(float64(servertest.Percentile(lat, 0.5).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(servertest.Percentile(lat, 0.99).Microseconds())/1000, "p99-ms")
	}
}
