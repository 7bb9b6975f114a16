package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo"
	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/nhs-footprint/footprint/geo/table"
	"github.com/paulmach/orb"
)

// path is where a layer's file is under the data root.
func (im *importer) path(l *Layer) string { return filepath.Join(im.root, filepath.FromSlash(l.File)) }

// openError is the error for a layer file that cannot be opened. It reads
// as geo's readers say it, "file: cannot open: reason", and wraps both
// that *geo.RowError and the operating system's error, so that a missing
// file matches errors.Is(err, fs.ErrNotExist).
type openError struct {
	row *geo.RowError
	err error
}

// Error reads as geo says a file cannot be opened.
func (e *openError) Error() string { return e.row.Error() }

// Unwrap returns the *geo.RowError and the operating system's error.
func (e *openError) Unwrap() []error { return []error{e.row, e.err} }

// cannotOpen returns the EInvalid error for a file that os.Open refused.
func cannotOpen(path string, err error) error {
	return footprint.Invalid(&openError{row: geo.OpenError(path, err), err: err})
}

// canOpen checks that a file can be opened before geo's readers read it,
// since their errors do not wrap the operating system's.
func canOpen(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return cannotOpen(path, err)
	}
	return f.Close()
}

// source records a layer's provenance, with the file's SHA-256.
func (im *importer) source(l *Layer, rows int) error {
	p := im.path(l)
	f, err := os.Open(p)
	if err != nil {
		return cannotOpen(p, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return footprint.Errorf(footprint.EInvalid, "%s: read: %v", p, err)
	}
	im.a.Sources = append(im.a.Sources, footprint.SourceInfo{Layer: l.name, File: l.File, SHA256: hex.EncodeToString(h.Sum(nil)), Rows: rows,
		Vintage: l.Vintage, AsOf: l.AsOf, Licence: l.Licence, Attribution: l.Attribution, Source: l.Source, Caveats: l.Caveats})
	return nil
}

// openTable opens a CSV layer and checks its key, role and filter columns.
func (im *importer) openTable(l *Layer) (*table.Table, error) {
	if err := canOpen(im.path(l)); err != nil {
		return nil, err
	}
	t, err := table.OpenTable(im.path(l))
	if err != nil {
		return nil, footprint.Invalid(err)
	}
	cols := []string{l.Key}
	for _, c := range l.Columns {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	for c := range l.Where {
		cols = append(cols, c)
	}
	if err := t.Require(cols...); err != nil {
		t.Close()
		return nil, footprint.Invalid(err)
	}
	return t, nil
}

// rows reads every row of a CSV layer that passes its filter, calling fn
// with the row's key. It counts rows, reports progress on big files and
// records the layer's source.
func (im *importer) rows(l *Layer, fn func(t *table.Table, key string) error) (int, error) {
	t, err := im.openTable(l)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	n := 0
	start := time.Now()
rows:
	for t.Next() {
		for c, v := range l.Where {
			if t.Get(c) != v {
				continue rows
			}
		}
		key := t.Get(l.Key)
		if l.Key != "" && key == "" {
			return n, footprint.Invalid(t.Errorf(l.Key, "empty code"))
		}
		if err := fn(t, key); err != nil {
			return n, err
		}
		n++
		if n%100000 == 0 {
			im.emit(footprint.ProgressEvent{Step: im.step, Done: n, Unit: "rows", Elapsed: time.Since(start)})
		}
	}
	if err := t.Err(); err != nil {
		return n, footprint.Invalid(err)
	}
	return n, im.source(l, n)
}

// perUnit reads a CSV layer with one row per unit, requiring a row for
// every unit. Rows for codes outside the region are counted and passed to
// fn with a nil unit.
func (im *importer) perUnit(l *Layer, fn func(t *table.Table, u *footprint.Unit) error) error {
	seen := make([]bool, len(im.a.Units))
	skipped := 0
	_, err := im.rows(l, func(t *table.Table, key string) error {
		i, ok := im.unit(key)
		if !ok {
			skipped++
			return fn(t, nil)
		}
		if seen[i] {
			return footprint.Invalid(t.Errorf(l.Key, "duplicate code %s", key))
		}
		seen[i] = true
		return fn(t, &im.a.Units[i])
	})
	if err != nil {
		return err
	}
	im.a.Report.Skipped[l.File] = skipped
	var missing []string
	for i, ok := range seen {
		if !ok {
			missing = append(missing, im.a.Units[i].Code)
		}
	}
	if len(missing) > 0 {
		return footprint.Errorf(footprint.EInvalid, "%s: no row for %d LSOAs of the boundary file, first %s", im.path(l), len(missing), missing[0])
	}
	return nil
}

// features reads a GeoJSON layer, converting British National Grid input
// to WGS84, and checks the file's CRS against the manifest's. For BNG input
// it also returns the original geometries, so measures need no round trip.
func (im *importer) features(l *Layer) (*geojson.Collection, []orb.MultiPolygon, error) {
	if err := canOpen(im.path(l)); err != nil {
		return nil, nil, err
	}
	c, err := geojson.ReadPolygons(im.path(l), l.Key)
	if err != nil {
		return nil, nil, footprint.Invalid(err)
	}
	want := geojson.CRSName(l.CRS)
	if c.CRS != "" && geojson.CRSName(c.CRS) != want {
		return nil, nil, footprint.Errorf(footprint.EInvalid, "%s: file CRS is %s but the manifest says %s", im.path(l), c.CRS, want)
	}
	if want != proj.WGS84 && want != proj.BNG {
		return nil, nil, footprint.Errorf(footprint.EInvalid, "%s: unsupported CRS %s: use EPSG:4326 or EPSG:27700", im.path(l), want)
	}
	if err := im.checkFeatures(l, c, want); err != nil {
		return nil, nil, err
	}
	var bng []orb.MultiPolygon
	if want == proj.BNG {
		inv, err := im.inverse()
		if err != nil {
			return nil, nil, footprint.Errorf(footprint.EInternal, "%s: %v", im.path(l), err)
		}
		bng = make([]orb.MultiPolygon, len(c.Features))
		for i := range c.Features {
			bng[i] = c.Features[i].Geometry
			if c.Features[i].Geometry, err = inv.MultiPolygon(bng[i]); err != nil {
				return nil, nil, im.featureError(l, &c.Features[i], err)
			}
		}
	}
	return c, bng, im.source(l, len(c.Features))
}

// checkFeatures checks every feature of a layer has its code and
// coordinates in range for the CRS, and warns of the rings the reader
// closed and the Z or M values it dropped.
func (im *importer) checkFeatures(l *Layer, c *geojson.Collection, crs string) error {
	var closed, zm []string
	rings := 0
	for i := range c.Features {
		f := &c.Features[i]
		if l.Key != "" && f.Prop(l.Key) == "" {
			return footprint.Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, ID: f.ID, Column: l.Key, Problem: "missing code"})
		}
		if err := proj.CheckBound(crs, f.Geometry.Bound()); err != nil {
			return im.featureError(l, f, err)
		}
		if f.ClosedRings > 0 {
			closed = append(closed, f.ID)
			rings += f.ClosedRings
		}
		if f.DroppedZM {
			zm = append(zm, f.ID)
		}
	}
	im.warn(l.name, "closed_rings", len(closed), closed, "%d rings in %d features did not end where they began and were closed", rings, len(closed))
	im.warn(l.name, "dropped_zm", len(zm), zm, "%d features had Z or M values, which were dropped", len(zm))
	return nil
}

// featureError is the EInvalid error for a problem with one feature of a
// layer, naming the file and the feature by number and code.
func (im *importer) featureError(l *Layer, f *geojson.Feature, err error) error {
	return footprint.Invalid(&geo.RowError{File: im.path(l), Line: f.Number, Feature: true, ID: f.ID, Problem: err.Error()})
}

// repairs collects the geometries of one layer that were made valid, to
// warn about once with examples.
type repairs struct {
	codes []string
	last  bool // the last geometry checked was repaired
}

// repair makes a geometry valid, noting in r whether it had to.
func (im *importer) repair(r *repairs, code string, mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	fixed, reason, err := im.geos.Repair(mp)
	if err != nil {
		return nil, err
	}
	r.last = reason != ""
	if r.last {
		r.codes = append(r.codes, code+" ("+reason+")")
	}
	return fixed, nil
}

// inverse returns the projection from British National Grid to WGS84,
// making it when first needed.
func (im *importer) inverse() (*proj.Projector, error) {
	if im.inv == nil {
		var err error
		if im.inv, err = proj.NewProjector(proj.BNG, proj.WGS84); err != nil {
			return nil, err
		}
	}
	return im.inv, nil
}

// point reads an x/y pair in the layer's CRS and returns it in WGS84 and BNG.
func (im *importer) point(t *table.Table, l *Layer) (wgs, bng orb.Point, err error) {
	x, err := t.Float(l.Col("x"))
	if err != nil {
		return wgs, bng, footprint.Invalid(err)
	}
	y, err := t.Float(l.Col("y"))
	if err != nil {
		return wgs, bng, footprint.Invalid(err)
	}
	crs := geojson.CRSName(l.CRS)
	if err := proj.CheckPoint(crs, orb.Point{x, y}); err != nil {
		return wgs, bng, footprint.Invalid(t.Errorf(l.Col("x"), "%v, %v: %v", x, y, err))
	}
	switch crs {
	case proj.WGS84:
		wgs = orb.Point{x, y}
		bng, err = im.fwd.Point(wgs)
	case proj.BNG:
		bng = orb.Point{x, y}
		var inv *proj.Projector
		if inv, err = im.inverse(); err == nil {
			wgs, err = inv.Point(bng)
		}
	default:
		return wgs, bng, footprint.Errorf(footprint.EInvalid, "%s: unsupported CRS %s", t.Name(), l.CRS)
	}
	if err != nil {
		return wgs, bng, footprint.Invalid(t.Errorf(l.Col("x"), "cannot project: %v", err))
	}
	return wgs, bng, nil
}
