package pack

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// frame maps longitude and latitude into an SVG box, keeping the
// proportions of the ground at the map's mid-latitude (c is its cosine).
type frame struct {
	minLon, maxLat, c, k, x0, y0, w, h float64
}

// newFrame fits bound b, with a margin, into a box w wide and at most h
// high; the box's height shrinks to the bound's proportions.
func newFrame(b orb.Bound, w, h float64) frame {
	c := math.Cos((b.Min[1] + b.Max[1]) / 2 * math.Pi / 180)
	bw, bh := (b.Max[0]-b.Min[0])*c, b.Max[1]-b.Min[1]
	if bw <= 0 || bh <= 0 {
		bw, bh = 1e-3, 1e-3
	}
	k := math.Min(w/bw, h/bh) * 0.95
	H := math.Min(h, bh*k/0.95)
	return frame{minLon: b.Min[0], maxLat: b.Max[1], c: c, k: k, x0: (w - bw*k) / 2, y0: (H - bh*k) / 2, w: w, h: H}
}

// point maps a longitude and latitude to SVG coordinates.
func (f frame) point(p orb.Point) (float64, float64) {
	return (p[0]-f.minLon)*f.c*f.k + f.x0, (f.maxLat-p[1])*f.k + f.y0
}

// layer is one footprint drawn on a map.
type layer struct {
	id, name, label string
	colour          string
	geom            orb.MultiPolygon
	faded           bool
}

// drawMap draws footprints as an SVG map of bound b, w wide and at most h
// high, each filled with its colour, outlined, and labelled at a point
// inside it. Text is escaped: names are data, never markup.
func drawMap(b orb.Bound, w, h float64, layers []layer) template.HTML {
	f := newFrame(b, w, h)
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img">`, f.w, f.h, f.w, f.h)
	for _, l := range layers {
		opacity := 0.85
		if l.faded {
			opacity = 0.25
		}
		fmt.Fprintf(&sb, `<path d="%s" fill="%s" fill-opacity="%.2f" stroke="#222" stroke-width="%.1f" fill-rule="evenodd"><title>%s</title></path>`,
			pathOf(f, l.geom), html.EscapeString(colourOr(l.colour)), opacity, map[bool]float64{false: 1.4, true: 0.5}[l.faded], html.EscapeString(l.name))
	}
	for _, l := range layers {
		if l.label == "" || l.faded || l.geom.Bound().IsEmpty() {
			continue
		}
		lines := wrapLabel(l.label, labelWidth, labelLines)
		widest := 0
		for _, line := range lines {
			widest = max(widest, utf8.RuneCountInString(line))
		}
		// Keep the label inside the map: clamp its centre by half its width.
		half := float64(widest) * charWidth / 2
		x, y := f.point(labelPoint(l.geom))
		x = min(max(x, half+2), f.w-half-2)
		y -= float64(len(lines)-1) * lineHeight / 2
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="label">`, x, y)
		for i, line := range lines {
			fmt.Fprintf(&sb, `<tspan x="%.1f" dy="%.1f">%s</tspan>`, x, map[bool]float64{true: 0, false: lineHeight}[i == 0], html.EscapeString(line))
		}
		sb.WriteString(`</text>`)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // built from numbers and escaped text only
}

// A map label wraps at labelWidth characters onto at most labelLines
// lines; charWidth and lineHeight are its size in pixels, roughly, at the
// label's 10 px font.
const (
	labelWidth = 22
	labelLines = 3
	charWidth  = 5.6
	lineHeight = 11
)

// wrapLabel breaks text at spaces into lines of at most width characters
// (a longer word stands alone), and ends the last of at most n lines with
// an ellipsis if text goes on.
func wrapLabel(text string, width, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] += "…"
	}
	return lines
}

// pathOf is the SVG path of a multipolygon, rounded to 0.1 px.
func pathOf(f frame, mp orb.MultiPolygon) string {
	var sb strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				x, y := f.point(p)
				if i == 0 {
					fmt.Fprintf(&sb, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&sb, "L%.1f %.1f", x, y)
				}
			}
			sb.WriteString("Z")
		}
	}
	return sb.String()
}

// labelPoint is where a footprint's label goes: the centre of the bound of
// its largest polygon.
func labelPoint(mp orb.MultiPolygon) orb.Point {
	best, area := 0, -1.0
	for i, p := range mp {
		b := p.Bound()
		if a := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]); a > area {
			best, area = i, a
		}
	}
	return mp[best].Bound().Center()
}

// colourOr is a footprint's colour, or grey if it has none or the colour
// is not a plain hex colour.
func colourOr(c string) string {
	if len(c) == 7 && c[0] == '#' && strings.Trim(strings.ToLower(c[1:]), "0123456789abcdef") == "" {
		return c
	}
	return "#999999"
}
