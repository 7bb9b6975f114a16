package main

import (
	"flag"

	"github.com/nhs-footprint/footprint/footprint/planfile"
)

// planFlags are the flags of every command that reads plan files: how
// to read footprint polygons (GeoPackage, zipped Shapefile, FlatGeobuf
// or GeoJSON). CSV and plan JSON ignore them.
type planFlags struct {
	layer, idColumn, nameColumn *string
}

// addPlanFlags adds --layer, --id-column and --name-column to fs.
func addPlanFlags(fs *flag.FlagSet) planFlags {
	return planFlags{
		layer:      fs.String("layer", "", "polygon plans: the layer to read (default: the only polygon layer)"),
		idColumn:   fs.String("id-column", "", "polygon plans: the column footprint ids come from (default: the first of footprint, District, assignment, name, id)"),
		nameColumn: fs.String("name-column", "", "polygon plans: the column footprint names come from (default: name)"),
	}
}

// options are the flags as planfile reads them.
func (f planFlags) options() planfile.Options {
	return planfile.Options{Layer: *f.layer, IDColumn: *f.idColumn, NameColumn: *f.nameColumn}
}
