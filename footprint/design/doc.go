// Package design proposes footprints automatically, in three modes:
//
//   - Propose offers named options along the trade-off between PCN
//     alignment and whole communities: alignment first, balanced and
//     communities first (see OptionWeights). Alignment first starts from
//     PCN cores grown from each PCN's practice sites; balanced continues
//     from it; communities first also tries a fresh spanning-tree
//     partition along ward boundaries and keeps the better.
//   - FromPCN starts from the PCN catchments, keeps every one already
//     valid (in band, in one piece, in one place, not a tendril), and
//     designs the rest compactly around them, several times over, keeping
//     the best.
//   - Repair mends a draft's out-of-band and broken footprints, keeping
//     the valid and the locked ones.
//
// A kept footprint never loses an LSOA of its own. It may take some in,
// up to a quarter more residents, each at a cost (Weights.Grow), where
// that brings a PCN to a threshold, or where a pocket enclosed by kept
// footprints could form no footprint in band on its own. Only where the
// rest of a place cannot be made into footprints in band around them is
// the kept footprint nearest the trouble given up.
//
// Each is improved by local search (simulated annealing, then a greedy
// finish) of one objective (see Weights): PCNs reaching the aligned and
// cross-boundary thresholds with all their sites at home first, then
// containment, whole wards and MSOAs, and compactness. The objective is
// kept as integer counts, so a move's change is exact and agrees with a
// fresh computation and with the scorer's figures.
//
// Every footprint it makes is contiguous and within the population band
// where that is possible; where it is not, the place's report says why,
// and for each place it lists the PCNs no footprint can align and why
// (sites in several places, patients too spread, too big for the band).
// The same seed gives the same plans. A band that no arrangement of LSOAs
// can meet is rejected before any work (Check), and a design stops soon
// after its context is done.
//
// The package reads the atlas only through the root package's API and
// has no cgo dependencies of its own.
package design
