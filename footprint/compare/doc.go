// Package compare sets two to four plans over the same places side by
// side, as a place board weighs its options: a scorecard line per plan,
// the residents each footprint of the first plan sends to the footprints
// of each other plan, the LSOAs whose footprint differs, and each PCN's
// status in every plan.
//
// Footprints of two plans are matched one to one on the residents they
// share, largest overlaps first; an LSOA has moved when its footprint in
// the other plan is not the match of its footprint in the first.
package compare
