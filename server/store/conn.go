package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// The store holds two pools on one file. The writer is a single
// connection that makes every change; the readers answer queries, so a
// plan being opened or its versions listed never waits behind a commit,
// nor a commit behind them (in write-ahead-log mode readers and the
// writer do not block each other).
//
// SQLite's automatic checkpoint, which copies the log back into the
// database, runs inside whichever commit crosses the threshold and can
// take a hundred milliseconds or more with synchronous=FULL. It is
// turned off on every connection; the checkpointer runs it in the
// background, on a reader, after commits.

// dsn is the connection string for path; writer connections take their
// write lock when a transaction begins.
func dsn(path string, writer bool) string {
	d := fmt.Sprintf("file:%s?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=10000&_foreign_keys=on", path)
	if writer {
		d += "&_txlock=immediate"
	}
	return d
}

// connector opens SQLite connections with automatic checkpoints off,
// without registering a driver globally.
type connector struct {
	drv *sqlite3.SQLiteDriver
	dsn string
}

func newConnector(dsn string) connector {
	return connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
		return err
	}}}
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// openPools opens the writer and the reader pool on path.
func openPools(path string) (writer, readers *sql.DB) {
	writer = sql.OpenDB(newConnector(dsn(path, true)))
	writer.SetMaxOpenConns(1) // one writer; SQLite serialises writes anyway
	readers = sql.OpenDB(newConnector(dsn(path, false)))
	readers.SetMaxOpenConns(maxReaders)
	return writer, readers
}

// maxReaders bounds the reader pool.
const maxReaders = 4

// checkpointAfter is how long the checkpointer waits after a commit
// before it copies the log into the database, so that a burst of edits
// is checkpointed once.
const checkpointAfter = 200 * time.Millisecond

// checkpointer copies the log back into the database after commits,
// without blocking them (a passive checkpoint), until the store stops;
// then it checkpoints fully and empties the log.
func (s *Store) checkpointer() {
	defer close(s.checkpointed)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-s.committed:
			timer.Reset(checkpointAfter)
		case <-timer.C:
			s.readers.Exec("PRAGMA wal_checkpoint(PASSIVE)") // best effort: the log stays valid if it fails
		case <-s.stopped:
			s.readers.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
			return
		}
	}
}

// noteCommit tells the checkpointer that the log has grown, without
// waiting for it.
func (s *Store) noteCommit() {
	select {
	case s.committed <- struct{}{}:
	default:
	}
}
