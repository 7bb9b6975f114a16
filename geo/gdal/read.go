package gdal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/airbusgeo/godal"

	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/planar"
)

// Driver is a GDAL vector driver this package reads, by GDAL's short name.
type Driver string

// The drivers Footprint reads plans with. A file is opened with only
// the driver its kind names, so no other GDAL driver sees user files.
const (
	GeoPackage Driver = "GPKG"
	Shapefile  Driver = "ESRI Shapefile"
	FlatGeobuf Driver = "FlatGeobuf"
)

// String names the driver's format for people: GeoPackage, zipped
// Shapefile or FlatGeobuf.
func (d Driver) String() string {
	switch d {
	case GeoPackage:
		return "GeoPackage"
	case Shapefile:
		return "zipped Shapefile"
	}
	return string(d)
}

// MaxFeatures is the most features a layer may hold; a larger one is
// refused before any feature is read.
const MaxFeatures = 100_000

// Options choose what ReadPolygons reads.
type Options struct {
	// Driver is the only driver the file is opened with.
	Driver Driver
	// Layer names the layer to read; "" takes the only polygon layer.
	Layer string
	// IDProps are the properties a feature's ID is read from, in order.
	IDProps []string
}

// LayerError says a file's layer could not be chosen: the one named is
// not there, or there are several and none was named. Layers lists the
// file's polygon layers (or all its layers, if none is polygonal).
type LayerError struct {
	File   string
	Named  string
	Layers []string
}

// Error says what went wrong and which layers there are.
func (e *LayerError) Error() string {
	names := make([]string, len(e.Layers))
	for i, l := range e.Layers {
		names[i] = geo.OneLine(l) // a file's layer names may hold anything
	}
	list := strings.Join(names, ", ")
	switch {
	case e.Named != "":
		return fmt.Sprintf("%s: no layer %q (layers: %s)", e.File, e.Named, list)
	case len(e.Layers) == 0:
		return fmt.Sprintf("%s: no polygon layer", e.File)
	}
	return fmt.Sprintf("%s: %d polygon layers (%s): name the one to import (the layer option)", e.File, len(e.Layers), list)
}

// registered makes GDAL's drivers known once per process; GDAL keeps its
// driver list globally, so this is the package's only shared state.
var registered sync.Once

// register registers GDAL's drivers, once. Unless CPL_LOG says where
// GDAL's own messages go, they go nowhere: a few GDAL calls (reading the
// next feature) report a damaged file only on standard error, where a
// server's log would fill with what users upload; this package reports
// those files itself.
func register() {
	registered.Do(func() {
		if os.Getenv("CPL_LOG") == "" {
			os.Setenv("CPL_LOG", os.DevNull)
		}
		godal.RegisterAll()
	})
}

// quiet makes GDAL warnings (a field name truncated, say) no error and
// no output; failures are errors.
func quiet(ec godal.ErrorCategory, _ int, msg string) error {
	if ec >= godal.CE_Failure {
		return errors.New(msg)
	}
	return nil
}

// ReadPolygons reads one polygon layer of a vector file as a collection,
// with its CRS as EPSG:4326 or EPSG:27700 when its definition is one of
// those, else the CRS's own name. As the GeoJSON reader does, it closes
// rings, drops Z and M values, recording both in the feature, and makes
// curves linear; a non-polygon or empty geometry is a *geo.RowError
// naming the feature. A zipped Shapefile is read through /vsizip/. A
// cancelled ctx stops the reading between features with an error
// wrapping the context's.
func ReadPolygons(ctx context.Context, path string, opt Options) (*geojson.Collection, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, geo.OpenError(path, err)
	}
	register()
	name := path
	if opt.Driver == Shapefile && strings.HasSuffix(strings.ToLower(path), ".zip") {
		name = "/vsizip/" + path
	}
	ds, err := godal.Open(name, godal.VectorOnly(), godal.Drivers(string(opt.Driver)), godal.ErrLogger(quiet))
	if err != nil {
		return nil, &geo.RowError{File: path, Problem: fmt.Sprintf("not a %s file: %v", opt.Driver.String(), oneLine(err))}
	}
	defer ds.Close()
	layer, err := chooseLayer(path, ds, opt.Layer)
	if err != nil {
		return nil, err
	}
	n, err := layer.FeatureCount(godal.ErrLogger(quiet))
	if err != nil {
		return nil, &geo.RowError{File: path, Problem: "count features: " + oneLine(err)}
	}
	if n > MaxFeatures {
		return nil, &geo.RowError{File: path, Problem: fmt.Sprintf("layer %s has %d features, more than the %d allowed", layer.Name(), n, MaxFeatures)}
	}
	c := &geojson.Collection{File: path, CRS: crsName(layer.SpatialRef())}
	layer.ResetReading()
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		f := layer.NextFeature()
		if f == nil {
			break
		}
		feat, err := readFeature(f, len(c.Features)+1, opt.IDProps)
		f.Close()
		if err != nil {
			return nil, &geo.RowError{File: path, Line: feat.Number, Feature: true, ID: feat.ID, Problem: err.Error()}
		}
		c.Features = append(c.Features, feat)
		if len(c.Features) > MaxFeatures {
			return nil, &geo.RowError{File: path, Problem: fmt.Sprintf("more than %d features", MaxFeatures)}
		}
	}
	if len(c.Features) < n {
		// GDAL stops at a feature it cannot decode without saying so.
		return nil, &geo.RowError{File: path, Line: len(c.Features) + 1, Feature: true, Problem: fmt.Sprintf("cannot be read: the layer has %d features but only %d read (is the file damaged or cut short?)", n, len(c.Features))}
	}
	return c, nil
}

// chooseLayer picks the named layer, or the only polygon layer.
func chooseLayer(path string, ds *godal.Dataset, named string) (godal.Layer, error) {
	all := ds.Layers()
	var polys, names []string
	var only godal.Layer
	for _, l := range all {
		names = append(names, l.Name())
		if polygonal(l.Type()) {
			polys = append(polys, l.Name())
			only = l
		}
	}
	slices.Sort(polys)
	slices.Sort(names)
	if named != "" {
		if l := ds.LayerByName(named); l != nil {
			return *l, nil
		}
		return godal.Layer{}, &LayerError{File: path, Named: named, Layers: names}
	}
	switch {
	case len(polys) == 1:
		return only, nil
	case len(polys) == 0 && len(all) == 1 && all[0].Type() == godal.GTUnknown:
		return all[0], nil // a layer of any geometry type: read it, and check each feature
	case len(polys) == 0:
		return godal.Layer{}, &LayerError{File: path, Layers: nil}
	}
	return godal.Layer{}, &LayerError{File: path, Layers: polys}
}

// polygonal reports whether a layer's geometry type is a polygon,
// multipolygon, curve polygon or multisurface, in any dimension.
func polygonal(t godal.GeometryType) bool {
	switch baseType(uint32(t)) {
	case 3, 6, 10, 12:
		return true
	}
	return false
}

// baseType is a WKB geometry type without its Z and M flags.
func baseType(t uint32) uint32 { return (t & 0x0fffffff) % 1000 }

// readFeature reads feature number n: its fields as properties (numbers
// as float64, unset fields as nil) and its geometry as a MultiPolygon. On
// an error the feature returned still has its number and ID.
func readFeature(f *godal.Feature, n int, idProps []string) (geojson.Feature, error) {
	feat := geojson.Feature{Number: n, Properties: map[string]any{}}
	for name, fld := range f.Fields() {
		feat.Properties[name] = fieldValue(fld)
	}
	for _, p := range idProps {
		if v := feat.Prop(p); v != "" {
			feat.ID = v
			break
		}
	}
	wkb, err := geometryWKB(f.Geometry())
	if err != nil {
		return feat, err
	}
	mp, zm, err := readWKB(wkb)
	if err != nil {
		return feat, err
	}
	feat.Geometry, feat.ClosedRings = planar.CloseRings(mp)
	feat.DroppedZM = zm
	return feat, geojson.CheckMultiPolygon(feat.Geometry)
}

// geometryWKB is a feature's geometry as ISO WKB of a Polygon or
// MultiPolygon, curves made linear. The geometry belongs to its feature.
func geometryWKB(g *godal.Geometry) ([]byte, error) {
	if g == nil || g.Empty() {
		return nil, errors.New("empty geometry")
	}
	wkb, err := g.WKB(godal.ErrLogger(quiet))
	if err != nil {
		return nil, errors.New(oneLine(err))
	}
	if t := baseType(uint32(g.Type())); t == 3 || t == 6 {
		return wkb, nil
	}
	if !polygonal(g.Type()) {
		return nil, fmt.Errorf("geometry is %s, want Polygon or MultiPolygon", g.Name())
	}
	// ForceToMultiPolygon consumes its geometry, so it is given a copy.
	own, err := godal.NewGeometryFromWKB(wkb, nil, godal.ErrLogger(quiet))
	if err != nil {
		return nil, errors.New(oneLine(err))
	}
	multi := own.ForceToMultiPolygon()
	defer multi.Close()
	return multi.WKB(godal.ErrLogger(quiet))
}

// fieldValue is a field as a GeoJSON property value.
func fieldValue(fld godal.Field) any {
	if !fld.IsSet() {
		return nil
	}
	switch fld.Type() {
	case godal.FTInt, godal.FTInt64:
		return float64(fld.Int())
	case godal.FTReal:
		return fld.Float()
	}
	return fld.String()
}

// oneLine is an error's message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
