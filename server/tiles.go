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
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// tileCache keeps recently built tiles; the atlas never changes, so a
// tile never goes stale. It also lends each goroutine that builds a tile
// a GEOS context of its own.
type tileCache struct {
	bounded[tileKey]
	geos sync.Pool // of *geos.Context
}

// tileKey names a tile of one of the two kinds served.
type tileKey struct {
	tile maptile.Tile
	kind tileKind
}

// tileKind is a kind of tile: ?fields= of /tiles/{z}/{x}/{y}.mvt.
type tileKind int

const (
	// tilesAll have every attribute, simplified by mvt.Detail, for analysis.
	tilesAll tileKind = iota
	// tilesMap have only the web map's MapUnitProps, simplified by
	// mvt.Screen: what it draws, at about a third of the vertices.
	tilesMap
)

// tileKinds gives each kind's lowest zoom with features, and how far its
// polygons are simplified.
var tileKinds = [...]struct {
	minZoom   maptile.Zoom
	tolerance float64
}{
	tilesAll: {MinTileZoom, mvt.Detail},
	tilesMap: {MinMapTileZoom, mvt.Screen},
}

// parseTileKind reads ?fields= of a tile's address.
func parseTileKind(v string) (tileKind, error) {
	switch v {
	case "", "all":
		return tilesAll, nil
	case "map":
		return tilesMap, nil
	}
	return 0, footprint.Errorf(footprint.EInvalid, "fields %q: want all (the default) or map", v)
}

func newTileCache(max int) *tileCache {
	return &tileCache{bounded: newBounded[tileKey](max), geos: sync.Pool{New: func() any { return geos.NewContext() }}}
}

// Tile zooms: tiles below MinTileZoom are empty, since one would hold most
// of a region's LSOAs, as are the web map's below MinMapTileZoom, whose
// LSOAs simplified to a pixel are small enough there; TileJSON advertises
// up to MaxTileZoom, past which clients overzoom; no tile is served past
// MaxServedZoom.
const (
	MinMapTileZoom = 5
	MinTileZoom    = 8
	MaxTileZoom    = 14
	MaxServedZoom  = 22
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
// imd_decile; with ?fields=map, the web map's: code and imd_decile,
// simplified to its screen (see tileKind). The tile is sent whole with
// its length, gzipped when the client accepts it, with an ETag; a Link
// header names the TileJSON, which carries the attribution.
func (s *Server) getTile(c echo.Context) error {
	t, err := parseTile(c)
	if err != nil {
		return err
	}
	kind, err := parseTileKind(c.QueryParam("fields"))
	if err != nil {
		return err
	}
	p, err := s.tile(c.Request().Context(), tileKey{t, kind})
	if err != nil {
		return err
	}
	c.Response().Header().Set("Link", `</tiles/tilejson.json>; rel="describedby"; type="application/json"`)
	return servePayload(c, MVTContentType, cacheAtlas, p)
}

// tile is the tile k from the cache, built and kept if it is not there.
func (s *Server) tile(ctx context.Context, k tileKey) (*payload, error) {
	if p, ok := s.tiles.get(k); ok {
		return p, nil
	}
	data, _, err := s.buildTile(ctx, k)
	if err != nil {
		return nil, err
	}
	p := newPayload(data)
	s.tiles.put(k, p)
	return p, nil
}

// buildTile encodes tile k, repairing features that are invalid on its
// grid with GEOS, and says what it repaired and dropped.
func (s *Server) buildTile(ctx context.Context, k tileKey) ([]byte, mvt.Stats, error) {
	var feats []mvt.TileFeature
	t := k.tile
	kind := tileKinds[k.kind]
	if t.Z >= kind.minZoom {
		a := s.atlas
		for _, i := range a.UnitsIn(t.Bound(0.02)) {
			u := &a.Units[i]
			props := map[string]any{"code": u.Code, "imd_decile": int64(u.IMD.Decile)}
			if k.kind == tilesAll {
				place := ""
				if u.Place >= 0 {
					place = a.Places[u.Place].Code
				}
				props["name"], props["population"], props["place"] = u.Name, int64(u.Pop), place
			}
			feats = append(feats, mvt.TileFeature{ID: uint64(i), Geom: u.Geom, Props: props})
		}
	}
	g := s.tiles.geos.Get().(*geos.Context)
	defer s.tiles.geos.Put(g)
	data, st, err := mvt.EncodeTile(ctx, t, TileLayer, feats, kind.tolerance, g)
	if err != nil {
		return nil, st, err
	}
	if st.Dropped > 0 {
		s.log.Warn("tile features dropped: invalid on the tile grid", "tile", t, "dropped", st.Dropped, "repaired", st.Repaired)
	}
	return data, st, nil
}

// warmTileCount is the most web-map tiles warmTiles builds.
const warmTileCount = 64

// warmTiles builds the web map's tiles of the atlas's whole extent, zoom
// by zoom from MinMapTileZoom while they number warmTileCount at most in
// all: those the page asks for first, at the zoom that fits the atlas.
func (s *Server) warmTiles() {
	b := s.atlas.Bound()
	n := 0
	for z := maptile.Zoom(MinMapTileZoom); z <= MaxTileZoom; z++ {
		min, max := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z), maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
		if n += int(max.X-min.X+1) * int(max.Y-min.Y+1); n > warmTileCount {
			return
		}
		for x := min.X; x <= max.X; x++ {
			for y := min.Y; y <= max.Y; y++ {
				if _, err := s.tile(context.Background(), tileKey{maptile.New(x, y, z), tilesMap}); err != nil {
					s.log.Warn("warm tile", "tile", maptile.New(x, y, z), "err", err)
				}
			}
		}
	}
}
