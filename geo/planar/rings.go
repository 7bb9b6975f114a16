package planar

import "github.com/paulmach/orb"

// CloseRings returns mp with every ring that does not end where it began
// closed by repeating its first point, and the number of rings it closed.
// mp itself is not changed; when no ring needs closing it is returned as
// it is. Empty rings are left empty.
func CloseRings(mp orb.MultiPolygon) (orb.MultiPolygon, int) {
	n := 0
	for _, p := range mp {
		for _, r := range p {
			if len(r) > 0 && r[0] != r[len(r)-1] {
				n++
			}
		}
	}
	if n == 0 {
		return mp, 0
	}
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			if len(r) > 0 && r[0] != r[len(r)-1] {
				nr := make(orb.Ring, len(r), len(r)+1)
				copy(nr, r)
				r = append(nr, r[0])
			}
			out[i][j] = r
		}
	}
	return out, n
}
