package pack

import (
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/flags"
)

//go:embed pack.html
var packHTML string

// tmpl is the pack's page template; html/template escapes every name.
var tmpl = template.Must(template.New("pack").Funcs(template.FuncMap{
	"n":   func(v int64) string { return flags.Thousands(v) },
	"ni":  func(v int) string { return flags.Thousands(int64(v)) },
	"nf":  func(v float64) string { return flags.Thousands(int64(v + 0.5)) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) },
	"pp": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.2f", *v)
	},
	"optpct": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.0f%%", 100**v)
	},
	"opt1": func(v *float64) string {
		if v == nil {
			return "–"
		}
		return fmt.Sprintf("%.1f", *v)
	},
	"status": func(s footprint.PCNStatus) string { return strings.ReplaceAll(string(s), "_", "-") },
	"join":   strings.Join,
	"status_of": func(c footprint.PlanScore, s string) int {
		return c.PCNStatus[footprint.PCNStatus(s)]
	},
	"sev":    func(c footprint.PlanScore, s string) int { return c.Flags[footprint.Severity(s)] },
	"swatch": func(colour string) template.CSS { return template.CSS("background:" + colourOr(colour)) },
	"left":   func(pos float64) template.CSS { return template.CSS(fmt.Sprintf("left:%.1f%%", pos)) },
	"style": func(colour string, pos float64) template.CSS {
		return template.CSS(fmt.Sprintf("background:%s;width:%.1f%%", colourOr(colour), pos))
	},
}).Parse(packHTML))
