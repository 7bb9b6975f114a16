package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/compare"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/pack"
	"github.com/nhs-footprint/footprint/footprint/register"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// What a place board sees: plans compared side by side, the agreements
// a plan implies, and the printable decision pack. All are read-only and
// need no token, as the share link does.

// PackPolicy is the Content-Security-Policy of a decision pack: a
// self-contained page with its styles inline and no script at all.
const PackPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"

// planRef is one plan of a comparison: a plan id, with the version
// after "@" (0 is the latest).
type planRef struct {
	id      string
	version int
}

// parsePlanRefs reads the plans parameter, "a,b[,c[,d]]" with versions
// as "id@n", checking every part before any plan is read.
func parsePlanRefs(list string) ([]planRef, error) {
	if list == "" {
		return nil, footprint.Errorf(footprint.EInvalid, "plans is required: give 2 to %d plan ids, separated by commas (a version as id@n)", compare.MaxPlans)
	}
	parts := strings.Split(list, ",")
	if len(parts) < 2 || len(parts) > compare.MaxPlans {
		return nil, footprint.Errorf(footprint.EInvalid, "plans lists %d plans: give 2 to %d", len(parts), compare.MaxPlans)
	}
	refs := make([]planRef, len(parts))
	for i, part := range parts {
		id, v, hasV := strings.Cut(strings.TrimSpace(part), "@")
		if !validPlanID(id) {
			return nil, footprint.Errorf(footprint.EInvalid, "plans item %d: %q is not a plan id (1 to 64 letters, digits, - or _)", i+1, id)
		}
		refs[i].id = id
		if hasV {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return nil, footprint.Errorf(footprint.EInvalid, "plans item %d: version %q is not a positive number", i+1, v)
			}
			refs[i].version = n
		}
	}
	return refs, nil
}

// validPlanID reports whether id could name a plan: 1 to 64 ASCII
// letters, digits, hyphens or underscores.
func validPlanID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// planAt returns a copy of a plan at a version (0 for the latest) and
// the version it is.
func (s *Server) planAt(c echo.Context, ref planRef) (*footprint.Plan, int, error) {
	ctx := c.Request().Context()
	ss, err := s.lockSession(ctx, ref.id)
	if err != nil {
		return nil, 0, err
	}
	if ref.version == 0 || ref.version == ss.version {
		p, v := ss.scorer.Plan().Clone(), ss.version
		ss.mu.Unlock()
		return p, v, nil
	}
	ss.mu.Unlock()
	p, v, err := s.store.LoadPlan(ctx, ref.id, ref.version)
	if err != nil {
		return nil, 0, err
	}
	p.Repair() // as restoring it would
	return p, v, nil
}

// getCompare answers GET /api/compare?plans=a,b[,c]: the comparison
// document of two to four plans or versions over the same places.
func (s *Server) getCompare(c echo.Context) error {
	refs, err := parsePlanRefs(c.QueryParam("plans"))
	if err != nil {
		return err
	}
	in := make([]compare.Input, len(refs))
	for i, ref := range refs {
		p, v, err := s.planAt(c, ref)
		if err != nil {
			return err
		}
		in[i] = compare.Input{Label: fmt.Sprintf("%s v%d", p.Name, v), Plan: p}
	}
	cmp, err := compare.Plans(s.atlas, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cmp)
}

// scorerAt scores a copy of a plan at the version the request names
// (?version=n, the latest by default).
func (s *Server) scorerAt(c echo.Context) (*score.Scorer, int, error) {
	p, v, err := s.planAtQuery(c)
	if err != nil {
		return nil, 0, err
	}
	sc, err := score.NewScorer(s.atlas, p)
	return sc, v, err
}

// planAtQuery is the plan of the address (/api/plans/{id}/…) at the
// version it asks for (?version=n), by default the latest, and that version.
func (s *Server) planAtQuery(c echo.Context) (*footprint.Plan, int, error) {
	ref := planRef{id: c.Param("id")}
	if v := c.QueryParam("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, 0, footprint.Errorf(footprint.EInvalid, "version %q is not a positive number", v)
		}
		ref.version = n
	}
	return s.planAt(c, ref)
}

// getRegister answers GET /api/plans/{id}/register: the actions
// register as JSON, or as CSV with ?format=csv.
func (s *Server) getRegister(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return footprint.Errorf(footprint.EInvalid, "format %q: use json or csv", format)
	}
	sc, v, err := s.scorerAt(c)
	if err != nil {
		return err
	}
	r := register.Plan(sc)
	if format != "csv" {
		c.Response().Header().Set("X-Plan-Version", strconv.Itoa(v))
		return c.JSON(http.StatusOK, r)
	}
	var buf bytes.Buffer
	if err := register.WriteCSV(&buf, r); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d-register.csv"`, fileName(sc.Plan().Name), v))
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// getPack answers GET /api/plans/{id}/pack: the decision pack, one HTML
// page that prints to A4, with its maps as SVG drawn here.
func (s *Server) getPack(c echo.Context) error {
	sc, v, err := s.scorerAt(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pack.Write(&buf, sc, pack.Options{Version: v, Date: time.Now()}); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Security-Policy", PackPolicy)
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// getOutlines answers GET /api/plans/{id}/outlines: the plan's
// footprints at a version (?version=n, the latest by default) as
// dissolved GeoJSON polygons, with the export's properties, for drawing
// one plan's boundaries over another's, or the web map's own. A version
// never changes, so its outlines are kept (outlineCount of them) and sent
// with an ETag; the latest version's address is revalidated each time.
func (s *Server) getOutlines(c echo.Context) error {
	p, v, err := s.planAtQuery(c)
	if err != nil {
		return err
	}
	key := outlineKey{id: c.Param("id"), version: v}
	out, ok := s.outlines.get(key)
	if !ok {
		sc, err := score.NewScorer(s.atlas, p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := export.Write(&buf, sc, export.GeoJSON); err != nil {
			return err
		}
		out = newPayload(buf.Bytes())
		s.outlines.put(key, out)
	}
	c.Response().Header().Set("X-Plan-Version", strconv.Itoa(v))
	return servePayload(c, export.GeoJSON.MediaType(), cacheRevalidate, out)
}

// outlineKey names a plan's version, whose outlines never change.
type outlineKey struct {
	id      string
	version int
}

// outlineCount is how many versions' outlines are kept: about 1.3 MB
// each, with their gzipped copy, for a plan of all London's 203 PCNs.
const outlineCount = 16

// fileName makes a plan name safe as a file name.
func fileName(name string) string {
	file := unsafeName.ReplaceAllString(name, "_")
	if file == "" || file == "_" {
		return "plan"
	}
	return file
}
