package export

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"time"

	"github.com/nhs-footprint/footprint/geo/gpkg"
)

// bandColours are the fills of the band statuses in the QGIS style:
// orange below the band, green in it, purple above it, grey empty.
var bandColours = []struct{ status, rgb, label string }{
	{BandBelow, "230,97,1", "Below the band: fewer than %s residents"},
	{BandIn, "77,172,38", "In the band: %s to %s residents"},
	{BandAbove, "94,60,153", "Above the band: more than %s residents"},
	{BandEmpty, "189,189,189", "Empty: no LSOAs"},
}

// qml is a QGIS style (QML) for the footprints layer: a categorized
// renderer on band_status, with the band's limits in the legend, and
// each footprint labelled with its name.
func qml(band [2]int64) string {
	lo, hi := thousands(band[0]), thousands(band[1])
	var cats, syms bytes.Buffer
	for i, b := range bandColours {
		var label string
		switch b.status {
		case BandBelow:
			label = fmt.Sprintf(b.label, lo)
		case BandIn:
			label = fmt.Sprintf(b.label, lo, hi)
		case BandAbove:
			label = fmt.Sprintf(b.label, hi)
		default:
			label = b.label
		}
		fmt.Fprintf(&cats, `<category render="true" symbol="%d" value="%s" label="%s"/>`, i, b.status, html.EscapeString(label))
		fmt.Fprintf(&syms, `<symbol type="fill" name="%d" alpha="0.65" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" enabled="1" locked="0" pass="0">`+
			`<prop k="color" v="%s,255"/><prop k="style" v="solid"/><prop k="outline_color" v="35,35,35,255"/><prop k="outline_style" v="solid"/>`+
			`<prop k="outline_width" v="0.4"/><prop k="outline_width_unit" v="MM"/><prop k="joinstyle" v="round"/></layer></symbol>`, i, b.rgb)
	}
	return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="1">
<renderer-v2 type="categorizedSymbol" attr="band_status" symbollevels="0" enableorderby="0" forceraster="0">
<categories>` + cats.String() + `</categories>
<symbols>` + syms.String() + `</symbols>
</renderer-v2>
<labeling type="simple"><settings calloutType="simple">
<text-style fieldName="name" isExpression="0" fontFamily="Sans Serif" fontSize="9" fontSizeUnit="Point" fontWeight="75" textColor="20,20,20,255" textOpacity="1" multilineHeight="1"><text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8"/></text-style>
<text-format wrapChar="" autoWrapLength="18" multilineAlign="1"/>
<placement placement="1" centroidInside="1" centroidWhole="0" fitInPolygonOnly="0" priority="5"/>
<rendering drawLabels="1" obstacle="1" limitNumLabels="0" scaleVisibility="0" labelPerPart="0" mergeLines="0" displayAll="0" upsidedownLabels="0"/>
</settings></labeling>
</qgis>
`
}

// styleTable is the layer_styles table, as QGIS keeps styles in a
// GeoPackage, with one default style for the footprints layer.
func styleTable(plan string, band [2]int64) gpkg.Table {
	return gpkg.Table{
		Name:        "layer_styles",
		Description: "QGIS styles: footprints coloured by band status and labelled by name",
		Fields: textFields("f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML", "styleSLD",
			"useAsDefault:BOOLEAN", "description", "owner", "ui", "update_time:DATETIME"),
		Rows: [][]any{{"", "", "footprints", "geom", "band status", qml(band), "", 1,
			"Footprints of " + plan + " by band status, labelled by name", "Footprint", "", time.Now().UTC().Format("2006-01-02T15:04:05.000Z")}},
	}
}

// thousands writes n with commas between thousands: 30,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
