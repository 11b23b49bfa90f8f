package db_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// TestServeLockSurvivesDatabaseRestart: a PostgreSQL restart drops the connection that
// holds a server's serve lock; the server takes it again, so a later restore still sees
// the server.
func TestServeLockSurvivesDatabaseRestart(t *testing.T) {
	t.Parallel()
	old := *db.ServeLockCheck
	*db.ServeLockCheck = 100 * time.Millisecond
	defer func() { *db.ServeLockCheck = old }()
	c := dbtest.PrivateCluster(t)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{URL: c.URL})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	release, err := d.HoldServeLock(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// What restore asks: may I have the lock exclusively?
	restorable := func() bool {
		other, err := db.Open(ctx, db.Options{URL: c.URL})
		if err != nil {
			return false
		}
		defer other.Close()
		var ok bool
		if err := other.SQL().QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", db.ServeLockKey).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if restorable() {
		t.Fatal("a restore could start next to a serving process")
	}
	c.Stop()
	c.Start()
	deadline := time.Now().Add(10 * time.Second)
	for restorable() {
		if time.Now().After(deadline) {
			t.Fatal("after the database restart the server never took its serve lock again")
		}
		time.Sleep(100 * time.Millisecond)
	}
	release()
	if !restorable() {
		t.Error("the lock is still held after release")
	}
}
