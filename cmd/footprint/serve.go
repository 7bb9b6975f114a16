package main

import "io"

func runServe(args []string, stdout, stderr io.Writer) error { return nil }
func runBench(args []string, stdout, stderr io.Writer) error { return nil }
