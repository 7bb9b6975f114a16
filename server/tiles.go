package server

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/encoding/mvt"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/paulmach/orb/maptile"
)

// tileCache keeps recently built tiles; the atlas never changes, so a
// tile never goes stale. It also lends each goroutine that builds a tile
// a GEOS context of its own.
type tileCache struct {
	mu    sync.Mutex
	max   int
	tiles map[maptile.Tile]*payload
	order []maptile.Tile
	geos  sync.Pool // of *geos.Context
}

func newTileCache(max int) *tileCache {
	return &tileCache{max: max, tiles: map[maptile.Tile]*payload{}, geos: sync.Pool{New: func() any { return geos.NewContext() }}}
}

func (tc *tileCache) get(t maptile.Tile) (*payload, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	b, ok := tc.tiles[t]
	return b, ok
}

func (tc *tileCache) put(t maptile.Tile, b *payload) {
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

// Tile zooms: tiles below MinTileZoom are empty, since one would hold most
// of a region's LSOAs; TileJSON advertises up to MaxTileZoom, past which
// clients overzoom; no tile is served past MaxServedZoom.
const (
	MinTileZoom   = 8
	MaxTileZoom   = 14
	MaxServedZoom = 22
)

// TileLayer is the name of the one layer in the vector tiles.
const TileLayer = "units"

// MVTContentType is the media type of a Mapbox vector tile.
const MVTContentType = "application/vnd.mapbox-vector-tile"

// parseTile reads the z, x and y of /tiles/{z}/{x}/{y}.mvt.
func parseTile(c echo.Context) (maptile.Tile, error) {
	z, err1 := strconv.Atoi(c.Param("z"))
	x, err2 := strconv.Atoi(c.Param("x"))
	y, err3 := strconv.Atoi(strings.TrimSuffix(c.Param("y"), ".mvt"))
	if err1 != nil || err2 != nil || err3 != nil || z < 0 || z > MaxServedZoom || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		return maptile.Tile{}, footprint.Errorf(footprint.EInvalid, "no tile %s/%s/%s: want /tiles/{z}/{x}/{y}.mvt with 0 ≤ x, y < 2^z and z ≤ %d", c.Param("z"), c.Param("x"), c.Param("y"), MaxServedZoom)
	}
	return maptile.New(uint32(x), uint32(y), maptile.Zoom(z)), nil
}

// getTile serves /tiles/{z}/{x}/{y}.mvt: the LSOAs as a vector tile
// (specification 2.1) of one layer, TileLayer, with each feature's id its
// unit index and properties code, name, population, place and
// imd_decile. The tile is sent whole with its length, gzipped when the
// client accepts it, with an ETag; a Link header names the TileJSON,
// which carries the attribution.
func (s *Server) getTile(c echo.Context) error {
	t, err := parseTile(c)
	if err != nil {
		return err
	}
	p, ok := s.tiles.get(t)
	if !ok {
		data, _, err := s.buildTile(c.Request().Context(), t)
		if err != nil {
			return err
		}
		p = newPayload(data)
		s.tiles.put(t, p)
	}
	c.Response().Header().Set("Link", `</tiles/tilejson.json>; rel="describedby"; type="application/json"`)
	return servePayload(c, MVTContentType, cacheAtlas, p)
}

// buildTile encodes tile t, repairing features that are invalid on its
// grid with GEOS, and says what it repaired and dropped.
func (s *Server) buildTile(ctx context.Context, t maptile.Tile) ([]byte, mvt.Stats, error) {
	var feats []mvt.TileFeature
	if t.Z >= MinTileZoom {
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
	g := s.tiles.geos.Get().(*geos.Context)
	defer s.tiles.geos.Put(g)
	data, st, err := mvt.EncodeTile(ctx, t, TileLayer, feats, g)
	if err != nil {
		return nil, st, err
	}
	if st.Dropped > 0 {
		s.log.Warn("tile features dropped: invalid on the tile grid", "tile", t, "dropped", st.Dropped, "repaired", st.Repaired)
	}
	return data, st, nil
}
