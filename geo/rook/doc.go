// Package rook finds the rook adjacency of a polygon coverage: which
// polygons share a stretch of boundary, and how long it is, as edges for
// the graph package.
//
// Polygons that touch only at a corner (queen contact) are not neighbours.
// Coordinates must be projected, since shared lengths are planar.
package rook
