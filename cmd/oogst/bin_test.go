package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
)

// The tests that run the real binary share one build: linking it takes seconds, and
// six tests used to build it each.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// TestMain removes the shared binary and the demo seed after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	demoSeed.Remove()
	os.Exit(code)
}

// demoSeed is what `oogst demo` leaves (the demo data and its recorded prompts), made
// once per dialect by the command's own loadDemo and copied for each test that only
// needs demo data to work on: backup, restore, crash, upload and login tests. The
// tests of the demo command itself still run it.
var demoSeed = dbtest.NewSeed("clidemo", func(ctx context.Context, d *db.DB, dataDir string) error {
	return loadDemo(ctx, config{DataDir: dataDir}, d, slog.New(slog.DiscardHandler), io.Discard, false)
})

// buildOogst returns the path of the real binary, built on first use.
func buildOogst(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "oogst-bin-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "oogst")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("build: %v\n%s", built.err, built.out)
	}
	return built.bin
}
