package ingest

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/graph"
	"github.com/nhs-footprint/footprint/geo/rook"
)

// barriers reads the barrier layers, such as the tidal Thames, one
// barrier per file, repairing invalid geometry.
func (im *importer) barriers() error {
	for _, l := range im.m.Layers.Barriers {
		c, _, err := im.features(l)
		if err != nil {
			return err
		}
		var rep repairs
		b := footprint.Barrier{Name: l.File}
		for _, f := range c.Features {
			if col := l.Col("name"); col != "" && f.Prop(col) != "" {
				b.Name = f.Prop(col)
			}
			g, err := im.repair(&rep, fmt.Sprint("feature ", f.Number), f.Geometry)
			if err != nil {
				return im.featureError(l, &f, err)
			}
			b.Geom = append(b.Geom, g...)
		}
		im.warn("barriers", "invalid_geometry", len(rep.codes), rep.codes, "%d barrier geometries were repaired with make-valid", len(rep.codes))
		im.a.Barriers = append(im.a.Barriers, b)
	}
	return nil
}

// adjacency builds the rook adjacency graph of the units on British
// National Grid, keeping the pairs that only touch apart, measures each
// unit's exterior boundary, and reports the graph's components, the
// places in more than one piece and how each barrier shapes the graph.
func (im *importer) adjacency() error {
	a := im.a
	t := time.Now()
	edges, st := rook.Adjacency(im.bng, rook.Options{MinShared: footprint.MinSharedBoundary, Tolerance: 0.05})
	a.Edges = edges
	a.Touches = st.Dropped
	shared := make([]float64, len(a.Units))
	for _, list := range [][]graph.Edge{edges, st.Dropped} {
		for _, e := range list {
			shared[e.A] += e.Length
			shared[e.B] += e.Length
		}
	}
	for i := range a.Units {
		a.Units[i].ExteriorM = math.Max(0, a.Units[i].PerimeterM-shared[i])
	}
	g := graph.NewGraph(len(a.Units), edges)
	ar := &a.Report.Adjacency
	ar.Millis = float64(time.Since(t).Microseconds()) / 1000
	ar.Rule = "rook: LSOAs sharing more than 1 m of boundary, measured on British National Grid"
	ar.Edges = len(edges)
	ar.SharedKm = st.SharedLength / 1000
	ar.DroppedPairs = st.DroppedPairs
	ar.ToleranceShared = st.TolerantShared
	comps := g.Components(nil)
	ar.Components = len(comps)
	for _, c := range comps {
		ar.ComponentList = append(ar.ComponentList, im.component(c))
		if len(c) == 1 {
			ar.Isolated = append(ar.Isolated, a.Units[c[0]].Code)
		}
	}
	ar.PlacesSplit = []footprint.PlaceSplit{}
	for pi, p := range a.Places {
		pc := g.Components(func(u int32) bool { return a.Units[u].Place == int32(pi) })
		if len(pc) > 1 {
			ps := footprint.PlaceSplit{Place: p.Code, Name: p.Name}
			for _, c := range pc {
				ps.Components = append(ps.Components, im.component(c))
			}
			ar.PlacesSplit = append(ar.PlacesSplit, ps)
		}
	}
	ar.Barriers = []footprint.BarrierReport{}
	for _, b := range a.Barriers {
		br, err := im.barrierReport(g, b)
		if err != nil {
			return err
		}
		ar.Barriers = append(ar.Barriers, br)
	}
	im.detail = fmt.Sprintf("%d edges, %d components, %d places in more than one piece", ar.Edges, ar.Components, len(ar.PlacesSplit))
	return nil
}

// barrierReport finds the units on the banks of a barrier that face each
// other across it, and how many hops of g apart they are.
func (im *importer) barrierReport(g *graph.Graph, b footprint.Barrier) (footprint.BarrierReport, error) {
	a := im.a
	bb, err := im.fwd.MultiPolygon(b.Geom)
	if err != nil {
		return footprint.BarrierReport{}, footprint.Errorf(footprint.EInvalid, "barrier %s: %v", b.Name, err)
	}
	f := im.geos.FacingAcross(im.bng, bb, 25, 500)
	br := footprint.BarrierReport{Name: b.Name, BankUnits: len(f.Bank), FacingPairs: len(f.Pairs)}
	hops := make([]int, 0, len(f.Pairs))
	bySource := map[int32][]int32{}
	for _, p := range f.Pairs {
		bySource[p[0]] = append(bySource[p[0]], p[1])
	}
	srcs := make([]int32, 0, len(bySource))
	for s := range bySource {
		srcs = append(srcs, s)
	}
	slices.Sort(srcs)
	for _, s := range srcs {
		dist := bfs(g, s)
		for _, d := range bySource[s] {
			h := int(dist[d])
			if h < 0 {
				br.Unreachable++
				continue
			}
			hops = append(hops, h)
			if h > br.MaxHops {
				br.MaxHops = h
				br.MaxExample = fmt.Sprintf("%s %s and %s %s", a.Units[s].Code, a.Units[s].Name, a.Units[d].Code, a.Units[d].Name)
			}
		}
	}
	if len(hops) > 0 {
		slices.Sort(hops)
		br.MedianHops = hops[len(hops)/2]
	}
	return br, nil
}

// bfs returns hop distances from s, -1 where unreachable.
func bfs(g *graph.Graph, s int32) []int32 {
	dist := make([]int32, g.Len())
	for i := range dist {
		dist[i] = -1
	}
	g.BFS([]int32{s}, nil, nil, func(v int32, d int) bool {
		dist[v] = int32(d)
		return true
	})
	return dist
}
