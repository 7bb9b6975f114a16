package server

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
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
	Places       []string        `json:"places"` // each designed once; none: all, or the plan's
	Seed         uint64          `json:"seed"`
	BandMin      int64           `json:"band_min"`
	BandMax      int64           `json:"band_max"`
	NeedWeighted *bool           `json:"need_weighted"`
	Weights      *design.Weights `json:"weights"`
	// Options is how many options propose offers, 1 to 3 (0: all); Option
	// names the one saved as the plan's new version (default balanced).
	Options int    `json:"options"`
	Option  string `json:"option"`
	// Unlock lists valid footprints from-pcn and repair may change.
	Unlock []string `json:"unlock"`
}

// DesignOption is one option of a finished design: its name, weights,
// scorecard, per-place report and plan, so that options can be compared
// side by side.
type DesignOption struct {
	Option    design.Option        `json:"option"`
	Title     string               `json:"title"`
	Weights   design.Weights       `json:"weights"`
	Scorecard design.Scorecard     `json:"scorecard"`
	Places    []design.PlaceResult `json:"places"`
	Result    *PlanJSON            `json:"result"`
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
	Options  []DesignOption       `json:"options,omitempty"`
	Error    string               `json:"error,omitempty"`

	cancel   context.CancelFunc
	ended    chan struct{} // closed when the run has returned
	finished time.Time     // when it ended; zero while running
}

// The defaults of DesignLimits.
const (
	// DefaultDesignTimeLimit is a job's time limit: all of London
	// proposes its three options in about 4-10 s at the default band on a
	// 2-core machine, so a job still running after a minute has a band
	// that makes the search hard, and stops.
	DefaultDesignTimeLimit = 60 * time.Second
	// DefaultDesignKeep is how long a finished job can be read.
	DefaultDesignKeep = 10 * time.Minute
	// DefaultDesignFinished is the most finished jobs kept: past it the
	// oldest go first.
	DefaultDesignFinished = 64
)

// DesignLimits bound a server's design jobs. At most Running jobs run at
// once; another is refused with 429 Too Many Requests and Retry-After
// rather than queued, so a client learns at once and nothing waits
// unseen. A job still running after TimeLimit stops and fails with a
// message saying so. A finished job is kept for Keep, and at most
// Finished of them; then GET answers 404. Zero fields take the defaults.
type DesignLimits struct {
	TimeLimit time.Duration // 0: DefaultDesignTimeLimit
	Running   int           // 0: runtime.NumCPU()
	Keep      time.Duration // 0: DefaultDesignKeep
	Finished  int           // 0: DefaultDesignFinished
}

// withDefaults fills in the zero fields.
func (l DesignLimits) withDefaults() DesignLimits {
	return DesignLimits{TimeLimit: cmp.Or(l.TimeLimit, DefaultDesignTimeLimit), Running: cmp.Or(l.Running, runtime.NumCPU()),
		Keep: cmp.Or(l.Keep, DefaultDesignKeep), Finished: cmp.Or(l.Finished, DefaultDesignFinished)}
}

// designJobs holds the jobs of this server: those running and those
// finished lately.
type designJobs struct {
	mu      sync.Mutex
	jobs    map[string]*DesignJob
	limits  DesignLimits     // zero fields take the defaults
	running int              // jobs whose run has not returned
	now     func() time.Time // nil: time.Now
}

// clock is the jobs' time.
func (d *designJobs) clock() time.Time {
	if d.now == nil {
		return time.Now()
	}
	return d.now()
}

// prune drops finished jobs older than Keep, then the oldest finished
// past Finished. The caller holds d.mu.
func (d *designJobs) prune(lim DesignLimits) {
	now := d.clock()
	var done []*DesignJob
	for id, j := range d.jobs {
		switch {
		case j.finished.IsZero():
		case now.Sub(j.finished) >= lim.Keep:
			delete(d.jobs, id)
		default:
			done = append(done, j)
		}
	}
	if len(done) <= lim.Finished {
		return
	}
	slices.SortFunc(done, func(x, y *DesignJob) int { return x.finished.Compare(y.finished) })
	for _, j := range done[:len(done)-lim.Finished] {
		delete(d.jobs, j.ID)
	}
}

// add admits a job if fewer than Running are running, and returns the
// job's time limit. Otherwise it answers 429 with Retry-After.
func (d *designJobs) add(c echo.Context, j *DesignJob) (time.Duration, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	lim := d.limits.withDefaults()
	d.prune(lim)
	if d.running >= lim.Running {
		c.Response().Header().Set("Retry-After", "5")
		return 0, echo.NewHTTPError(http.StatusTooManyRequests,
			fmt.Sprintf("%d design jobs are running, the most this server runs at once: try again when one has finished", d.running))
	}
	d.running++
	d.jobs[j.ID] = j
	return lim.TimeLimit, nil
}

// end records that a job's run has returned.
func (d *designJobs) end(j *DesignJob) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.running--
	j.finished = d.clock()
	close(j.ended)
	d.prune(d.limits.withDefaults())
}

// job returns the job with the id, if it is running or finished lately.
func (s *Server) job(id string) (*DesignJob, error) {
	d := &s.designs
	d.mu.Lock()
	defer d.mu.Unlock()
	lim := d.limits.withDefaults()
	d.prune(lim)
	j, ok := d.jobs[id]
	if !ok {
		return nil, footprint.Errorf(footprint.ENotFound, "no design job %q: finished jobs are kept for %v", id, lim.Keep)
	}
	return j, nil
}

// DesignDefaults is the answer of GET /api/design: the weights each mode
// uses when a request gives none, and the options Propose offers with
// theirs, so that a client can show them and change a few.
type DesignDefaults struct {
	Propose design.Weights        `json:"propose"`
	FromPCN design.Weights        `json:"from_pcn"`
	Options []DesignOptionDefault `json:"options"`
}

// DesignOptionDefault is one option Propose offers, with its weights.
type DesignOptionDefault struct {
	Option  design.Option  `json:"option"`
	Title   string         `json:"title"`
	Weights design.Weights `json:"weights"`
}

// designDefaults answers GET /api/design.
func designDefaults() DesignDefaults {
	d := DesignDefaults{Propose: design.DefaultWeights(), FromPCN: design.FromPCNWeights()}
	for _, o := range design.AllOptions() {
		d.Options = append(d.Options, DesignOptionDefault{Option: o, Title: o.Title(), Weights: design.OptionWeights(o)})
	}
	return d
}

func (s *Server) getDesignDefaults(c echo.Context) error {
	return c.JSON(http.StatusOK, designDefaults())
}

// postDesign starts a design job. The plan's edit token is checked before
// anything else; the options, and whether the band can be met at all, are
// checked before the job starts, so a bad request is a 400 with the
// reason, not a failed job.
func (s *Server) postDesign(c echo.Context) error {
	var req DesignRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if req.Plan != "" {
		if err := s.checkToken(c, req.Plan); err != nil {
			return err
		}
	}
	opt, err := s.designOptions(c.Request().Context(), req)
	if err != nil {
		return err
	}
	if err := design.Check(s.atlas, opt); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &DesignJob{ID: newJobID(), Status: "running", cancel: cancel, ended: make(chan struct{})}
	limit, err := s.designs.add(c, j)
	if err != nil {
		cancel()
		return err
	}
	opt.Progress = func(ev footprint.ProgressEvent) {
		s.designs.mu.Lock()
		j.Done, j.Total, j.Current = ev.Done, ev.Total, ev.Detail
		s.designs.mu.Unlock()
	}
	go s.runDesign(ctx, j, opt, req.Plan, design.Option(req.Option), limit)
	return c.JSON(http.StatusAccepted, j.snapshot(&s.designs.mu))
}

// designOptions turns a request into design options: the plan's settings,
// places and, in repair, its assignment as the draft, then the request's
// band and places over them. Places are deduplicated and each must be
// the atlas's.
func (s *Server) designOptions(ctx context.Context, req DesignRequest) (design.Options, error) {
	opt := design.Options{Mode: design.Mode(req.Mode), Seed: req.Seed, Settings: footprint.DefaultSettings(), Count: req.Options, Unlock: req.Unlock}
	switch opt.Mode {
	case design.Propose, design.FromPCN, design.Repair:
	default:
		return opt, footprint.Errorf(footprint.EInvalid, "mode %q: use propose, from-pcn or repair", req.Mode)
	}
	if req.Plan == "" && opt.Mode == design.Repair {
		return opt, footprint.Errorf(footprint.EInvalid, "repair needs a plan")
	}
	if err := checkChosen(opt, req.Option); err != nil {
		return opt, err
	}
	places, err := s.uniquePlaces(req.Places)
	if err != nil {
		return opt, err
	}
	opt.Places = places
	if req.Weights != nil {
		opt.Weights = *req.Weights
	}
	if req.Plan != "" {
		ss, err := s.lockSession(ctx, req.Plan)
		if err != nil {
			return opt, err
		}
		p := ss.scorer.Plan()
		opt.Settings = p.Settings
		if len(opt.Places) == 0 {
			opt.Places = slices.Clone(p.Places)
		}
		if opt.Mode == design.Repair {
			opt.Draft = p.Clone()
		}
		ss.mu.Unlock()
	}
	if req.BandMin > 0 || req.BandMax > 0 {
		opt.Settings.BandMin, opt.Settings.BandMax = req.BandMin, req.BandMax
	}
	if req.NeedWeighted != nil {
		opt.Settings.NeedWeighted = *req.NeedWeighted
	}
	return opt, opt.Settings.Validate()
}

// checkChosen checks the option a request saves: none, or one propose
// offers with the request's count of options.
func checkChosen(opt design.Options, name string) error {
	if name == "" {
		return nil
	}
	o, err := design.ParseOption(name)
	if err != nil {
		return err
	}
	if opt.Mode != design.Propose {
		return footprint.Errorf(footprint.EInvalid, "option %q: only propose offers options", name)
	}
	if !slices.Contains(opt.Offered(), o) {
		return footprint.Errorf(footprint.EInvalid, "option %q is not among the %d options asked for", name, opt.Count)
	}
	return nil
}

// uniquePlaces checks place codes against the atlas and drops repeats,
// keeping the first of each: a request names each of the atlas's places
// at most once, however long its list.
func (s *Server) uniquePlaces(codes []string) ([]string, error) {
	seen := make(map[string]bool, len(s.atlas.Places))
	var out []string
	for _, pl := range codes {
		if seen[pl] {
			continue
		}
		if s.atlas.PlaceIndex(pl) < 0 {
			return nil, footprint.Errorf(footprint.EInvalid, "unknown place code %q", pl)
		}
		seen[pl] = true
		out = append(out, pl)
	}
	return out, nil
}

// snapshot copies the job under the lock, for rendering.
func (j *DesignJob) snapshot(mu *sync.Mutex) DesignJob {
	mu.Lock()
	defer mu.Unlock()
	out := *j
	out.cancel, out.ended = nil, nil
	return out
}

// runDesign runs a job and, for a plan, saves the result as a version.
func (s *Server) runDesign(ctx context.Context, j *DesignJob, opt design.Options, plan string, chosen design.Option, limit time.Duration) {
	defer s.designs.end(j)
	defer j.cancel()
	ctx, stop := context.WithTimeout(ctx, limit)
	defer stop()
	res, err := design.Run(ctx, s.atlas, opt)
	if err == nil && plan != "" {
		err = s.saveDesign(j, plan, chosenPlan(res, chosen), opt.Places)
	}
	s.designs.mu.Lock()
	defer s.designs.mu.Unlock()
	switch {
	case errors.Is(err, context.Canceled):
		j.Status, j.Error = "cancelled", "design cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		j.Status, j.Error = "failed", fmt.Sprintf("design stopped at its time limit of %v: try fewer places or a wider band", limit)
	case err != nil:
		j.Status, j.Error = "failed", err.Error()
	default:
		j.Status, j.Places, j.Steps, j.Seconds = "done", res.Places, res.Steps, res.Seconds
		if plan == "" {
			pj := planJSON("", 0, res.Plan)
			j.Result = &pj
		}
		for _, o := range res.Options {
			pj := planJSON("", 0, o.Plan)
			j.Options = append(j.Options, DesignOption{Option: o.Option, Title: o.Title, Weights: o.Weights, Scorecard: o.Scorecard, Places: o.Places, Result: &pj})
		}
	}
}

// chosenPlan is the plan of the chosen option, or the default's.
func chosenPlan(res *design.Result, chosen design.Option) *footprint.Plan {
	for _, o := range res.Options {
		if chosen != "" && o.Option == chosen {
			return o.Plan
		}
	}
	return res.Plan
}

// saveDesign makes a design the plan's new version and records it in the
// job.
func (s *Server) saveDesign(j *DesignJob, plan string, p *footprint.Plan, places []string) error {
	ss, err := s.lockSession(context.Background(), plan)
	if err != nil {
		return err
	}
	defer ss.mu.Unlock()
	prev := ss.version
	if _, err := s.replaceFootprints(context.Background(), ss, p, places, true); err != nil {
		s.evict(ss) // reload from the store, whatever the undo left
		return err
	}
	s.resized(ss)
	s.designs.mu.Lock()
	j.Version, j.Previous = ss.version, prev
	s.designs.mu.Unlock()
	return nil
}

func (s *Server) getDesign(c echo.Context) error {
	j, err := s.job(c.Param("job"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, j.snapshot(&s.designs.mu))
}

// deleteDesign cancels a running job and answers once its run has
// returned (within a second, as design checks its context in every inner
// loop), or after 5 s at most, with the job as it then is.
func (s *Server) deleteDesign(c echo.Context) error {
	j, err := s.job(c.Param("job"))
	if err != nil {
		return err
	}
	j.cancel()
	select {
	case <-j.ended:
	case <-time.After(5 * time.Second):
	case <-c.Request().Context().Done():
	}
	return c.JSON(http.StatusOK, j.snapshot(&s.designs.mu))
}

// newJobID returns a random job id.
func newJobID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
