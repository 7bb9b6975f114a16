//go:build cgo

package pack_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/pack"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// lambeth is a seeded proposal for Lambeth, scored.
func lambeth(tb testing.TB) *score.Scorer {
	tb.Helper()
	a := footprinttest.London(tb)
	res, err := design.Run(context.Background(), a, design.Options{Mode: design.Propose, Places: []string{"E09000022"}, Seed: 1,
		Settings: footprint.DefaultSettings(), Weights: design.DefaultWeights()})
	if err != nil {
		tb.Fatal(err)
	}
	return footprinttest.Scorer(tb, a, res.Plan)
}

// TestLambethPackPages prints Lambeth's pack to PDF in headless Chromium:
// at most 2 pages plus 1 per footprint.
func TestLambethPackPages(t *testing.T) {
	s := lambeth(t)
	_, errChromium := os.Stat("/usr/bin/chromium")
	footprinttest.Need(t, errChromium == nil, "/usr/bin/chromium")
	_, errPdfinfo := exec.LookPath("pdfinfo")
	footprinttest.Need(t, errPdfinfo == nil, "pdfinfo (poppler-utils)")
	dir := t.TempDir()
	html, pdf := filepath.Join(dir, "pack.html"), filepath.Join(dir, "pack.pdf")
	f, err := os.Create(html)
	if err != nil {
		t.Fatal(err)
	}
	if err := pack.Write(f, s, pack.Options{Version: 1, Date: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdf, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: %s", out)
	}
	pages, _ := strconv.Atoi(string(m[1]))
	footprints := len(s.Footprints())
	t.Logf("Lambeth: %d footprints, %d A4 pages", footprints, pages)
	if pages > 2+footprints {
		t.Errorf("%d pages for %d footprints: want at most %d", pages, footprints, 2+footprints)
	}
	if os.Getenv("FOOTPRINT_ARTIFACTS") != "" {
		os.MkdirAll(os.Getenv("FOOTPRINT_ARTIFACTS"), 0o755)
		data, _ := os.ReadFile(pdf)
		os.WriteFile(filepath.Join(os.Getenv("FOOTPRINT_ARTIFACTS"), "lambeth-pack.pdf"), data, 0o644)
	}
}

// BenchmarkLambethPack writes Lambeth's pack (target 2 s).
func BenchmarkLambethPack(b *testing.B) {
	s := lambeth(b)
	b.ResetTimer()
	for range b.N {
		if err := pack.Write(discard{}, s, pack.Options{Date: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
