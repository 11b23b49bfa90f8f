package server_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"oogst/db"
	"oogst/demo"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// demoSnapshot is the fixture plus the demo data and its spoken prompts, loaded once
// per test binary (seconds) and copied for each site (milliseconds).
var demoSnapshot = servertest.NewSnapshot(func(ctx context.Context, d *db.DB, dataDir string) error {
	if _, err := demo.Load(ctx, d); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if _, err := demo.LoadPrompts(ctx, d, dataDir); err != nil {
		return fmt.Errorf("demo prompts: %w", err)
	}
	return nil
})

// newTabletSite starts Oogst on a fresh SQLite database with the demo data, so the
// open demo round DEMO42 (Gent, built-in reflection form, anonymous answers allowed)
// exists. The demo's own invented responses are left out of the counts.
func newTabletSite(t *testing.T, opts ...servertest.Options) *tabletSite {
	t.Helper()
	env := demoSnapshot.New(t, opts...)
	ctx := context.Background()
	// down makes the server unreachable (every connection closed at once), for the
	// service worker too, which CDP's offline emulation does not always cover. Set before
	// the first request, so no request reads the handler while it changes.
	var down atomic.Bool
	serve := env.HTTP.Config.Handler
	env.HTTP.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		serve.ServeHTTP(w, r)
	})
	var before []string
	if err := env.DB.Q(ctx).Model(&survey.Response{}).Pluck("client_id", &before).Error; err != nil {
		t.Fatal(err)
	}
	ours := func(t *testing.T) []survey.Response {
		var rs []survey.Response
		q := env.DB.Q(ctx).Joins("JOIN survey_rounds ON survey_rounds.id = survey_responses.round_id").
			Where("survey_rounds.code = ?", "DEMO42")
		if len(before) > 0 {
			q = q.Where("survey_responses.client_id NOT IN ?", before)
		}
		if err := q.Find(&rs).Error; err != nil {
			t.Fatalf("query responses: %v", err)
		}
		return rs
	}
	return &tabletSite{
		URL: env.URL, env: env,
		setDown: func(d bool) { down.Store(d) },
		closeRound: func(t *testing.T) {
			// As the coordinator does it, so that this process's round cache knows at once.
			var r survey.Round
			if err := env.DB.Q(ctx).Where("code = ?", "DEMO42").First(&r).Error; err != nil {
				t.Fatal(err)
			}
			c := env.Client(t)
			c.Login(t, "coordinator@gent.demo", demo.Password)
			if resp := c.PostForm(t, fmt.Sprintf("/survey/rounds/%d/close", r.ID), nil); resp.Status >= 400 {
				t.Fatalf("close DEMO42: %d", resp.Status)
			}
		},
		openRound: func(t *testing.T, code, mode string) {
			var coord people.User
			if err := env.DB.Q(ctx).Where("email = ?", "coordinator@gent.demo").First(&coord).Error; err != nil {
				t.Fatal(err)
			}
			sc, err := people.LoadScope(ctx, env.DB, coord.ID)
			if err != nil {
				t.Fatal(err)
			}
			var demoRound survey.Round
			if err := env.DB.Q(ctx).Where("code = ?", "DEMO42").First(&demoRound).Error; err != nil {
				t.Fatal(err)
			}
			if _, err := survey.CreateRound(ctx, env.DB, sc, survey.RoundInput{PartnershipID: demoRound.PartnershipID, FormID: demoRound.FormID,
				Title: "Ronde " + mode, GroupName: demoRound.GroupName, OpensAt: time.Now().Add(-time.Hour), IdentifyMode: mode, Code: code}, time.Now()); err != nil {
				t.Fatalf("open round %s: %v", code, err)
			}
		},
		cursistsIn: func(t *testing.T, code string) []string {
			var rows []struct{ Code *string }
			err := env.DB.Q(ctx).Table("survey_responses").Select("cursists.code AS code").
				Joins("JOIN survey_rounds ON survey_rounds.id = survey_responses.round_id").
				Joins("LEFT JOIN cursists ON cursists.id = survey_responses.cursist_id").
				Where("survey_rounds.code = ?", code).Scan(&rows).Error
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, r := range rows {
				if r.Code == nil {
					out = append(out, "")
				} else {
					out = append(out, *r.Code)
				}
			}
			return out
		},
		setNative: func(t *testing.T, code, name string) {
			if err := env.DB.Q(ctx).Model(&people.Cursist{}).Where("code = ?", code).Update("display_name_native", name).Error; err != nil {
				t.Fatal(err)
			}
		},
		count:     func(t *testing.T) int { return len(ours(t)) },
		responses: ours,
		late: func(t *testing.T) []bool {
			var out []bool
			for _, r := range ours(t) {
				out = append(out, r.Late)
			}
			return out
		},
		bodies: func(t *testing.T) []string {
			var out []string
			for _, r := range ours(t) {
				out = append(out, `{"language":"`+r.Language+`","answers":`+r.Answers+`}`)
			}
			return out
		},
		audioSize: func(t *testing.T, id string) int {
			var a survey.Attachment
			if err := env.DB.Q(ctx).Where("client_id = ?", id).First(&a).Error; err != nil {
				t.Fatalf("attachment %s: %v", id, err)
			}
			fi, err := os.Stat(filepath.Join(survey.UploadsDir(env.DataDir), filepath.Base(a.FileName)))
			if err != nil {
				t.Fatalf("attachment file: %v", err)
			}
			if fi.Size() != a.Size {
				t.Errorf("attachment size %d on disk, %d in the database", fi.Size(), a.Size)
			}
			return int(a.Size)
		},
	}
}
