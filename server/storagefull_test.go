package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestDiskFullAnswers503 fills a real SQLite database (max_page_count pinned to its
// current size): a tablet submission gets 503 with Retry-After and the translated
// JSON message, never a 500.
func TestDiskFullAnswers503(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	r := surveyRound(t, env, "a", "Ronde", true)
	// One connection (SQLite's rule here), so the pragma holds for every statement.
	var pages int64
	if err := d.Q(context.Background()).Raw("PRAGMA page_count").Scan(&pages).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(context.Background()).Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Error; err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.Lang = "nl"
	var full bool
	for i := 0; i < 200 && !full; i++ {
		answers := goodAnswers()
		answers["change"] = strings.Repeat("Ik durf nu te bellen. ", 150)
		resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/responses", submitBody(uuid.NewString(), answers))
		switch resp.Status {
		case http.StatusCreated:
			continue
		case http.StatusServiceUnavailable:
			full = true
			if resp.Header.Get("Retry-After") == "" {
				t.Errorf("503 without Retry-After")
			}
			var body struct{ Error string }
			resp.JSON(t, &body)
			if !strings.Contains(body.Error, "niet bereikbaar") {
				t.Errorf("503 body: %s", resp.Body)
			}
		default:
			t.Fatalf("submission %d on a full database: %d %s", i, resp.Status, resp.Body)
		}
	}
	if !full {
		t.Fatal("the database never filled up; the test proves nothing")
	}
}

// TestReadyzReportsLowDiskSpace: below the free-space threshold /readyz answers 503
// with Retry-After, above it 200.
func TestReadyzReportsLowDiskSpace(t *testing.T) {
	t.Parallel()
	var free uint64 = 500 << 20
	env := servertest.New(t, dbtest.SQLite(t), servertest.Options{MinFreeBytes: 100 << 20,
		FreeSpace: func(dir string) (uint64, error) {
			if dir == "" {
				t.Errorf("free space asked for no directory")
			}
			return free, nil
		}})
	c := env.Client(t)
	if r := c.Get(t, "/readyz"); r.Status != http.StatusOK {
		t.Fatalf("readyz with room: %d %s", r.Status, r.Body)
	}
	free = 99 << 20
	r := c.Get(t, "/readyz")
	if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, `"disk":"full"`) {
		t.Errorf("readyz with 99 MB free: %d Retry-After=%q %s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
	if r := c.Get(t, "/healthz"); r.Status != http.StatusOK {
		t.Errorf("healthz on a full disk: %d (the process is alive)", r.Status)
	}
}
