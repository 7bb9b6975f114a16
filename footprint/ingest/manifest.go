package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nhs-footprint/footprint/footprint"
)

// Format is the file format of a layer.
type Format string

// Layer formats.
const (
	FormatGeoJSON Format = "geojson"
	FormatCSV     Format = "csv"
	FormatCSVGz   Format = "csv.gz"
)

// Layer describes one file of a dataset: where it is, how to read it, which
// columns hold the key and the values, and where the data comes from.
type Layer struct {
	File   string `json:"file"`
	Format Format `json:"format"`
	CRS    string `json:"crs,omitempty"`
	// Key is the column (or GeoJSON property) holding the row's code.
	Key string `json:"key,omitempty"`
	// Columns maps a role Footprint knows (such as "name" or "total") to
	// the column of the file that holds it.
	Columns map[string]string `json:"columns,omitempty"`
	// Where keeps only rows whose columns equal these values, for official
	// files that carry several breakdowns (e.g. SEX = ALL).
	Where map[string]string `json:"where,omitempty"`
	// LSOAVintage is "2011" or "2021", for registrations.
	LSOAVintage string `json:"lsoa_vintage,omitempty"`
	// NoLSOA lists the values of the LSOA column meaning "no usable LSOA".
	NoLSOA []string `json:"no_lsoa_values,omitempty"`
	// Unallocated lists PCN codes meaning "in no PCN".
	Unallocated []string `json:"unallocated_pcn_codes,omitempty"`

	Vintage string `json:"vintage"`
	// AsOf is the short date of the data, as sentences quote it: "July
	// 2022" for registrations, "2025" for IMD.
	AsOf        string           `json:"as_of,omitempty"`
	Licence     string           `json:"licence"`
	Attribution string           `json:"attribution"`
	Source      footprint.Source `json:"source"`
	Caveats     []string         `json:"caveats,omitempty"`
	Optional    bool             `json:"optional,omitempty"`

	name string // the layer's role in the manifest, for messages
}

// Col returns the file column for a role, or "" if the manifest maps none.
func (l *Layer) Col(role string) string { return l.Columns[role] }

// Name is the layer's name in the manifest, e.g. "population".
func (l *Layer) Name() string { return l.name }

// Layers are the layers of a manifest. Only LSOA is required; each layer
// present is read and validated.
type Layers struct {
	LSOA          *Layer   `json:"lsoa"`
	Lookups       []*Layer `json:"lookups,omitempty"`
	MSOANames     *Layer   `json:"msoa_names,omitempty"`
	MSOA          *Layer   `json:"msoa,omitempty"`
	Ward          *Layer   `json:"ward,omitempty"`
	Borough       *Layer   `json:"borough,omitempty"`
	ICB           *Layer   `json:"icb,omitempty"`
	Population    *Layer   `json:"population,omitempty"`
	IMD           *Layer   `json:"imd,omitempty"`
	Centroids     *Layer   `json:"centroids,omitempty"`
	Practices     *Layer   `json:"practices,omitempty"`
	ListSizes     *Layer   `json:"list_sizes,omitempty"`
	PCNCatchments *Layer   `json:"pcn_catchments,omitempty"`
	LSOA11Lookup  *Layer   `json:"lsoa11_lookup,omitempty"`
	Registrations *Layer   `json:"registrations,omitempty"`
	Barriers      []*Layer `json:"barriers,omitempty"`
}

// PlaceGroup joins several boroughs into one place.
type PlaceGroup struct {
	Code     string   `json:"code"`
	Name     string   `json:"name"`
	Boroughs []string `json:"boroughs"`
}

// PlaceRules say how boroughs form places: by default each borough is a
// place; Groups join some boroughs into one.
type PlaceRules struct {
	Default string       `json:"default"`
	Groups  []PlaceGroup `json:"groups,omitempty"`
}

// Manifest describes a dataset: its layers and its places.
type Manifest struct {
	Name        string     `json:"name"`
	Region      string     `json:"region"`
	Description string     `json:"description,omitempty"`
	Layers      Layers     `json:"layers"`
	Places      PlaceRules `json:"places"`

	path string
}

// layerRoles lists, per layer, the column roles the importer understands
// and which of them are required.
var layerRoles = map[string]struct{ required, optional []string }{
	"lsoa":           {optional: []string{"name"}},
	"lookups":        {optional: []string{"msoa", "msoa_name", "ward", "ward_name", "borough", "borough_name", "subicb", "subicb_name", "icb", "icb_name", "icb_ods"}},
	"msoa_names":     {required: []string{"hcl_name"}},
	"msoa":           {optional: []string{"name"}},
	"ward":           {optional: []string{"name"}},
	"borough":        {optional: []string{"name"}},
	"icb":            {optional: []string{"name", "ods"}},
	"population":     {required: append([]string{"total"}, footprint.AgeRoles[:]...)},
	"imd":            {required: []string{"score", "decile"}, optional: append([]string{"rank"}, footprint.IMDDomainRoles[:]...)},
	"centroids":      {required: []string{"x", "y"}},
	"practices":      {required: []string{"name", "pcn"}, optional: []string{"pcn_name", "postcode", "icb", "subicb", "x", "y", "lsoa"}},
	"list_sizes":     {required: []string{"patients"}},
	"pcn_catchments": {optional: []string{"name"}},
	"lsoa11_lookup":  {required: []string{"lsoa21", "change"}},
	"registrations":  {required: []string{"practice", "lsoa", "patients"}, optional: []string{"practice_name"}},
	"barriers":       {optional: []string{"name"}},
}

// ReadManifest reads and checks a manifest file.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "manifest %s: %v", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "manifest %s: %v", path, err)
	}
	m.path = path
	if err := m.check(); err != nil {
		return nil, footprint.Errorf(footprint.EInvalid, "manifest %s: %v", path, err)
	}
	return &m, nil
}

// Path is the file the manifest was read from.
func (m *Manifest) Path() string { return m.path }

// each calls fn for every layer present, with its role name.
func (m *Manifest) each(fn func(name string, l *Layer)) {
	L := &m.Layers
	one := func(name string, l *Layer) {
		if l != nil {
			fn(name, l)
		}
	}
	one("lsoa", L.LSOA)
	for _, l := range L.Lookups {
		one("lookups", l)
	}
	one("msoa_names", L.MSOANames)
	one("msoa", L.MSOA)
	one("ward", L.Ward)
	one("borough", L.Borough)
	one("icb", L.ICB)
	one("population", L.Population)
	one("imd", L.IMD)
	one("centroids", L.Centroids)
	one("practices", L.Practices)
	one("list_sizes", L.ListSizes)
	one("pcn_catchments", L.PCNCatchments)
	one("lsoa11_lookup", L.LSOA11Lookup)
	one("registrations", L.Registrations)
	for _, l := range L.Barriers {
		one("barriers", l)
	}
}

// check validates the manifest as a whole, then each of its layers,
// recording each layer's role name.
func (m *Manifest) check() error {
	if m.Name == "" {
		return fmt.Errorf("no name")
	}
	if m.Layers.LSOA == nil {
		return fmt.Errorf("no lsoa layer")
	}
	if m.Layers.Registrations != nil && m.Layers.Practices == nil {
		return fmt.Errorf("registrations need a practices layer")
	}
	if m.Layers.Registrations != nil && m.Layers.Registrations.LSOAVintage == "2011" && m.Layers.LSOA11Lookup == nil {
		return fmt.Errorf("registrations on LSOA 2011 need an lsoa11_lookup layer")
	}
	if m.Places.Default != "" && m.Places.Default != "borough" {
		return fmt.Errorf("places.default is %q, want \"borough\"", m.Places.Default)
	}
	var err error
	m.each(func(name string, l *Layer) {
		if err != nil {
			return
		}
		l.name = name
		err = l.check(name)
	})
	return err
}

// check validates one layer: its file, format, provenance and column
// roles against what the importer knows of the layer's role name.
func (l *Layer) check(name string) error {
	if l.File == "" {
		return fmt.Errorf("layer %s: no file", name)
	}
	if filepath.IsAbs(l.File) || strings.Contains(filepath.ToSlash(l.File), "../") {
		return fmt.Errorf("layer %s: file %q must be relative to the data root", name, l.File)
	}
	switch l.Format {
	case FormatGeoJSON, FormatCSV, FormatCSVGz:
	default:
		return fmt.Errorf("layer %s: format %q, want geojson, csv or csv.gz", name, l.Format)
	}
	if l.Vintage == "" || l.Licence == "" || l.Attribution == "" || l.Source.Publisher == "" {
		return fmt.Errorf("layer %s: vintage, licence, attribution and source.publisher are required", name)
	}
	roles := layerRoles[name]
	for role := range l.Columns {
		if !slices.Contains(roles.required, role) && !slices.Contains(roles.optional, role) {
			return fmt.Errorf("layer %s: unknown column role %q (known: %s)", name, role, strings.Join(append(slices.Clone(roles.required), roles.optional...), ", "))
		}
	}
	for _, role := range roles.required {
		if l.Columns[role] == "" {
			return fmt.Errorf("layer %s: no column for role %q", name, role)
		}
	}
	needKey := name != "registrations" && name != "barriers"
	if needKey && l.Key == "" {
		return fmt.Errorf("layer %s: no key column", name)
	}
	if name == "registrations" && l.LSOAVintage != "2011" && l.LSOAVintage != "2021" {
		return fmt.Errorf("layer registrations: lsoa_vintage %q, want 2011 or 2021", l.LSOAVintage)
	}
	return nil
}
