package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestDatabaseDownAnswers503AndRecovers stops PostgreSQL under a running server:
// readiness turns red, requests that need the database get 503 with Retry-After and no
// internals, and everything works again once the database is back, without a restart.
func TestDatabaseDownAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	cl := dbtest.PrivateCluster(t)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{URL: cl.URL, MaxOpenConns: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.MigrateUp(ctx); err != nil {
		t.Fatal(err)
	}
	env := servertest.New(t, d)
	staff := env.As(t, "coordinator@a")
	if r := staff.Get(t, "/dashboard"); r.Status != 200 {
		t.Fatalf("dashboard before outage: %d", r.Status)
	}

	cl.Stop()
	anon := env.Client(t)
	r := anon.Get(t, "/readyz")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("readyz while down: %d Retry-After=%q", r.Status, r.Header.Get("Retry-After"))
	}
	if r := anon.Get(t, "/healthz"); r.Status != 200 {
		t.Errorf("healthz while the database is down: %d (the process is alive)", r.Status)
	}
	r = staff.Get(t, "/dashboard")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
		t.Errorf("dashboard while down: %d Retry-After=%q", r.Status, r.Header.Get("Retry-After"))
	}
	for _, leak := range []string{"SQLSTATE", "dial tcp", "connection refused", "goroutine", "pgx"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("error page leaks internals (%q): %.200s", leak, r.Body)
		}
	}
	// The staff member's language (Dutch, from the cookie set at login).
	if !strings.Contains(r.Body, "Oogst is even niet bereikbaar") {
		t.Errorf("no translated outage message: %.200s", r.Body)
	}
	api := staff.Get(t, "/api/v1/does-not-matter")
	if api.Status != http.StatusServiceUnavailable {
		t.Errorf("API while down: %d", api.Status)
	}

	cl.Start()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if r := anon.Get(t, "/readyz"); r.Status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover after the database came back")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if r := staff.Get(t, "/dashboard"); r.Status != 200 || !strings.Contains(r.Body, "Partnership A") {
		t.Errorf("dashboard after recovery: %d", r.Status)
	}
}
