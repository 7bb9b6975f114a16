package pack_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nhs-footprint/footprint/footprint/footprinttest"
	"github.com/nhs-footprint/footprint/footprint/pack"
)

func TestPackGrid(t *testing.T) {
	a := footprinttest.Grid(t)
	p := footprinttest.Plan(t, a, footprinttest.GridPlanT)
	p.Name = `Board <script>alert(1)</script> "option"`
	p.Footprints[0].Name = `x" onmouseover="alert(1)`
	p.Footprints[1].Colour = `red;x:url(javascript:1)`
	s := footprinttest.Scorer(t, a, p)
	var buf bytes.Buffer
	if err := pack.Write(&buf, s, pack.Options{Version: 7, Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	tests := []struct {
		name string
		want string
		n    int // how many times, 0 for at least once
	}{
		{"one page per footprint, a cover and the register", `<section class="page">`, 1 + 3 + 1},
		{"the cover names the version and date", "version 7 · 1 December 2026", 0},
		{"the plan name is escaped", "Board &lt;script&gt;alert(1)&lt;/script&gt; &#34;option&#34;", 0},
		{"footprint names are escaped in text", "x&#34; onmouseover=&#34;alert(1)", 0},
		{"footprint names are escaped in SVG", "<title>x&#34; onmouseover=&#34;alert(1)</title>", 0},
		{"maps are labelled by number, as the key and pages are", `class="label"><tspan x=`, 0},
		{"the key numbers every footprint", `<li><b>3</b>`, 1},
		{"a colour that is not a hex colour is grey", `fill="#999999"`, 0},
		{"maps: the overview and one per footprint", "<svg ", 1 + 3},
		{"the register lists U00003 to re-align", "OFFSHORE PCN", 0},
		{"data vintages on the cover", "fixture", 0},
	}
	for _, tt := range tests {
		got := strings.Count(html, tt.want)
		if (tt.n == 0 && got == 0) || (tt.n > 0 && got != tt.n) {
			t.Errorf("%s: %q appears %d times", tt.name, tt.want, got)
		}
	}
	for _, bad := range []string{"<script", "javascript:", `onmouseover="`} {
		if strings.Contains(html, bad) {
			t.Errorf("the pack holds %q", bad)
		}
	}
}
