package main

import (
	"strings"
	"testing"
)

// TestHelp: every subcommand answers -h and --help with its usage on
// standard output, its plan-reading flags included, and exit status 0.
func TestHelp(t *testing.T) {
	readsPlans := map[string]bool{"score": true, "export": true, "coverage": true, "profile": true, "compare": true, "register": true, "pack": true}
	for _, c := range commands() {
		for _, flag := range []string{"-h", "--help"} {
			code, out, errs := cli(t, c.name, flag)
			if code != 0 || errs != "" || !strings.Contains(out, "Usage of "+c.name) || !strings.HasPrefix(out, "footprint "+c.name+": "+c.usage) {
				t.Errorf("%s %s: exit %d, stdout %.80q, stderr %q", c.name, flag, code, out, errs)
			}
			if readsPlans[c.name] && (!strings.Contains(out, "-layer") || !strings.Contains(out, "-id-column") || !strings.Contains(out, "-name-column")) {
				t.Errorf("%s %s: no plan-reading flags in\n%s", c.name, flag, out)
			}
		}
	}
	if code, _, errs := cli(t, "score", "--nonsense"); code != 1 || !strings.Contains(errs, "flag provided but not defined") {
		t.Errorf("a bad flag: exit %d, %q", code, errs)
	}
}
