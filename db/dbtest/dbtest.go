// Package dbtest gives tests a freshly migrated database of each dialect: an SQLite
// file in a temp dir, and a PostgreSQL database cloned from a migrated template.
//
// PostgreSQL comes from OOGST_TEST_POSTGRES_URL (scripts/test.sh starts one). Without
// it PostgreSQL subtests are skipped, unless OOGST_TEST_REQUIRE_POSTGRES=1, when they fail.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"oogst/db"
)

var (
	templateOnce sync.Once
	templateName string
	templateCopy string // " STRATEGY FILE_COPY" where the server has it
	templateErr  error
)

// Each runs fn once on SQLite and once on PostgreSQL, each on a fresh migrated database.
// The two run side by side (parallel subtests): they share nothing but what the test
// set up before calling Each, which fn must only read, and the test's own statements
// must all be inside fn (Each returns before the subtests have run).
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, Postgres(t)) })
}

// SQLite returns a migrated SQLite database in a temp dir, closed at cleanup.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	tmpl, err := sqliteTemplate()
	if err != nil {
		t.Fatalf("sqlite template: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "oogst.db"), tmpl, 0o600); err != nil {
		t.Fatalf("copy sqlite template: %v", err)
	}
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// PostgresURL returns the URL of a fresh, migrated PostgreSQL database dropped at cleanup.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return postgresURL(t, true)
}

// EmptyPostgresURL returns the URL of a fresh PostgreSQL database with no schema.
func EmptyPostgresURL(t testing.TB) string {
	t.Helper()
	return postgresURL(t, false)
}

// Postgres returns a fresh, migrated PostgreSQL database dropped at cleanup.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Options{URL: PostgresURL(t), MaxOpenConns: 10})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func postgresURL(t testing.TB, migrated bool) string {
	t.Helper()
	base := os.Getenv("OOGST_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("OOGST_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("OOGST_TEST_POSTGRES_URL is not set but PostgreSQL is required")
		}
		t.Skip("PostgreSQL not configured (OOGST_TEST_POSTGRES_URL); run scripts/test.sh")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres admin: %v", err)
	}
	defer admin.Close()
	name := "oogst_t_" + randomHex(6)
	create := "CREATE DATABASE " + name
	if migrated {
		templateOnce.Do(func() {
			templateName, templateErr = postgresTemplate(base, admin)
			templateCopy = copyStrategy(admin)
		})
		if templateErr != nil {
			t.Fatalf("postgres template: %v", templateErr)
		}
		create += " TEMPLATE " + templateName + templateCopy
	}
	if _, err := admin.Exec(create); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return withDatabase(base, name)
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// copyStrategy makes PostgreSQL 15 and later copy the template's files rather than
// write every page through the WAL (its default): a test database is made for nearly
// every test, and on a two-core machine the WAL copy took half again as long.
func copyStrategy(admin *sql.DB) string {
	var v int
	if err := admin.QueryRow("SELECT current_setting('server_version_num')::int").Scan(&v); err != nil || v < 150000 {
		return ""
	}
	return " STRATEGY FILE_COPY"
}
