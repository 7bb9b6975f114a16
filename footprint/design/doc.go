// Package design proposes footprints automatically: it partitions each
// place afresh by spanning-tree bisection and improves the partition by
// local search, starts from the PCN catchments and moves as few LSOAs as
// it can, or repairs a draft's broken footprints.
//
// Every footprint it makes is contiguous and within the population band
// where that is possible; where it is not, the place's report says why.
// The same seed gives the same plan. A band that no arrangement of LSOAs
// can meet is rejected before any work (Check), and a design stops soon
// after its context is done.
//
// The package reads the atlas only through the root package's API and
// has no cgo dependencies of its own.
package design
