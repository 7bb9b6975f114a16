// Command footprint-bench times the operations of Footprint that have
// performance targets: import, adjacency, scoring, design, exports, the
// API under 20 concurrent editors, vector tiles, and the web map's first
// render and stroke in headless Chromium. It is kept out of the product
// binary; `make bench` runs it.
//
// Usage:
//
//	footprint-bench --data ../shared/data --footprint bin/footprint [--england=false] [--json]
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := runBench(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(os.Stderr, "footprint-bench: %v\n", err)
		}
		os.Exit(1)
	}
}

// flagSet makes the flag set of the command, reporting to stderr.
func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// errUsage marks a bad command line, already reported by the flag package.
var errUsage = errors.New("bad usage")
