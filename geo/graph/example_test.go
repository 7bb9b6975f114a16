package graph_test

import (
	"fmt"

	"github.com/nhs-footprint/footprint/geo/graph"
)

// Six polygons in a row, 0 to 5, each sharing 1 unit of boundary with
// the next, except that 2 and 3 do not touch.
func row() *graph.Graph {
	return graph.NewGraph(6, []graph.Edge{{A: 0, B: 1, Length: 1}, {A: 1, B: 2, Length: 1}, {A: 3, B: 4, Length: 1}, {A: 4, B: 5, Length: 1}})
}

func ExampleGraph_BFS() {
	g := row()
	dist := []int{-1, -1, -1, -1, -1, -1}
	g.BFS([]int32{1}, nil, nil, func(v int32, depth int) bool {
		dist[v] = depth
		return true
	})
	fmt.Println(dist)
	// Output: [1 0 1 -1 -1 -1]
}

func ExampleGraph_Components() {
	g := row()
	fmt.Println(g.Components(nil))
	fmt.Println(g.Components(func(v int32) bool { return v != 4 }))
	// Output:
	// [[0 1 2] [3 4 5]]
	// [[0 1 2] [3] [5]]
}
