// Command footprint designs NHS neighbourhood footprints: it imports an
// atlas of small areas and GP registrations, scores plans, and serves the
// web map.
//
// Usage:
//
//	footprint import --manifest data/london.json --data ../shared/data --out london.atlas
//	footprint atlas --atlas london.atlas [--json]
//	footprint serve --atlas london.atlas [--addr :8080]
//
// Run `footprint help` for every subcommand.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

type command struct {
	name, usage string
	run         func(args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"import", "build an atlas from a dataset manifest", runImport},
		{"atlas", "describe an atlas", runAtlas},
		{"baseline", "write a reference plan: PCN catchments or boroughs", runBaseline},
		{"score", "score a plan and list its flags", runScore},
		{"export", "export a plan as GeoJSON, GeoPackage, zipped Shapefile, FlatGeobuf, CSV or JSON", runExport},
		{"coverage", "report how a PCN's or practice's patients are covered", runCoverage},
		{"profile", "profile each footprint: segments, need, capacity, access", runProfile},
		{"design", "propose footprints, or repair a draft", runDesign},
		{"compare", "compare 2 to 4 plans over the same places", runCompare},
		{"register", "list the agreements a plan implies: re-alignments, arrangements, crossings", runRegister},
		{"pack", "write a plan's decision pack for the board: printable HTML with maps", runPack},
		{"serve", "serve the API and web map", runServe},
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, "usage: footprint <command> [flags]\n\ncommands:")
		for _, c := range commands() {
			fmt.Fprintf(stdout, "  %-8s %s\n", c.name, c.usage)
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			if wantsHelp(args[1:]) {
				// The flag package prints the usage to the command's
				// error output: for help that is standard output.
				fmt.Fprintf(stdout, "footprint %s: %s\n", c.name, c.usage)
				if err := c.run(args[1:], stdout, stdout); err != nil && !errors.Is(err, errUsage) && !errors.Is(err, flag.ErrHelp) {
					fmt.Fprintf(stderr, "footprint %s: %v\n", c.name, err)
					return 1
				}
				return 0
			}
			if err := c.run(args[1:], stdout, stderr); err != nil {
				fmt.Fprintf(stderr, "footprint %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "footprint: unknown command %q (see footprint help)\n", args[0])
	return 2
}

// wantsHelp reports whether a command's arguments ask for help: -h,
// -help or --help before any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}
