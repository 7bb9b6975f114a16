package flags

import (
	"fmt"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Thousands formats a count with thousands separators.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// pct formats a share as a whole percentage.
func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// shareList names areas with their residents: "A (1,000 residents) and B
// (200 residents)".
func shareList(list []footprint.AreaShare) string {
	var parts []string
	for _, a := range list {
		parts = append(parts, fmt.Sprintf("%s (%s residents)", a.Name, Thousands(a.Population)))
	}
	return strings.Join(parts, " and ")
}

// strangerList names the PCNs homed elsewhere that register a footprint's
// residents.
func strangerList(list []footprint.Stranger) string {
	var names []string
	for _, x := range list {
		h := x.Home
		if h == "" {
			h = "no footprint"
		}
		names = append(names, fmt.Sprintf("%s (%s residents here, homed in %s)", x.PCN, Thousands(x.Residents), h))
	}
	if len(names) == 0 {
		return "the PCNs that register its residents"
	}
	return strings.Join(names, "; ")
}
