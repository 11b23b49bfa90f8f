package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"oogst/db"
	"oogst/migrations"
)

// Migrating from scratch costs a test 0.1–1 s; copying a migrated database costs a few
// milliseconds. So each dialect is migrated once and every test gets a copy.

// sqliteTemplate is a migrated SQLite file, held in memory (no file to clean up).
var sqliteTemplate = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "oogst-sqlite-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		return nil, err
	}
	if _, err := d.MigrateUp(context.Background()); err != nil {
		_ = d.Close()
		return nil, err
	}
	// Closing the last connection checkpoints the WAL into the file.
	if err := d.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(filepath.Join(dir, "oogst.db"))
})

// migrationsHash names the PostgreSQL template after the migration files it holds, so
// that every test process of a run (and later runs) shares one template, and a new or
// changed migration gets a new one.
var migrationsHash = sync.OnceValues(func() (string, error) {
	fsys, err := migrations.FS(string(db.Postgres))
	if err != nil {
		return "", err
	}
	h := sha256.New()
	err = fs.WalkDir(fsys, ".", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
})

// postgresTemplate returns the name of the migrated template database, making it when
// it does not exist yet. Test processes running side by side take an advisory lock, so
// one migrates while the others wait; the template appears under its final name only
// once complete (made under a temporary name, then renamed).
func postgresTemplate(base string, admin *sql.DB) (string, error) {
	sum, err := migrationsHash()
	if err != nil {
		return "", fmt.Errorf("hash migrations: %w", err)
	}
	name := "oogst_tmpl_" + sum
	ctx := context.Background()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	const lockKey = 0x6f6f677374 // "oogst"
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", lockKey) //nolint:errcheck
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	tmp := fmt.Sprintf("oogst_tmpw_%d_%s", os.Getpid(), randomHex(3))
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+tmp); err != nil {
		return "", err
	}
	drop := func() { _, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+tmp+" WITH (FORCE)") }
	d, err := db.Open(ctx, db.Options{URL: withDatabase(base, tmp)})
	if err != nil {
		drop()
		return "", err
	}
	_, err = d.MigrateUp(ctx)
	_ = d.Close()
	if err != nil {
		drop()
		return "", err
	}
	if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+tmp+" RENAME TO "+name); err != nil {
		drop()
		return "", err
	}
	return name, nil
}
