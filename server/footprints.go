package server

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/colour"
	"github.com/nhs-footprint/footprint/footprint/reshape"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// FootprintsRequest is the body of the footprint operations:
// POST /api/plans/{id}/footprints/delete (ids), .../merge (into and ids)
// and .../remove-empty (neither).
type FootprintsRequest struct {
	BaseVersion *int     `json:"base_version"`
	IDs         []string `json:"ids"`
	Into        string   `json:"into"`
}

// ReshapeResponse answers a footprint operation: the plan as it now is,
// and the footprints removed.
type ReshapeResponse struct {
	PlanJSON
	Removed []footprint.FootprintInfo `json:"removed"`
}

// postFootprints runs one footprint operation as one undoable version.
// Everything is checked on a copy of the plan: a refused request changes
// nothing.
func (s *Server) postFootprints(c echo.Context) error {
	var req FootprintsRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if len(req.IDs) > reshape.MaxIDs {
		return footprint.Errorf(footprint.ETooLarge, "%d footprints in one request; the limit is %d", len(req.IDs), reshape.MaxIDs)
	}
	var op func(p *footprint.Plan) (reshape.Result, error)
	switch c.Param("op") {
	case "delete":
		op = func(p *footprint.Plan) (reshape.Result, error) { return reshape.Delete(p, req.IDs) }
	case "merge":
		op = func(p *footprint.Plan) (reshape.Result, error) { return reshape.Merge(p, req.Into, req.IDs) }
	case "remove-empty":
		op = reshape.RemoveEmpty
	default:
		return footprint.Errorf(footprint.ENotFound, "no footprint operation %.40q: use delete, merge or remove-empty", c.Param("op"))
	}
	ss, err := s.editable(c, req.BaseVersion)
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	res, err := op(ss.scorer.Plan())
	if err != nil {
		return err
	}
	if err := s.commitReshape(c.Request().Context(), ss, res); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ReshapeResponse{PlanJSON: planJSON(ss.id, ss.version, ss.scorer.Plan()), Removed: res.Edit.Removed})
}

// commitReshape recolours the reshaped plan so touching footprints
// differ, scores it afresh and saves it as the session's next version.
// The session changes only once the version is saved. It must be locked.
func (s *Server) commitReshape(ctx context.Context, ss *session, res reshape.Result) error {
	if fixed := colour.Fix(s.atlas, res.Plan, nil); len(fixed) > 0 {
		res.Edit.Footprints = append(res.Edit.Footprints, fixed...)
		for _, f := range fixed {
			*res.Plan.Ensure(f.ID) = f
		}
	}
	sc, err := score.NewScorer(s.atlas, res.Plan)
	if err != nil {
		return err
	}
	v, err := s.store.AppendVersion(ctx, ss.id, ss.version, res.Edit, res.Plan)
	if err != nil {
		return err
	}
	ss.version, ss.scorer = v, sc
	s.resized(ss)
	return nil
}

// replaceFootprints makes p's assignment the plan's within the places (all
// of them if none), as one new version (see reshape.Replace): a design
// (match true) takes the names of the footprints it overlaps, a file
// imported keeps its own; footprints left empty are removed and colours
// fixed. It returns the number of LSOAs moved. The session must be
// locked; it is unchanged unless the version is saved.
func (s *Server) replaceFootprints(ctx context.Context, ss *session, p *footprint.Plan, places []string, match bool) (int, error) {
	naming := reshape.KeepIDs
	if match {
		naming = reshape.MatchOld
	}
	res, err := reshape.Replace(s.atlas, ss.scorer.Plan(), p, places, naming)
	if err != nil {
		return 0, err
	}
	if err := s.commitReshape(ctx, ss, res); err != nil {
		return 0, err
	}
	return len(res.Edit.Assign), nil
}

// recolour fixes the colours of the footprints an edit changed, so that
// none shares its colour with a footprint it touches, and returns the
// infos changed (already set in the scorer).
func (s *Server) recolour(sc *score.Scorer, changed []string) []footprint.FootprintInfo {
	fixed := colour.FixAround(s.atlas, sc.Plan(), changed, sc)
	if len(fixed) > 0 {
		if err := sc.SetFootprints(fixed); err != nil {
			return nil // unreachable: Fix returns valid infos of the plan
		}
	}
	return fixed
}
