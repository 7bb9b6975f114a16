// Package graph stores an undirected weighted graph compactly and searches
// it: breadth-first search from a set of nodes, and the connected
// components of the subgraph a membership test picks out.
//
// Nodes are int32 indexes 0 to Len()-1, so a graph can index a slice of
// polygons or any other list directly.
package graph
