package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// errLocked says another process holds a lock that excludes ours.
var errLocked = errors.New("db: locked by another process")

// ErrInUse is returned by Restore while an Oogst server (or another command) uses the
// database: replacing it underneath would lose what that process writes afterwards.
var ErrInUse = errors.New("an Oogst process is using this database")

// serveLockKey is the PostgreSQL advisory lock that running servers hold shared and a
// restore takes exclusively. Advisory locks are per database, like the restore.
const serveLockKey int64 = 0x006f6f6773747376 // "oogstsv"

// serveLockCheck is how often a server checks that its serve lock is still held.
var serveLockCheck = 15 * time.Second

// sqlitePath is the database file behind an SQLite URL (empty: oogst.db in dataDir).
func sqlitePath(url, dataDir string) string {
	if p, ok := strings.CutPrefix(url, "sqlite://"); ok {
		return p
	}
	return filepath.Join(dataDir, "oogst.db")
}

// lockPath is the file whose flock guards an SQLite database across processes.
func lockPath(dbFile string) string { return dbFile + ".lock" }

// lockFileWithin tries lockFile for up to wait. A lock held for a moment only (a command
// that opened the database and is closing it, or a child process that another one is
// starting and that shares its descriptors until it execs) should not look like a
// server using the database.
func lockFileWithin(path string, exclusive bool, wait time.Duration) (func(), error) {
	deadline := time.Now().Add(wait)
	for {
		release, err := lockFile(path, exclusive)
		if !errors.Is(err, errLocked) || time.Now().After(deadline) {
			return release, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// lockSQLite takes the shared lock of every process that opens the file; it fails
// only while a restore replaces it.
func lockSQLite(path string) (func(), error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file::memory:") {
		return func() {}, nil
	}
	release, err := lockFile(lockPath(path), false)
	if errors.Is(err, errLocked) {
		return nil, fmt.Errorf("db: %s is being restored; start again when the restore has finished", path)
	}
	return release, err
}

// HoldServeLock marks a PostgreSQL database as served until release is called, so that
// `oogst restore` refuses to replace it underneath. The lock lives on a connection of its
// own, outside the pool, and is taken again if that connection drops (a database
// restart). SQLite needs nothing more: Open holds a file lock.
func (d *DB) HoldServeLock(ctx context.Context, log *slog.Logger) (release func(), err error) {
	if d.Dialect != Postgres {
		return func() {}, nil
	}
	sdb, err := sql.Open("pgx", d.url)
	if err != nil {
		return nil, fmt.Errorf("db: serve lock: %w", err)
	}
	sdb.SetMaxOpenConns(1)
	lock := func(ctx context.Context) (*sql.Conn, error) {
		conn, err := sdb.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("db: serve lock: %w", err)
		}
		var ok bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock_shared($1)", serveLockKey).Scan(&ok); err != nil {
			conn.Close()
			return nil, fmt.Errorf("db: serve lock: %w", err)
		}
		if !ok {
			conn.Close()
			return nil, errors.New("db: a restore of this database is running; start again when it has finished")
		}
		return conn, nil
	}
	conn, err := lock(ctx)
	if err != nil {
		sdb.Close()
		return nil, err
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(serveLockCheck)
		defer t.Stop()
		for {
			select {
			case <-stop:
				if conn != nil {
					// Unlock before closing: a closed connection's backend lets go of
					// its locks only when it has exited, a moment later, and a restore
					// started right after a stop must not find the lock still held.
					uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					_, _ = conn.ExecContext(uctx, "SELECT pg_advisory_unlock_shared($1)", serveLockKey)
					cancel()
					conn.Close()
				}
				return
			case <-t.C:
			}
			pctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if conn != nil && conn.PingContext(pctx) != nil {
				conn.Close()
				conn = nil
			}
			if conn == nil {
				var lerr error
				if conn, lerr = lock(pctx); lerr != nil {
					log.Warn("serve lock not held; a restore would not see this server", "err", lerr)
				}
			}
			cancel()
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-done
			sdb.Close()
		})
	}, nil
}
