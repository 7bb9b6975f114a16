// Package store keeps plans and every version of them in SQLite, with its
// schema in embedded migrations. Each write is one transaction, committed
// before the edit is acknowledged.
package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync"
	"time"

	"github.com/nhs-footprint/footprint/footprint"
)

//go:embed migrations/*.sql
var migrations embed.FS

// SnapshotEvery is how often a version stores the whole plan.
const SnapshotEvery = 50

// Store keeps plans and their versions in SQLite. Every write is one
// transaction in write-ahead-log mode with synchronous=FULL: SQLite syncs
// the log to disk at each commit, and the commit returns before the edit
// is acknowledged, so neither a killed server nor a power cut loses an
// acknowledged edit.
type Store struct {
	db      *sql.DB         // the one writer connection
	readers *sql.DB         // the pool that answers queries
	appends chan *appendReq // to the committer, which group-commits them
	// tokens caches the token hashes checked or made, by plan id, so an
	// edit's token check needs no query; a plan's token never changes.
	tokenMu sync.Mutex
	tokens  map[string]string
	closing sync.Once
	stop    chan struct{}
	stopped chan struct{}
	// committed tells the checkpointer the log has grown; checkpointed
	// is closed when it has stopped.
	committed    chan struct{}
	checkpointed chan struct{}
}

// Open opens (creating if need be) the database at path and brings
// its schema up to date.
func Open(path string) (*Store, error) {
	db, readers := openPools(path)
	s := &Store{db: db, readers: readers, appends: make(chan *appendReq), stop: make(chan struct{}),
		stopped: make(chan struct{}), committed: make(chan struct{}, 1), checkpointed: make(chan struct{}), tokens: map[string]string{}}
	if err := s.migrate(); err != nil {
		db.Close()
		readers.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	go s.committer()
	go s.checkpointer()
	return s, nil
}

// Close stops the committer, once the appends handed to it are done, and
// the checkpointer, and closes the database. Closing twice does nothing.
func (s *Store) Close() error {
	var err error // closing twice is harmless
	s.closing.Do(func() {
		close(s.stop)
		<-s.stopped
		<-s.checkpointed
		err = errors.Join(s.db.Close(), s.readers.Close())
	})
	return err
}

func (s *Store) migrate() error {
	if _, err := s.db.Exec(`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if _, err := tx.Exec(`INSERT INTO migrations VALUES (?, ?)`, name, now()); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

func randomID(bytes int) string {
	b := make([]byte, bytes)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreatePlan stores a new plan as version 1 and returns its id and edit
// token. Only the token's hash is kept.
func (s *Store) CreatePlan(ctx context.Context, p *footprint.Plan) (id, token string, err error) {
	id, token = randomID(8), randomID(24)
	snap, err := json.Marshal(p)
	if err != nil {
		return "", "", err
	}
	t := now()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", "", fmt.Errorf("create plan: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO plans VALUES (?, ?, ?, ?, 1)`, id, hashToken(token), t, t); err != nil {
		return "", "", fmt.Errorf("create plan: %w", err)
	}
	summary := fmt.Sprintf("created with %d LSOAs in %d footprints", len(p.Assign), len(p.Footprints))
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions VALUES (?, 1, ?, ?, '{}', ?)`, id, t, summary, snap); err != nil {
		return "", "", fmt.Errorf("create plan: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return "", "", err
	}
	s.cacheToken(id, hashToken(token))
	return id, token, nil
}

// CheckToken reports whether token is the plan's edit token.
func (s *Store) CheckToken(ctx context.Context, id, token string) error {
	h, ok := s.cachedToken(id)
	if !ok {
		err := s.readers.QueryRowContext(ctx, `SELECT token_hash FROM plans WHERE id = ?`, id).Scan(&h)
		if errors.Is(err, sql.ErrNoRows) {
			return footprint.Errorf(footprint.ENotFound, "no plan %q", id)
		}
		if err != nil {
			return err
		}
		s.cacheToken(id, h)
	}
	if token == "" || subtle.ConstantTimeCompare([]byte(h), []byte(hashToken(token))) != 1 {
		return footprint.Errorf(footprint.EUnauthorized, "this link cannot edit plan %s: it needs the plan's edit token", id)
	}
	return nil
}

// maxCachedTokens bounds the token cache; past it the cache starts afresh.
const maxCachedTokens = 100000

// cachedToken returns plan id's token hash if the cache holds it.
func (s *Store) cachedToken(id string) (string, bool) {
	s.tokenMu.Lock()
	defer s.tokenMu.Unlock()
	h, ok := s.tokens[id]
	return h, ok
}

// cacheToken remembers plan id's token hash.
func (s *Store) cacheToken(id, h string) {
	s.tokenMu.Lock()
	defer s.tokenMu.Unlock()
	if len(s.tokens) >= maxCachedTokens {
		clear(s.tokens)
	}
	s.tokens[id] = h
}

// AppendVersion stores version base+1 of a plan, with the edit and, when
// due, a snapshot of the whole plan. It fails with EConflict if the plan
// has moved past base. It returns once the version is on disk.
//
// Appends made at the same moment are group-committed: one transaction,
// and so one sync to disk, holds them all, each in a savepoint of its own
// so that one conflict fails only its own append.
func (s *Store) AppendVersion(ctx context.Context, id string, base int, e footprint.Edit, p *footprint.Plan) (int, error) {
	changes, err := json.Marshal(e)
	if err != nil {
		return 0, err
	}
	r := &appendReq{id: id, base: base, changes: string(changes), summary: e.Summary(p), done: make(chan error, 1)}
	if (base+1)%SnapshotEvery == 0 || e.Restored > 0 {
		if r.snap, err = json.Marshal(p); err != nil {
			return 0, err
		}
	}
	select {
	case s.appends <- r:
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-s.stop:
		return 0, footprint.Errorf(footprint.EInternal, "save plan %s: the store is closed", id)
	}
	// Once handed over, the append is committed or failed whatever the
	// caller's context does: wait for the outcome.
	if err := <-r.done; err != nil {
		return 0, err
	}
	return base + 1, nil
}

// appendReq is one append waiting for the committer.
type appendReq struct {
	id, changes, summary string
	base                 int
	snap                 []byte
	done                 chan error
}

// maxBatch is the most appends one transaction holds.
const maxBatch = 64

// committer commits appends as they come, taking all those waiting into
// one transaction.
func (s *Store) committer() {
	defer close(s.stopped)
	for {
		var batch []*appendReq
		select {
		case r := <-s.appends:
			batch = append(batch, r)
		case <-s.stop:
			return
		}
	drain:
		for len(batch) < maxBatch {
			select {
			case r := <-s.appends:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.commit(batch)
		s.noteCommit()
	}
}

// commit writes a batch of appends in one transaction and tells each its
// outcome.
func (s *Store) commit(batch []*appendReq) {
	errs := make([]error, len(batch))
	err := func() error {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		t := now()
		for i, r := range batch {
			errs[i] = appendOne(tx, r, t)
		}
		return tx.Commit()
	}()
	for i, r := range batch {
		switch {
		case err != nil:
			r.done <- fmt.Errorf("save plan %s: %w", r.id, err)
		default:
			r.done <- errs[i]
		}
	}
}

// appendOne writes one append inside the batch's transaction, in a
// savepoint, so that its failure undoes only itself.
func appendOne(tx *sql.Tx, r *appendReq, t string) error {
	if _, err := tx.Exec(`SAVEPOINT append`); err != nil {
		return fmt.Errorf("save plan %s: %w", r.id, err)
	}
	fail := func(err error) error {
		tx.Exec(`ROLLBACK TO append`)
		tx.Exec(`RELEASE append`)
		return err
	}
	next := r.base + 1
	res, err := tx.Exec(`UPDATE plans SET version = ?, updated_at = ? WHERE id = ? AND version = ?`, next, t, r.id, r.base)
	if err != nil {
		return fail(fmt.Errorf("save plan %s: %w", r.id, err))
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fail(footprint.Errorf(footprint.EConflict, "plan %s has changed since version %d", r.id, r.base))
	}
	var snap any
	if r.snap != nil {
		snap = r.snap
	}
	if _, err := tx.Exec(`INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?)`, r.id, next, t, r.summary, r.changes, snap); err != nil {
		return fail(fmt.Errorf("save plan %s: %w", r.id, err))
	}
	if _, err := tx.Exec(`RELEASE append`); err != nil {
		return fail(fmt.Errorf("save plan %s: %w", r.id, err))
	}
	return nil
}

// LoadPlan rebuilds a plan at a version (0 means the latest): the last
// snapshot at or before it, with the edits after it applied.
func (s *Store) LoadPlan(ctx context.Context, id string, version int) (*footprint.Plan, int, error) {
	var latest int
	err := s.readers.QueryRowContext(ctx, `SELECT version FROM plans WHERE id = ?`, id).Scan(&latest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, footprint.Errorf(footprint.ENotFound, "no plan %q", id)
	}
	if err != nil {
		return nil, 0, err
	}
	if version == 0 {
		version = latest
	}
	if version < 1 || version > latest {
		return nil, 0, footprint.Errorf(footprint.ENotFound, "plan %s has no version %d (latest is %d)", id, version, latest)
	}
	var from int
	var snap []byte
	err = s.readers.QueryRowContext(ctx, `SELECT version, snapshot FROM versions WHERE plan_id = ? AND version <= ? AND snapshot IS NOT NULL ORDER BY version DESC LIMIT 1`, id, version).Scan(&from, &snap)
	if err != nil {
		return nil, 0, fmt.Errorf("load plan %s: no snapshot: %w", id, err)
	}
	p := footprint.NewPlan("")
	if err := json.Unmarshal(snap, p); err != nil {
		return nil, 0, fmt.Errorf("load plan %s version %d: %w", id, from, err)
	}
	if p.Assign == nil {
		p.Assign = map[string]string{}
	}
	vs, err := s.versions(ctx, id, from+1, version)
	if err != nil {
		return nil, 0, err
	}
	for _, v := range vs {
		v.Edit.Apply(p)
	}
	return p, version, nil
}

// Versions lists a plan's versions from first to last, inclusive.
func (s *Store) versions(ctx context.Context, id string, first, last int) ([]footprint.Version, error) {
	rows, err := s.readers.QueryContext(ctx, `SELECT version, created_at, summary, changes FROM versions WHERE plan_id = ? AND version BETWEEN ? AND ? ORDER BY version`, id, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []footprint.Version
	for rows.Next() {
		var v footprint.Version
		var changes string
		if err := rows.Scan(&v.Version, &v.CreatedAt, &v.Summary, &changes); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(changes), &v.Edit); err != nil {
			return nil, fmt.Errorf("plan %s version %d: %w", id, v.Version, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Versions lists every version of a plan, newest first.
func (s *Store) Versions(ctx context.Context, id string) ([]footprint.Version, error) {
	vs, err := s.versions(ctx, id, 1, 1<<30)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, footprint.Errorf(footprint.ENotFound, "no plan %q", id)
	}
	slices.Reverse(vs)
	return vs, nil
}

// ChangesSince lists the versions after base, oldest first: what another
// editor did meanwhile.
func (s *Store) ChangesSince(ctx context.Context, id string, base int) ([]footprint.Version, error) {
	return s.versions(ctx, id, base+1, 1<<30)
}

// Pragma returns the value of an SQLite pragma, such as "synchronous",
// for checks and diagnostics.
func (s *Store) Pragma(ctx context.Context, name string) (string, error) {
	switch name {
	case "synchronous", "journal_mode", "busy_timeout", "foreign_keys", "wal_autocheckpoint":
	default:
		return "", footprint.Errorf(footprint.EInvalid, "pragma %q is not one the store reports", name)
	}
	var v string
	err := s.readers.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
	return v, err
}
