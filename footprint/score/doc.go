// Package score scores a plan exactly and incrementally: a Scorer holds
// the plan's assignment with the aggregates each measure needs, so moving
// one LSOA costs microseconds and gives the same figures as scoring afresh.
//
// The score document (footprint.Score) holds every footprint's residents,
// contiguity, compactness and natural communities, every PCN's home,
// containment and status, and the plan's flags, which package flags words.
package score
