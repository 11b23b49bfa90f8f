package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"oogst/db"
	"oogst/people"
)

// TestBackupRestoreRoundTrip backs up a database with data and an upload, damages both,
// restores, and finds everything back — on SQLite and on PostgreSQL.
func TestBackupRestoreRoundTrip(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			env := map[string]string{}
			if dialect == "postgres" {
				env["DATABASE_URL"], env["OOGST_DATA_DIR"] = demoSeed.PostgresEnv(t)
			} else {
				env["OOGST_DATA_DIR"] = demoSeed.SQLiteDir(t)
			}
			dataDir := env["OOGST_DATA_DIR"]
			getenv := func(k string) string { return env[k] }
			var out, errb bytes.Buffer
			upload := filepath.Join(dataDir, "uploads", "2026", "voice.webm")
			if err := os.MkdirAll(filepath.Dir(upload), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(upload, []byte("\x1a\x45\xdf\xa3 voice bytes"), 0o600); err != nil {
				t.Fatal(err)
			}
			before := countCursists(t, env)
			if before < 160 {
				t.Fatalf("demo cursists: %d", before)
			}
			archive := filepath.Join(t.TempDir(), "b.tar.gz")
			out.Reset()
			if code := run([]string{"backup", "--out", archive}, getenv, &out, &errb); code != 0 {
				t.Fatalf("backup: %s", errb.String())
			}
			// Damage: delete every cursist and the upload.
			d := openFor(t, env)
			if err := d.Q(context.Background()).Exec("DELETE FROM cursists").Error; err != nil {
				t.Fatal(err)
			}
			d.Close()
			os.Remove(upload)
			if code := run([]string{"restore", archive}, getenv, &out, &errb); code != 0 {
				t.Fatalf("restore: %s", errb.String())
			}
			if after := countCursists(t, env); after != before {
				t.Errorf("cursists after restore: %d, want %d", after, before)
			}
			b, err := os.ReadFile(upload)
			if err != nil || !strings.Contains(string(b), "voice bytes") {
				t.Errorf("upload not restored: %v %q", err, b)
			}
		})
	}
}

func openFor(t *testing.T, env map[string]string) *db.DB {
	d, err := db.Open(context.Background(), db.Options{URL: env["DATABASE_URL"], DataDir: env["OOGST_DATA_DIR"]})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func countCursists(t *testing.T, env map[string]string) int64 {
	d := openFor(t, env)
	defer d.Close()
	var n int64
	if err := d.Q(context.Background()).Model(&people.Cursist{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
