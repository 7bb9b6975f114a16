package ingest

import (
	"time"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/geo/geos"
	"github.com/nhs-footprint/footprint/geo/proj"
	"github.com/paulmach/orb"
)

// Import reads the dataset a manifest describes, from files under root,
// validates it and builds an atlas. It stops at the first error that would
// drop or invent data, naming the file, row and problem; problems it can
// carry on past are reported as warnings in the atlas's Report.
func Import(m *Manifest, root string, progress footprint.Progress) (*footprint.Atlas, error) {
	start := time.Now()
	im := &importer{m: m, root: root, progress: progress,
		a:      &footprint.Atlas{Name: m.Name, Region: m.Region},
		popAll: map[string]float64{},
		geos:   geos.NewContext(),
	}
	im.a.Report = footprint.ImportReport{Manifest: m.Path(), DataRoot: root, Built: start.UTC().Truncate(time.Second), Skipped: map[string]int{}}
	var err error
	if im.fwd, err = proj.NewProjector(proj.WGS84, proj.BNG); err != nil {
		return nil, &footprint.Error{Code: footprint.EInternal, Message: "set up projection: " + err.Error(), Err: err}
	}
	steps := []struct {
		name string
		fn   func() error
	}{
		{"LSOA boundaries", im.units},
		{"lookups", im.lookups},
		{"boundary layers", im.areas},
		{"population", im.population},
		{"deprivation", im.imd},
		{"centroids", im.centroids},
		{"GP practices", im.practices},
		{"list sizes", im.listSizes},
		{"PCN catchments", im.catchments},
		{"registrations", im.registrations},
		{"barriers", im.barriers},
		{"places", im.places},
		{"adjacency", im.adjacency},
	}
	for _, s := range steps {
		t := time.Now()
		im.step = s.name
		im.detail = ""
		if err := s.fn(); err != nil {
			return nil, err
		}
		im.emit(footprint.ProgressEvent{Step: s.name, Finished: true, Elapsed: time.Since(t), Detail: im.detail})
	}
	im.a.Report.Projection = im.fwd.Operation()
	im.a.BuildIndex()
	im.a.Report.Seconds = time.Since(start).Seconds()
	return im.a, nil
}

// An importer holds the state of one import: the atlas being built and
// what the steps pass to each other.
type importer struct {
	m        *Manifest
	root     string
	progress footprint.Progress
	a        *footprint.Atlas
	fwd      *proj.Projector
	inv      *proj.Projector // BNG to WGS84, made when first needed
	geos     *geos.Context
	step     string
	detail   string

	unitIndex map[string]int32   // unit code to index, until the atlas has its own
	bng       []orb.MultiPolygon // unit geometry in BNG, for adjacency
	codes     map[string][]string
	lines     map[string][]string // where each unit's code came from, for errors
	names     map[string]map[string]string
	popAll    map[string]float64 // population of every LSOA21 read, in or out of region
}

// emit passes a progress event on, if anyone is listening.
func (im *importer) emit(ev footprint.ProgressEvent) {
	if im.progress != nil {
		im.progress(ev)
	}
}

// unit finds a unit by code while the atlas is being built, before
// BuildIndex has given it an index of its own.
func (im *importer) unit(code string) (int32, bool) {
	if im.unitIndex == nil || len(im.unitIndex) != len(im.a.Units) {
		im.unitIndex = make(map[string]int32, len(im.a.Units))
		for i := range im.a.Units {
			im.unitIndex[im.a.Units[i].Code] = int32(i)
		}
	}
	i, ok := im.unitIndex[code]
	return i, ok
}
