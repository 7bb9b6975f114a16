package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nhs-footprint/footprint/footprint"
)

// stdoutName is the --out name that means standard output.
const stdoutName = "-"

// checkOut checks an --out name before any work is done: "-", or a path
// in an existing directory that holds nothing or a regular file.
func checkOut(name string) error {
	if name == stdoutName {
		return nil
	}
	if name == "" {
		return fmt.Errorf("--out is required")
	}
	if info, err := os.Stat(filepath.Dir(name)); err != nil || !info.IsDir() {
		return fmt.Errorf("--out %s: no directory %s", name, filepath.Dir(name))
	}
	return footprint.CheckReplaceable(name)
}

// writeOut writes a command's output: to stdout for "-", else to the file
// atomically, replacing only a regular file (see footprint.WriteFile).
func writeOut(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == stdoutName {
		return write(stdout)
	}
	return footprint.WriteFile(name, write)
}
