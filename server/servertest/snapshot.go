package servertest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
)

// Snapshot is a prepared SQLite data directory (database and uploads) holding the
// fixture and whatever its build function added, made once per test binary and copied
// for every test that asks for it. Loading the demo data with its 400 spoken prompts
// takes seconds; copying the result takes milliseconds.
type Snapshot struct {
	build func(ctx context.Context, d *db.DB, dataDir string) error
	once  sync.Once
	dir   string
	fix   *Fixture
	err   error
}

// NewSnapshot returns a snapshot that build fills on first use (after the fixture).
func NewSnapshot(build func(ctx context.Context, d *db.DB, dataDir string) error) *Snapshot {
	return &Snapshot{build: build}
}

// New starts a server on a fresh copy of the snapshot.
func (s *Snapshot) New(t testing.TB, opts ...Options) *Env {
	t.Helper()
	s.once.Do(func() { s.make(t) })
	if s.err != nil {
		t.Fatalf("snapshot: %v", s.err)
	}
	dir := t.TempDir()
	if err := dbtest.CopyDir(s.dir, dir); err != nil {
		t.Fatalf("copy snapshot: %v", err)
	}
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("open snapshot copy: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	fix := *s.fix
	return start(t, d, dir, &fix, opts)
}

// Remove deletes the prepared directory (call it from TestMain after the tests).
func (s *Snapshot) Remove() {
	if s.dir != "" {
		_ = os.RemoveAll(s.dir)
	}
}

func (s *Snapshot) make(t testing.TB) {
	if s.dir, s.err = os.MkdirTemp("", "oogst-snapshot-"); s.err != nil {
		return
	}
	s.err = errors.New("building it failed in the first test that used it")
	d := dbtest.SQLite(t)
	ctx := context.Background()
	fix := NewFixture(t, d)
	if err := s.build(ctx, d, s.dir); err != nil {
		s.err = err
		return
	}
	// VACUUM INTO writes a consistent copy of the database into the directory.
	if err := d.Q(ctx).Exec("VACUUM INTO ?", filepath.Join(s.dir, "oogst.db")).Error; err != nil {
		s.err = err
		return
	}
	s.fix, s.err = fix, nil
}
