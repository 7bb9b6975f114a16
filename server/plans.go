package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/baseline"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/export"
	"github.com/nhs-footprint/footprint/footprint/profile"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// token reads the edit token from "Authorization: Bearer <token>".
func token(c echo.Context) string {
	h := c.Request().Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

// CreatePlanRequest is the body of POST /api/plans.
type CreatePlanRequest struct {
	Name     string   `json:"name"`
	Places   []string `json:"places"`
	Baseline *string  `json:"baseline"`
}

// CreatePlanResponse answers POST /api/plans.
type CreatePlanResponse struct {
	ID        string `json:"id"`
	EditToken string `json:"edit_token"`
	Version   int    `json:"version"`
	EditURL   string `json:"edit_url"`
	ShareURL  string `json:"share_url"`
}

func (s *Server) createPlan(c echo.Context) error {
	var req CreatePlanRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := footprint.ValidateName("plan", req.Name); err != nil {
		return err
	}
	var p *footprint.Plan
	if req.Baseline != nil {
		var err error
		if p, err = baseline.Build(s.atlas, baseline.Kind(*req.Baseline), req.Places); err != nil {
			return err
		}
	} else {
		p = footprint.NewPlan("")
		p.Places = append([]string{}, req.Places...)
	}
	if req.Name != "" {
		p.Name = req.Name
	} else if p.Name == "" {
		p.Name = "Untitled plan"
	}
	if len(p.Places) == 0 {
		for _, pl := range s.atlas.Places {
			p.Places = append(p.Places, pl.Code)
		}
	}
	if err := p.Check(s.atlas); err != nil {
		return err
	}
	colour.Assign(s.atlas, p)
	id, tok, err := s.store.CreatePlan(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, CreatePlanResponse{ID: id, EditToken: tok, Version: 1,
		EditURL: "/?plan=" + id + "#edit=" + tok, ShareURL: "/?plan=" + id})
}

// PlanJSON is the body of GET /api/plans/{id}.
type PlanJSON struct {
	ID          string                    `json:"id"`
	Name        string                    `json:"name"`
	Version     int                       `json:"version"`
	Places      []string                  `json:"places"`
	Settings    footprint.Settings        `json:"settings"`
	Footprints  []footprint.FootprintInfo `json:"footprints"`
	Assignments map[string]string         `json:"assignments"`
	// Repaired says what was dropped from the stored plan when it was
	// opened because no valid plan holds it, such as a footprint with an
	// empty id.
	Repaired []string `json:"repaired,omitempty"`
}

func planJSON(id string, v int, p *footprint.Plan) PlanJSON {
	fps := append([]footprint.FootprintInfo{}, p.Footprints...)
	assign := make(map[string]string, len(p.Assign))
	for k, v := range p.Assign {
		assign[k] = v
	}
	return PlanJSON{ID: id, Name: p.Name, Version: v, Places: append([]string{}, p.Places...), Settings: p.Settings, Footprints: fps, Assignments: assign}
}

func (s *Server) getPlan(c echo.Context) error {
	ss, err := s.lockSession(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	body := planJSON(ss.id, ss.version, ss.scorer.Plan())
	body.Repaired = append([]string(nil), ss.repaired...)
	ss.mu.Unlock()
	return c.JSON(http.StatusOK, body)
}

// staleError is a conflict with what changed since the editor's version.
type staleError struct {
	err     *footprint.Error
	version int
	changes []footprint.Version
}

func (e *staleError) Error() string { return e.err.Error() }
func (e *staleError) Unwrap() error { return e.err }

// editable opens a plan for an edit: it checks the token (unless
// needToken has) and the base version, and returns the session locked.
func (s *Server) editable(c echo.Context, base *int) (*session, error) {
	ctx := c.Request().Context()
	id := c.Param("id")
	if err := s.checkToken(c, id); err != nil {
		return nil, err
	}
	ss, err := s.lockSession(ctx, id)
	if err != nil {
		return nil, err
	}
	if base == nil {
		ss.mu.Unlock()
		return nil, footprint.Errorf(footprint.EInvalid, "base_version is required")
	}
	if *base != ss.version {
		v := ss.version
		ss.mu.Unlock()
		changes, err := s.store.ChangesSince(ctx, id, *base)
		if err != nil {
			return nil, err
		}
		return nil, &staleError{err: footprint.Errorf(footprint.EConflict, "plan %s is at version %d, not %d: someone else has edited it", id, v, *base), version: v, changes: changes}
	}
	return ss, nil
}

// PatchAssignmentsRequest is the body of PATCH /api/plans/{id}/assignments.
type PatchAssignmentsRequest struct {
	BaseVersion *int               `json:"base_version"`
	Changes     []footprint.Change `json:"changes"`
}

// PatchResponse answers an edit.
type PatchResponse struct {
	Version    int                        `json:"version"`
	Applied    []footprint.Applied        `json:"applied"`
	Footprints []footprint.FootprintScore `json:"footprints"`
	// Recoloured lists the footprints given a new colour so that none
	// shares its colour with one it touches.
	Recoloured []footprint.FootprintInfo `json:"recoloured,omitempty"`
	// Scores, asked for with ?scores=all, are the whole plan's after the
	// edit, as GET .../scores gives them: a page that shows them all
	// saves a second request after each stroke.
	Scores *ScoresJSON `json:"scores,omitempty"`
}

// MaxChanges is the most LSOA changes one request may carry.
const MaxChanges = 50000

func (s *Server) patchAssignments(c echo.Context) error {
	var req PatchAssignmentsRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if len(req.Changes) > MaxChanges {
		return footprint.Errorf(footprint.ETooLarge, "%d changes in one request; the limit is %d", len(req.Changes), MaxChanges)
	}
	withScores := c.QueryParam("scores")
	if withScores != "" && withScores != "all" {
		return footprint.Errorf(footprint.EInvalid, "scores=%q: use scores=all, or leave it out", withScores)
	}
	ss, err := s.editable(c, req.BaseVersion)
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	applied, changed, err := ss.scorer.Apply(req.Changes)
	if err != nil {
		return err
	}
	recoloured := s.recolour(ss.scorer, changed)
	v, err := s.store.AppendVersion(c.Request().Context(), ss.id, ss.version, footprint.Edit{Assign: applied, Footprints: recoloured}, ss.scorer.Plan())
	if err != nil {
		s.evict(ss) // Apply may have added footprints: reload from the store
		return err
	}
	ss.version = v
	s.resized(ss)
	resp := PatchResponse{Version: v, Applied: applied, Recoloured: recoloured, Footprints: make([]footprint.FootprintScore, 0, len(changed))}
	for _, id := range changed {
		fs, _ := ss.scorer.Footprint(id, true)
		resp.Footprints = append(resp.Footprints, fs)
	}
	if withScores == "all" {
		sc := s.scores(ss)
		resp.Scores = &sc
	}
	return c.JSON(http.StatusOK, resp)
}

// PatchPlanRequest is the body of PATCH /api/plans/{id}: any of a new
// name, footprint names, colours and locks, and settings.
type PatchPlanRequest struct {
	BaseVersion *int                      `json:"base_version"`
	Name        *string                   `json:"name"`
	Footprints  []footprint.FootprintInfo `json:"footprints"`
	Settings    *footprint.Settings       `json:"settings"`
}

func (s *Server) patchPlan(c echo.Context) error {
	var req PatchPlanRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	ss, err := s.editable(c, req.BaseVersion)
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	if err := ss.scorer.Update(req.Name, req.Settings, req.Footprints); err != nil {
		return err
	}
	p := ss.scorer.Plan()
	v, err := s.store.AppendVersion(c.Request().Context(), ss.id, ss.version, footprint.Edit{Footprints: req.Footprints, Name: req.Name, Settings: req.Settings}, p)
	if err != nil {
		s.evict(ss)
		return err
	}
	ss.version = v
	s.resized(ss)
	return c.JSON(http.StatusOK, planJSON(ss.id, v, p))
}

func (s *Server) getScores(c echo.Context) error {
	ss, err := s.lockSession(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	sc := s.scores(ss)
	v := ss.version
	ss.mu.Unlock()
	c.Response().Header().Set("X-Plan-Version", strconv.Itoa(v))
	return c.JSON(http.StatusOK, sc)
}

// scores is a session's plan's scores, with its colour clashes; the
// caller holds ss.mu.
func (s *Server) scores(ss *session) ScoresJSON {
	return ScoresJSON{Score: ss.scorer.Score(true), Clashes: append([][2]string{}, colour.Clashes(s.atlas, ss.scorer.Plan())...)}
}

// ScoresJSON is the answer of GET /api/plans/{id}/scores: the plan's
// scores, and the pairs of touching footprints that share a colour,
// because the palette ran out around them or a user chose it, which the
// web map hatches.
type ScoresJSON struct {
	*footprint.Score
	Clashes [][2]string `json:"clashes"`
}

func (s *Server) getVersions(c echo.Context) error {
	vs, err := s.store.Versions(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.withCards(c.Request().Context(), c.Param("id"), vs); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"versions": vs})
}

// restoreVersion makes version n the newest, repairing what no valid
// plan holds; the answer reports the repairs.
func (s *Server) restoreVersion(c echo.Context) error {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		return footprint.Errorf(footprint.EInvalid, "version %q is not a positive number", c.Param("n"))
	}
	ctx := c.Request().Context()
	ss, err := s.lockSession(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	p, _, err := s.store.LoadPlan(ctx, ss.id, n)
	if err != nil {
		return err
	}
	repaired := p.Repair()
	sc, err := score.NewScorer(s.atlas, p)
	if err != nil {
		return err
	}
	v, err := s.store.AppendVersion(ctx, ss.id, ss.version, footprint.Edit{Restored: n}, p)
	if err != nil {
		return err
	}
	ss.version, ss.scorer, ss.repaired = v, sc, nil
	s.resized(ss)
	body := planJSON(ss.id, v, p)
	body.Repaired = repaired
	return c.JSON(http.StatusOK, body)
}

// getProfiles serves /api/plans/{id}/profiles, as JSON or, with
// ?format=csv, one CSV row per footprint.
func (s *Server) getProfiles(c echo.Context) error {
	ss, err := s.lockSession(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	switch c.QueryParam("format") {
	case "csv":
		c.Response().Header().Set("Content-Disposition", `attachment; filename="profiles.csv"`)
		c.Response().Header().Set("Content-Type", "text/csv")
		c.Response().WriteHeader(http.StatusOK)
		return export.ProfilesCSV(c.Response(), ss.scorer)
	case "", "json":
		return c.JSON(http.StatusOK, profile.Plan(ss.scorer))
	}
	return footprint.Errorf(footprint.EInvalid, "format %q: use json or csv", c.QueryParam("format"))
}
