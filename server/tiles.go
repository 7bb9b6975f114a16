package server

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/encoding/mvt"
	"github.com/paulmach/orb/maptile"
)

// tileCache keeps recently built tiles; the atlas never changes, so a
// tile never goes stale.
type tileCache struct {
	mu    sync.Mutex
	max   int
	tiles map[maptile.Tile][]byte
	order []maptile.Tile
}

func newTileCache(max int) *tileCache {
	return &tileCache{max: max, tiles: map[maptile.Tile][]byte{}}
}

func (tc *tileCache) get(t maptile.Tile) ([]byte, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	b, ok := tc.tiles[t]
	return b, ok
}

func (tc *tileCache) put(t maptile.Tile, b []byte) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if _, ok := tc.tiles[t]; ok {
		return
	}
	if len(tc.order) >= tc.max {
		delete(tc.tiles, tc.order[0])
		tc.order = tc.order[1:]
	}
	tc.tiles[t] = b
	tc.order = append(tc.order, t)
}

// MinTileZoom is the lowest zoom tiles are served at; below it a tile
// would hold most of a region's LSOAs.
const MinTileZoom = 8

// getTile serves /tiles/{z}/{x}/{y}.mvt: the LSOAs as a vector tile layer
// "units", with each feature's id its unit index and properties code,
// name, population and place.
func (s *Server) getTile(c echo.Context) error {
	z, err1 := strconv.Atoi(c.Param("z"))
	x, err2 := strconv.Atoi(c.Param("x"))
	y, err3 := strconv.Atoi(strings.TrimSuffix(c.Param("y"), ".mvt"))
	if err1 != nil || err2 != nil || err3 != nil || z < 0 || z > 22 || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		return footprint.Errorf(footprint.EInvalid, "no tile %s/%s/%s: want /tiles/{z}/{x}/{y}.mvt with 0 ≤ x, y < 2^z and z ≤ 22", c.Param("z"), c.Param("x"), c.Param("y"))
	}
	t := maptile.New(uint32(x), uint32(y), maptile.Zoom(z))
	data, ok := s.tiles.get(t)
	if !ok {
		var feats []mvt.TileFeature
		if z >= MinTileZoom {
			a := s.atlas
			for _, i := range a.UnitsIn(t.Bound(0.02)) {
				u := &a.Units[i]
				place := ""
				if u.Place >= 0 {
					place = a.Places[u.Place].Code
				}
				feats = append(feats, mvt.TileFeature{ID: uint64(i), Geom: u.Geom,
					Props: map[string]any{"code": u.Code, "name": u.Name, "population": int64(u.Pop), "place": place, "imd_decile": int64(u.IMD.Decile)}})
			}
		}
		var err error
		if data, err = mvt.EncodeTile(t, "units", feats); err != nil {
			return err
		}
		s.tiles.put(t, data)
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "application/vnd.mapbox-vector-tile", data)
}
