package people_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
	"oogst/testkit"
)

// Coordinators keep every cursist's status, mentors their own group's (another group's
// cursist is not found, as an outsider's would be), partners none; each change keeps its
// date and who set it, and the cursist carries the latest by date.
func TestCursistStatusKeepersAndHistory(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := testkit.NewFixture(t, d)
		scope := func(who string) people.Scope {
			sc, err := people.LoadScope(ctx, d, f.Users[who].ID)
			if err != nil {
				t.Fatal(err)
			}
			return sc
		}
		a := f.A.ID
		now := time.Date(2026, 6, 1, 15, 0, 0, 0, time.UTC)
		own, other := f.Cursists["KAAA"], f.Cursists["KACA"] // Groep A (the mentor's), Groep B

		c, err := people.SetCursistStatus(ctx, d, scope("coordinator@a"), a, other.ID, people.StatusInput{Status: "finished", Outflow: "further_study", EffectiveOn: "2026-05-30"}, now)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != "finished" || c.StatusDetail != "further_study" || c.StatusSince == nil || c.StatusSince.Format(time.DateOnly) != "2026-05-30" {
			t.Errorf("coordinator's change: %+v", c)
		}
		mentor := scope("mentor@a")
		if _, err := people.SetCursistStatus(ctx, d, mentor, a, own.ID, people.StatusInput{Status: "paused", EffectiveOn: "2026-04-02"}, now); err != nil {
			t.Fatalf("mentor, own group: %v", err)
		}
		if _, err := people.SetCursistStatus(ctx, d, mentor, a, own.ID, people.StatusInput{Status: "stopped", Reason: "pregnancy", EffectiveOn: "2026-03-01"}, now); err != nil {
			t.Fatalf("mentor, own group, earlier date: %v", err)
		}
		for _, tc := range []struct {
			who  string
			pid  int64
			cid  int64
			kind apperr.Kind
		}{
			{"mentor@a", a, other.ID, apperr.KindNotFound},
			{"partner@a", a, own.ID, apperr.KindForbidden},
			{"coordinator@b", a, own.ID, apperr.KindNotFound},
			{"coordinator@b", f.B.ID, own.ID, apperr.KindNotFound},
			{"admin", a, own.ID, apperr.KindNotFound},
		} {
			_, err := people.SetCursistStatus(ctx, d, scope(tc.who), tc.pid, tc.cid, people.StatusInput{Status: "paused", EffectiveOn: "2026-04-02"}, now)
			if !apperr.Is(err, tc.kind) {
				t.Errorf("%s on cursist %d of %d: %v, want kind %v", tc.who, tc.cid, tc.pid, err, tc.kind)
			}
		}
		if _, err := people.StatusHistory(ctx, d, mentor, a, other.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor reads another group's history: %v", err)
		}

		hist, err := people.StatusHistory(ctx, d, mentor, a, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].Status != "paused" || hist[1].Status != "stopped" || hist[1].Detail != "pregnancy" ||
			hist[0].SetByName != f.Users["mentor@a"].Name || hist[0].EffectiveOn.Format(time.DateOnly) != "2026-04-02" {
			t.Errorf("history = %+v", hist)
		}
		var cur people.Cursist
		if err := d.Q(ctx).First(&cur, own.ID).Error; err != nil {
			t.Fatal(err)
		}
		if cur.Status != "paused" || cur.StatusDetail != "" {
			t.Errorf("current status %q/%q, want the latest by date (paused)", cur.Status, cur.StatusDetail)
		}

		for _, tc := range []struct {
			in    people.StatusInput
			field string
			msg   string
		}{
			{people.StatusInput{Status: "gone", EffectiveOn: "2026-05-01"}, "status", "cursiststatus.error.status"},
			{people.StatusInput{Status: "stopped", EffectiveOn: "2026-05-01"}, "reason", "cursiststatus.error.reason_required"},
			{people.StatusInput{Status: "stopped", Reason: "bored", EffectiveOn: "2026-05-01"}, "reason", "cursiststatus.error.reason"},
			{people.StatusInput{Status: "finished", EffectiveOn: "2026-05-01"}, "outflow", "cursiststatus.error.outflow_required"},
			{people.StatusInput{Status: "paused"}, "effective_on", "cursiststatus.error.date_required"},
			{people.StatusInput{Status: "paused", EffectiveOn: "1/5/2026"}, "effective_on", "cursiststatus.error.date"},
			{people.StatusInput{Status: "paused", EffectiveOn: "2026-06-02"}, "effective_on", "cursiststatus.error.date_future"},
		} {
			_, err := people.SetCursistStatus(ctx, d, scope("coordinator@a"), a, own.ID, tc.in, now)
			e, ok := apperr.As(err)
			if !ok || e.Fields[tc.field].ID != tc.msg {
				t.Errorf("%+v: %v, want %s on %s", tc.in, err, tc.msg, tc.field)
			}
		}
		if hist, _ := people.StatusHistory(ctx, d, mentor, a, own.ID); len(hist) != 2 {
			t.Errorf("refused changes were stored: %d entries", len(hist))
		}
		// Today is allowed.
		if _, err := people.SetCursistStatus(ctx, d, scope("coordinator@a"), a, own.ID, people.StatusInput{Status: "in_training", EffectiveOn: "2026-06-01"}, now); err != nil {
			t.Errorf("today: %v", err)
		}
	})
}
