package server

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"github.com/nhs-footprint/footprint/geo/encoding/geojson"
	"github.com/nhs-footprint/footprint/geo/geos"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/paulmach/orb"
)

// UnitProps are the properties of a unit in GeoJSON and JSON.
type UnitProps struct {
	Code        string     `json:"code"`
	Name        string     `json:"name"`
	MSOA        string     `json:"msoa"`
	MSOAName    string     `json:"msoa_name"`
	Ward        string     `json:"ward"`
	WardName    string     `json:"ward_name"`
	Borough     string     `json:"borough"`
	BoroughName string     `json:"borough_name"`
	Place       string     `json:"place"`
	ICB         string     `json:"icb"`
	Population  int32      `json:"population"`
	IMDScore    float64    `json:"imd_score"`
	IMDDecile   int8       `json:"imd_decile"`
	AreaHa      float64    `json:"area_ha"`
	Label       [2]float64 `json:"label"` // a point inside the LSOA
	Bbox        [4]float64 `json:"bbox"`  // minLon, minLat, maxLon, maxLat
}

func unitProps(a *footprint.Atlas, i int32) UnitProps {
	u := &a.Units[i]
	p := UnitProps{Code: u.Code, Name: u.Name, Population: u.Pop, IMDScore: u.IMD.Score, IMDDecile: u.IMD.Decile, AreaHa: u.AreaM2 / 1e4,
		Label: [2]float64{round5(u.Label[0]), round5(u.Label[1])},
		Bbox:  [4]float64{round5(u.Bound.Min[0]), round5(u.Bound.Min[1]), round5(u.Bound.Max[0]), round5(u.Bound.Max[1])}}
	p.MSOA, p.MSOAName = footprint.AreaName(a.MSOAs, u.MSOA)
	if u.MSOA >= 0 && a.MSOAs[u.MSOA].Alt != "" {
		p.MSOAName = a.MSOAs[u.MSOA].Alt
	}
	p.Ward, p.WardName = footprint.AreaName(a.Wards, u.Ward)
	p.Borough, p.BoroughName = footprint.AreaName(a.Boroughs, u.Borough)
	if u.Place >= 0 {
		p.Place = a.Places[u.Place].Code
	}
	p.ICB, _ = footprint.AreaName(a.ICBs, u.ICB)
	return p
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// writeUnitFeature writes one unit as a GeoJSON feature with coordinates
// at 5 decimal places (about 1 m), which keeps the London layer small.
func writeUnitFeature(buf *bytes.Buffer, g *geos.Context, a *footprint.Atlas, i int32) {
	props, _ := json.Marshal(unitProps(a, i))
	writeFeature(buf, g, a, i, props)
}

// writeFeature writes unit i as a GeoJSON Feature with the given properties.
func writeFeature(buf *bytes.Buffer, g *geos.Context, a *footprint.Atlas, i int32, props []byte) {
	buf.WriteString(`{"type":"Feature","id":`)
	buf.WriteString(strconv.Itoa(int(i)))
	buf.WriteString(`,"properties":`)
	buf.Write(props)
	buf.WriteString(`,"geometry":`)
	writeMultiPolygon(buf, g, a.Units[i].Geom)
	buf.WriteByte('}')
}

// writeMultiPolygon writes mp valid and wound as RFC 7946 asks (rfc7946).
func writeMultiPolygon(buf *bytes.Buffer, g *geos.Context, mp orb.MultiPolygon) {
	buf.Write(geojson.AppendMultiPolygon(buf.AvailableBuffer(), rfc7946(g, mp), 5))
}

// AgeCount is the residents of one Census 2021 age band.
type AgeCount struct {
	Band      string `json:"band"`
	Residents int32  `json:"residents"`
}

// UnitJSON is the body of GET /api/units/{code}.
type UnitJSON struct {
	UnitProps
	Ages       []AgeCount                `json:"ages"`
	IMDRank    int32                     `json:"imd_rank"`
	Centroid   [2]float64                `json:"centroid"`
	Neighbours []footprint.Neighbour     `json:"neighbours"`
	Registered float64                   `json:"registered_patients"`
	Practices  []footprint.PracticeShare `json:"practices"`
	Vintages   map[string]string         `json:"vintages"`
}

func unitJSON(a *footprint.Atlas, d *footprint.UnitDetail) UnitJSON {
	u := d.Unit
	j := UnitJSON{UnitProps: unitProps(a, d.Index), IMDRank: u.IMD.Rank,
		Centroid:   [2]float64{u.Centroid[0], u.Centroid[1]},
		Neighbours: d.Neighbours, Registered: d.Registered, Practices: d.Practices, Vintages: map[string]string{}}
	for k, l := range footprint.AgeBandLabels {
		j.Ages = append(j.Ages, AgeCount{Band: l, Residents: u.Ages[k]})
	}
	for _, s := range a.Sources {
		switch s.Layer {
		case "population", "imd", "registrations", "practices", "lookups":
			j.Vintages[s.Layer] = s.Vintage
		}
	}
	return j
}

// writeAreaCollection writes a boundary layer as a GeoJSON FeatureCollection.
func writeAreaCollection(buf *bytes.Buffer, g *geos.Context, list []footprint.Area) {
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	first := true
	for i := range list {
		ar := &list[i]
		if len(ar.Geom) == 0 {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		props, _ := json.Marshal(struct {
			Code       string `json:"code"`
			Name       string `json:"name"`
			Alt        string `json:"alt,omitempty"`
			Units      int    `json:"units"`
			Population int64  `json:"population"`
		}{ar.Code, ar.Name, ar.Alt, len(ar.Units), ar.Pop})
		buf.WriteString(`{"type":"Feature","id":`)
		buf.WriteString(strconv.Itoa(i))
		buf.WriteString(`,"properties":`)
		buf.Write(props)
		buf.WriteString(`,"geometry":`)
		writeMultiPolygon(buf, g, ar.Geom)
		buf.WriteByte('}')
	}
	buf.WriteString("]}")
}

// writePractices writes the current practices as GeoJSON points.
func writePractices(buf *bytes.Buffer, a *footprint.Atlas) {
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	first := true
	for i := range a.Practices {
		p := &a.Practices[i]
		if !p.Current || !p.HasLoc {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		pcnName := "Unallocated"
		if p.PCN >= 0 {
			pcnName = a.PCNs[p.PCN].Name
		}
		props, _ := json.Marshal(struct {
			Code     string  `json:"code"`
			Name     string  `json:"name"`
			PCN      string  `json:"pcn"`
			PCNName  string  `json:"pcn_name"`
			PCNIndex int32   `json:"pcn_index"`
			ListSize int32   `json:"list_size"`
			InRegion float64 `json:"registered_in_region"`
		}{p.Code, p.Name, p.PCNCode, pcnName, p.PCN, p.ListSize, p.InRegion})
		buf.WriteString(`{"type":"Feature","id":`)
		buf.WriteString(strconv.Itoa(i))
		buf.WriteString(`,"properties":`)
		buf.Write(props)
		buf.WriteString(`,"geometry":{"type":"Point","coordinates":[`)
		buf.WriteString(strconv.FormatFloat(p.Loc[0], 'f', 6, 64))
		buf.WriteByte(',')
		buf.WriteString(strconv.FormatFloat(p.Loc[1], 'f', 6, 64))
		buf.WriteString("]}}")
	}
	buf.WriteString("]}")
}
