package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"oogst/db"
)

// Seed is a database state (the demo data, say) built once per test process and
// dialect, then copied for every test that asks for it, as the migrated template is:
// loading the demo costs seconds, copying it milliseconds. The build may also write
// files into its data directory (recorded prompts); each copy gets those files too.
// A package that uses a Seed calls Remove from its TestMain.
type Seed struct {
	name  string
	build func(ctx context.Context, d *db.DB, dataDir string) error

	mu     sync.Mutex
	sqlite *seeded
	pg     *seeded
}

// seeded is one dialect's built state: a data directory and, on PostgreSQL, the
// database every copy is made from.
type seeded struct {
	dir, database string
	err           error
}

// NewSeed returns a seed that build fills on first use, once per dialect. name (letters
// and digits) names its PostgreSQL database.
func NewSeed(name string, build func(ctx context.Context, d *db.DB, dataDir string) error) *Seed {
	return &Seed{name: name, build: build}
}

// Each runs fn on a copy of the seed in SQLite and one in PostgreSQL, side by side,
// with the same rules as the package's Each.
func (s *Seed) Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, s.SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, s.Postgres(t)) })
}

// SQLite opens a copy of the seeded SQLite database, closed at cleanup.
func (s *Seed) SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Options{DataDir: s.SQLiteDir(t)})
	if err != nil {
		t.Fatalf("open seeded sqlite: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// SQLiteDir returns a data directory holding a copy of the seeded SQLite database and
// of the files the build wrote.
func (s *Seed) SQLiteDir(t testing.TB) string {
	t.Helper()
	st := s.state(t, false)
	dir := t.TempDir()
	if err := CopyDir(st.dir, dir); err != nil {
		t.Fatalf("copy seed %s: %v", s.name, err)
	}
	return dir
}

// Postgres opens a copy of the seeded PostgreSQL database, dropped at cleanup.
func (s *Seed) Postgres(t testing.TB) *db.DB {
	t.Helper()
	dbURL, _ := s.PostgresEnv(t)
	d, err := db.Open(context.Background(), db.Options{URL: dbURL, MaxOpenConns: 10})
	if err != nil {
		t.Fatalf("open seeded postgres: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// PostgresEnv returns the URL of a copy of the seeded PostgreSQL database (dropped at
// cleanup) and a data directory holding a copy of the files the build wrote.
func (s *Seed) PostgresEnv(t testing.TB) (dbURL, dataDir string) {
	t.Helper()
	st := s.state(t, true)
	dataDir = t.TempDir()
	if err := CopyDir(st.dir, dataDir); err != nil {
		t.Fatalf("copy seed %s: %v", s.name, err)
	}
	return copyDatabase(t, st.database), dataDir
}

// Remove drops the seeded PostgreSQL database and deletes the seeded directories.
func (s *Seed) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range []*seeded{s.sqlite, s.pg} {
		if st == nil {
			continue
		}
		if st.dir != "" {
			_ = os.RemoveAll(st.dir)
		}
		if st.database != "" {
			if admin, err := sql.Open("pgx", os.Getenv("OOGST_TEST_POSTGRES_URL")); err == nil {
				_, _ = admin.Exec("DROP DATABASE IF EXISTS " + st.database + " WITH (FORCE)")
				_ = admin.Close()
			}
		}
	}
}

// state builds the dialect's seed on first use. Tests asking at the same time wait
// for the one build; a failed build fails every test that asks.
func (s *Seed) state(t testing.TB, postgres bool) *seeded {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	slot := &s.sqlite
	if postgres {
		slot = &s.pg
	}
	if *slot == nil {
		*slot = s.make(t, postgres)
	}
	if (*slot).err != nil {
		t.Fatalf("seed %s: %v", s.name, (*slot).err)
	}
	return *slot
}

func (s *Seed) make(t testing.TB, postgres bool) *seeded {
	st := &seeded{}
	if st.dir, st.err = os.MkdirTemp("", "oogst-seed-"+s.name+"-"); st.err != nil {
		return st
	}
	ctx := context.Background()
	var d *db.DB
	if postgres {
		// A database of its own, made from the migrated template like any test's, kept
		// (not dropped at this test's cleanup) until Remove.
		u, err := url.Parse(postgresURL(t, true))
		if err != nil {
			st.err = err
			return st
		}
		st.database = strings.TrimPrefix(u.Path, "/")
		keep := "oogst_seed_" + s.name + "_" + randomHex(4)
		if st.err = renameDatabase(st.database, keep); st.err != nil {
			return st
		}
		st.database = keep
		d, st.err = db.Open(ctx, db.Options{URL: withDatabase(os.Getenv("OOGST_TEST_POSTGRES_URL"), keep), MaxOpenConns: 10})
	} else {
		tmpl, err := sqliteTemplate()
		if err != nil {
			st.err = err
			return st
		}
		if st.err = os.WriteFile(filepath.Join(st.dir, "oogst.db"), tmpl, 0o600); st.err != nil {
			return st
		}
		d, st.err = db.Open(ctx, db.Options{DataDir: st.dir})
	}
	if st.err != nil {
		return st
	}
	err := s.build(ctx, d, st.dir)
	// Closing checkpoints SQLite's WAL into the file and leaves no connection on the
	// PostgreSQL database, which CREATE DATABASE … TEMPLATE needs.
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		st.err = fmt.Errorf("build: %w", err)
	}
	return st
}

// copyDatabase makes a fresh copy of a seeded database, dropped at cleanup.
func copyDatabase(t testing.TB, from string) string {
	t.Helper()
	base := os.Getenv("OOGST_TEST_POSTGRES_URL")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres admin: %v", err)
	}
	defer admin.Close()
	name := "oogst_t_" + randomHex(6)
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + from + templateCopy); err != nil {
		t.Fatalf("copy seeded database: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			_ = a.Close()
		}
	})
	return withDatabase(base, name)
}

// renameDatabase gives a fresh test database the seed's name, which postgresURL's
// cleanup (dropping the old name) then leaves alone.
func renameDatabase(from, to string) error {
	admin, err := sql.Open("pgx", os.Getenv("OOGST_TEST_POSTGRES_URL"))
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.Exec("ALTER DATABASE " + from + " RENAME TO " + to)
	return err
}

// CopyDir copies the regular files under src into dst, leaving out SQLite's
// shared-memory file (a closed database has none; the empty lock file is kept, as a
// data directory that was used has one).
func CopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		if strings.HasSuffix(path, "-shm") {
			return nil
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
