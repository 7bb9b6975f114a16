package server

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"github.com/nhs-footprint/footprint/footprint"
	"github.com/nhs-footprint/footprint/footprint/score"
)

// DefaultMaxSessionBytes is the default bound on the estimated memory of
// the open plans: about 160 London plans of PCN-sized footprints (1.6 MB
// each, scored), or nine London plans with a footprint per LSOA.
const DefaultMaxSessionBytes = 256 << 20

// session is an open plan: its scorer and version, behind a lock so edits
// to one plan happen one at a time. A session that is gone has been
// evicted, because memory ran short or because an edit failed after it had
// changed the scorer: its holder must let it go and open the plan again.
type session struct {
	mu       sync.Mutex
	id       string
	version  int
	scorer   *score.Scorer
	repaired []string // what Repair dropped when the plan was opened
	gone     bool
	cards    map[int]footprint.Scorecard // versions scored for the versions list

	// Guarded by sessions.mu.
	elem *list.Element
	size int64
}

// sessions holds the open plans, most recently used first, and evicts the
// least recently used when their estimated memory passes max.
type sessions struct {
	mu    sync.Mutex
	open  map[string]*session
	lru   list.List // of *session, most recently used at the front
	bytes int64
	max   int64
}

// sessionBytes estimates the memory of an open plan, measured on London
// (4,994 LSOAs, 203 PCNs): a plan of 203 PCN-sized footprints takes 1.6 MB
// scored, 33 borough footprints 0.8 MB, 1,000 footprints 6.9 MB. The
// scorer keeps a count per PCN and footprint, so footprints cost most.
func sessionBytes(a *footprint.Atlas, p *footprint.Plan) int64 {
	return 96<<10 + 16*int64(len(a.Units)) + 128*int64(len(p.Assign)) + int64(len(p.Footprints))*(8*int64(len(a.PCNs))+4096)
}

// session returns the open plan with the id, loading it from the store on
// first use. The session is not locked and may be gone by the time it is:
// handlers use lockSession.
func (s *Server) session(ctx context.Context, id string) (*session, error) {
	if s.store == nil {
		return nil, footprint.Errorf(footprint.EInternal, "this server has no plan store")
	}
	s.plans.mu.Lock()
	if ss, ok := s.plans.open[id]; ok {
		s.plans.lru.MoveToFront(ss.elem)
		s.plans.mu.Unlock()
		return ss, nil
	}
	// Hold the new session's lock while loading, so that requests for
	// this plan wait for it and requests for others go on.
	ss := &session{id: id}
	ss.mu.Lock()
	ss.elem = s.plans.lru.PushFront(ss)
	s.plans.open[id] = ss
	s.plans.mu.Unlock()
	if err := s.load(context.WithoutCancel(ctx), ss); err != nil {
		s.evict(ss)
		ss.mu.Unlock()
		return nil, err
	}
	size := sessionBytes(s.atlas, ss.scorer.Plan())
	ss.mu.Unlock()
	s.plans.resize(ss, size)
	return ss, nil
}

// load reads a session's plan from the store, repairing what no valid
// plan holds (such as a footprint with an empty id that an older server
// let in) and logging each repair.
func (s *Server) load(ctx context.Context, ss *session) error {
	p, v, err := s.store.LoadPlan(ctx, ss.id, 0)
	if err != nil {
		return err
	}
	ss.repaired = p.Repair()
	for _, r := range ss.repaired {
		s.log.Warn("plan repaired on opening", "plan", ss.id, "version", v, "repair", r)
	}
	sc, err := score.NewScorer(s.atlas, p)
	if err != nil {
		return fmt.Errorf("open plan %s: %w", ss.id, err)
	}
	ss.version, ss.scorer = v, sc
	return nil
}

// lockSession returns the open plan with the id, locked and not gone.
func (s *Server) lockSession(ctx context.Context, id string) (*session, error) {
	for range 4 {
		ss, err := s.session(ctx, id)
		if err != nil {
			return nil, err
		}
		ss.mu.Lock()
		if !ss.gone {
			return ss, nil
		}
		ss.mu.Unlock()
	}
	return nil, footprint.Errorf(footprint.EInternal, "plan %s could not be kept open: try again", id)
}

// evict marks a locked session gone and forgets it, so that the next
// request loads the plan from the store afresh. Handlers call it when a
// write fails after the scorer has changed.
func (s *Server) evict(ss *session) {
	ss.gone = true
	s.plans.mu.Lock()
	s.plans.remove(ss)
	s.plans.mu.Unlock()
}

// resized records a locked session's new size after an edit.
func (s *Server) resized(ss *session) {
	s.plans.resize(ss, sessionBytes(s.atlas, ss.scorer.Plan()))
}

// remove forgets a session. The caller holds sessions.mu.
func (m *sessions) remove(ss *session) {
	if ss.elem == nil {
		return
	}
	m.lru.Remove(ss.elem)
	ss.elem = nil
	m.bytes -= ss.size
	if m.open[ss.id] == ss {
		delete(m.open, ss.id)
	}
}

// resize records a session's size and evicts least recently used
// sessions, other than ss, while the total is over the bound. A session
// in use (locked) is skipped: TryLock never waits, so eviction cannot
// deadlock with a handler that holds a session and resizes it.
func (m *sessions) resize(ss *session, size int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ss.elem == nil {
		return
	}
	m.bytes += size - ss.size
	ss.size = size
	for e := m.lru.Back(); e != nil && m.bytes > m.max; {
		prev := e.Prev()
		if v := e.Value.(*session); v != ss && v.mu.TryLock() {
			v.gone = true
			m.remove(v)
			v.mu.Unlock()
		}
		e = prev
	}
}

// usage reports the open sessions and their estimated bytes.
func (m *sessions) usage() (n int, bytes int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.open), m.bytes
}
