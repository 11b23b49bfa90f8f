//go:build unix

package db

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// A restore's exclusive lock waits out a shared lock held for a moment (a command
// closing the database, a child process about to exec) and refuses one that stays.
func TestLockFileWithinWaitsOutAMomentaryHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "oogst.db.lock")
	held, err := lockFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(200*time.Millisecond, held)
	release, err := lockFileWithin(path, true, time.Second)
	if err != nil {
		t.Fatalf("a lock let go after 200 ms: %v", err)
	}
	release()

	held, err = lockFile(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer held()
	start := time.Now()
	if _, err := lockFileWithin(path, true, 300*time.Millisecond); !errors.Is(err, errLocked) {
		t.Fatalf("a lock held throughout: %v, want errLocked", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Fatalf("refused after %v, before the wait was over", waited)
	}
}
