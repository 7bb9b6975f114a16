package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/design"
)

// DesignRequest is the body of POST /api/design.
type DesignRequest struct {
	// Plan, with the edit token, receives the result as a new version;
	// without it the result is returned as a plan.
	Plan         string          `json:"plan"`
	Mode         string          `json:"mode"`
	Places       []string        `json:"places"`
	Seed         uint64          `json:"seed"`
	BandMin      int64           `json:"band_min"`
	BandMax      int64           `json:"band_max"`
	NeedWeighted *bool           `json:"need_weighted"`
	Weights      *design.Weights `json:"weights"`
}

// DesignJob is a design run and what it has done so far.
type DesignJob struct {
	ID       string               `json:"id"`
	Status   string               `json:"status"` // running, done, failed, cancelled
	Done     int                  `json:"done"`
	Total    int                  `json:"total"`
	Current  string               `json:"current"`
	Places   []design.PlaceResult `json:"places,omitempty"`
	Steps    int                  `json:"steps,omitempty"`
	Seconds  float64              `json:"seconds,omitempty"`
	Version  int                  `json:"version,omitempty"`  // the plan version it made
	Previous int                  `json:"previous,omitempty"` // the version before: restore it to undo
	Result   *PlanJSON            `json:"result,omitempty"`
	Error    string               `json:"error,omitempty"`

	cancel context.CancelFunc
}

// designJobs holds the jobs of this server.
type designJobs struct {
	mu   sync.Mutex
	jobs map[string]*DesignJob
}

func (s *Server) job(id string) (*DesignJob, error) {
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	j, ok := s.designs.jobs[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENotFound, "no design job %q", id)
	}
	return j, nil
}

func (s *Server) postDesign(c echo.Context) error {
	var req DesignRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	opt := design.Options{Mode: design.Mode(req.Mode), Places: req.Places, Seed: req.Seed, Settings: footprint.DefaultSettings(), Weights: design.DefaultWeights()}
	if req.Weights != nil {
		opt.Weights = *req.Weights
	}
	var ss *session
	if req.Plan != "" {
		if err := s.store.CheckToken(c.Request().Context(), req.Plan, token(c)); err != nil {
			return err
		}
		var err error
		if ss, err = s.session(c.Request().Context(), req.Plan); err != nil {
			return err
		}
		ss.mu.Lock()
		p := ss.scorer.Plan()
		opt.Settings = p.Settings
		if len(opt.Places) == 0 {
			opt.Places = append([]string{}, p.Places...)
		}
		if opt.Mode == design.Repair {
			q := *p
			q.Assign = make(map[string]string, len(p.Assign))
			for k, v := range p.Assign {
				q.Assign[k] = v
			}
			q.Footprints = append([]footprint.FootprintInfo{}, p.Footprints...)
			opt.Draft = &q
		}
		ss.mu.Unlock()
	} else if opt.Mode == design.Repair {
		return footprint.Errorf(footprint.EInvalid, "repair needs a plan")
	}
	if req.BandMin > 0 || req.BandMax > 0 {
		opt.Settings.BandMin, opt.Settings.BandMax = req.BandMin, req.BandMax
	}
	if req.NeedWeighted != nil {
		opt.Settings.NeedWeighted = *req.NeedWeighted
	}
	if err := opt.Settings.Validate(); err != nil {
		return err
	}
	switch opt.Mode {
	case design.Propose, design.FromPCN, design.Repair:
	default:
		return footprint.Errorf(footprint.EInvalid, "mode %q: use propose, from-pcn or repair", req.Mode)
	}
	for _, pl := range opt.Places {
		if s.atlas.PlaceIndex(pl) < 0 {
			return footprint.Errorf(footprint.EInvalid, "unknown place code %q", pl)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	j := &DesignJob{ID: newJobID(), Status: "running", cancel: cancel}
	s.designs.mu.Lock()
	s.designs.jobs[j.ID] = j
	s.designs.mu.Unlock()
	opt.Progress = func(ev footprint.ProgressEvent) {
		s.designs.mu.Lock()
		j.Done, j.Total, j.Current = ev.Done, ev.Total, ev.Detail
		s.designs.mu.Unlock()
	}
	go s.runDesign(ctx, j, opt, ss)
	return c.JSON(http.StatusAccepted, j.snapshot(&s.designs.mu))
}

func (j *DesignJob) snapshot(mu *sync.Mutex) DesignJob {
	mu.Lock()
	defer mu.Unlock()
	out := *j
	out.cancel = nil
	return out
}

// runDesign runs a job and, for a plan, saves the result as a version.
func (s *Server) runDesign(ctx context.Context, j *DesignJob, opt design.Options, ss *session) {
	defer j.cancel()
	res, err := design.Run(ctx, s.atlas, opt)
	finish := func(status, msg string) {
		s.designs.mu.Lock()
		if j.Status == "running" {
			j.Status, j.Error = status, msg
		}
		s.designs.mu.Unlock()
	}
	if err != nil {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			finish("cancelled", "design stopped at its time limit")
		case errors.Is(err, context.Canceled):
			finish("cancelled", "design cancelled")
		default:
			finish("failed", err.Error())
		}
		return
	}
	s.designs.mu.Lock()
	j.Places, j.Steps, j.Seconds = res.Places, res.Steps, res.Seconds
	s.designs.mu.Unlock()
	if ss == nil {
		pj := planJSON("", 0, res.Plan)
		s.designs.mu.Lock()
		j.Result = &pj
		s.designs.mu.Unlock()
		finish("done", "")
		return
	}
	ss.mu.Lock()
	prev := ss.version
	_, err = s.replaceAssignment(context.Background(), ss, res.Plan, opt.Places)
	v := ss.version
	ss.mu.Unlock()
	if err != nil {
		finish("failed", err.Error())
		return
	}
	s.designs.mu.Lock()
	j.Version, j.Previous = v, prev
	s.designs.mu.Unlock()
	finish("done", "")
}

func (s *Server) getDesign(c echo.Context) error {
	j, err := s.job(c.Param("job"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j.snapshot(&s.designs.mu))
}

func (s *Server) deleteDesign(c echo.Context) error {
	j, err := s.job(c.Param("job"))
	if err != nil {
		return err
	}
	s.designs.mu.Lock()
	if j.Status == "running" {
		j.Status, j.Error = "cancelled", "cancelled by the user"
	}
	s.designs.mu.Unlock()
	j.cancel()
	return c.JSON(http.StatusOK, j.snapshot(&s.designs.mu))
}

// replaceAssignment makes p's assignment the plan's, within the places
// (all of them if none), as one new version: LSOAs in those places that p
// leaves out are unassigned. The session must be locked.
func (s *Server) replaceAssignment(ctx context.Context, ss *session, p *footprint.Plan, places []string) (int, error) {
	sc := ss.scorer
	plan := sc.Plan()
	inPlaces := func(code string) bool { return true }
	if len(places) > 0 {
		set := map[string]bool{}
		for _, pl := range places {
			set[pl] = true
		}
		inPlaces = func(code string) bool {
			u, _ := s.atlas.UnitIndex(code)
			pi := s.atlas.Units[u].Place
			return pi >= 0 && set[s.atlas.Places[pi].Code]
		}
	}
	var changes []footprint.Change
	for code := range plan.Assign {
		if _, ok := p.Assign[code]; !ok && inPlaces(code) {
			changes = append(changes, footprint.Change{LSOA: code})
		}
	}
	for code, id := range p.Assign {
		if plan.Assign[code] != id {
			id := id
			changes = append(changes, footprint.Change{LSOA: code, Footprint: &id})
		}
	}
	var infos []footprint.FootprintInfo
	for _, f := range p.Footprints {
		old := footprint.FootprintInfo{ID: f.ID, Name: f.ID}
		if cur, ok := plan.Lookup(f.ID); ok {
			old = *cur
		}
		if f.Name != f.ID || old.Name == "" {
			old.Name = f.Name
		}
		if f.Colour != "" {
			old.Colour = f.Colour
		}
		infos = append(infos, old)
	}
	oldInfos := append([]footprint.FootprintInfo{}, plan.Footprints...)
	if err := sc.SetFootprints(infos); err != nil {
		return 0, err
	}
	applied, _, err := sc.Apply(changes)
	if err != nil {
		sc.SetFootprints(oldInfos)
		return 0, err
	}
	v, err := s.store.AppendVersion(ctx, ss.id, ss.version, footprint.Edit{Assign: applied, Footprints: infos}, plan)
	if err != nil {
		undo(sc, applied)
		sc.SetFootprints(oldInfos)
		return 0, err
	}
	ss.version = v
	return len(applied), nil
}

// newJobID returns a random job id.
func newJobID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
