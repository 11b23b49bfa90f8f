package markers_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/locale"
	"oogst/markers"
)

// The steering overview's case: three boundary partners, two expect markers each. In Q1
// all journals are filled in (4 of 6 reached = 67 %); in Q2 only one partner's journal
// is, with one of its two markers reached. Empty journals are "not recorded", so Q2 is
// 1 of 2 = 50 %, not 1 of 6 = 17 %.
func TestSharesIgnoreEmptyJournals(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		var bps []markers.BoundaryPartner
		var ms [][2]markers.Marker
		for _, name := range []string{"Zonnetje", "VDAB", "OCMW"} {
			bp := w.bp
			if name != "Zonnetje" {
				var err error
				if bp, err = markers.CreatePartner(ctx, d, w.coordA, markers.PartnerInput{PartnershipID: w.fix.A.ID, Name: name}); err != nil {
					t.Fatal(err)
				}
			}
			var pair [2]markers.Marker
			for i := range pair {
				m, err := markers.AddMarker(ctx, d, w.coordA, bp.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": name + " marker"}})
				if err != nil {
					t.Fatal(err)
				}
				pair[i] = m
			}
			bps, ms = append(bps, bp), append(ms, pair)
		}
		q1 := [][2]markers.Rating{{markers.High, markers.Medium}, {markers.Medium, markers.Low}, {markers.High, markers.NotObserved}}
		for i, bp := range bps {
			rate(t, d, w.coordA, bp.ID, w.q1.ID, map[int64]markers.Rating{ms[i][0].ID: q1[i][0], ms[i][1].ID: q1[i][1]})
		}
		rate(t, d, w.partnerA, bps[0].ID, w.q2.ID, map[int64]markers.Rating{ms[0][0].ID: markers.Medium, ms[0][1].ID: markers.Low})
		byLevel, totals, err := markers.PartnershipShares(ctx, d, w.coordA, w.fix.A.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64][4]int{w.q1.ID: {4, 6, 6, 67}, w.q2.ID: {1, 2, 6, 50}} // reached, recorded, total, percent
		for _, list := range [][]markers.Share{byLevel, totals} {
			seen := 0
			for _, s := range list {
				wt, ok := want[s.PeriodID]
				if !ok {
					continue
				}
				seen++
				if s.Reached != wt[0] || s.Recorded != wt[1] || s.Total != wt[2] || s.Percent != wt[3] {
					t.Errorf("period %d level %q: %+v, want %v", s.PeriodID, s.Level, s, wt)
				}
			}
			if seen != 2 {
				t.Errorf("shares for Q1 and Q2: %d rows in %+v", seen, list)
			}
		}
		// Q3 has nothing recorded at all: no percentage, not 0 % reached.
		for _, s := range totals {
			if s.PeriodID == w.q3.ID && (s.Recorded != 0 || s.Percent != 0 || s.Total != 6) {
				t.Errorf("Q3 totals %+v", s)
			}
		}

		// Completeness: x of y markers recorded per partner and period.
		cs, err := markers.JournalCompleteness(ctx, d, w.coordA, w.fix.A.ID, w.q2.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]int{}
		for _, c := range cs {
			if c.PeriodID != w.q2.ID {
				t.Errorf("completeness of another period: %+v", c)
			}
			got[c.Partner] = [2]int{c.Recorded, c.Total}
		}
		wantC := map[string][2]int{"Kinderopvang Zonnetje": {2, 2}, "VDAB": {0, 2}, "OCMW": {0, 2}}
		if len(got) != len(wantC) {
			t.Errorf("completeness %v, want %v", got, wantC)
		}
		for k, v := range wantC {
			if got[k] != v {
				t.Errorf("completeness of %s = %v, want %v recorded of markers", k, got[k], v)
			}
		}
		all, err := markers.JournalCompleteness(ctx, d, w.coordA, w.fix.A.ID, 0)
		if err != nil || len(all) != 9 {
			t.Errorf("completeness over 3 periods × 3 partners: %d rows, %v", len(all), err)
		}
		if _, err := markers.JournalCompleteness(ctx, d, w.coordB, w.fix.A.ID, 0); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("other partnership's completeness: %v", err)
		}
		if _, err := markers.JournalCompleteness(ctx, d, w.mentorA, w.fix.A.ID, 0); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor's completeness: %v", err)
		}
	})
}

// A trend compares the last two periods with an entry; empty periods are skipped.
func TestMarkerTrend(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		up, down, gap, once := add(t, d, w, markers.Expect, "up"), add(t, d, w, markers.Expect, "down"), add(t, d, w, markers.Expect, "gap"), add(t, d, w, markers.Expect, "once")
		rate(t, d, w.coordA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{up.ID: markers.Low, down.ID: markers.High, gap.ID: markers.Medium})
		rate(t, d, w.coordA, w.bp.ID, w.q2.ID, map[int64]markers.Rating{up.ID: markers.Medium, down.ID: markers.Low})
		rate(t, d, w.coordA, w.bp.ID, w.q3.ID, map[int64]markers.Rating{up.ID: markers.High, down.ID: markers.NotObserved, gap.ID: markers.Medium, once.ID: markers.High})
		mx, err := markers.BuildMatrix(ctx, d, w.coordA, w.bp.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]markers.Trend{up.ID: markers.TrendUp, down.ID: markers.TrendDown, gap.ID: markers.TrendSame, once.ID: markers.TrendNone}
		for _, r := range mx.Levels[0].Rows {
			if r.Trend != want[r.Marker.ID] {
				t.Errorf("trend of %s = %q, want %q", r.Marker.TextNL, r.Trend, want[r.Marker.ID])
			}
		}
	})
}

// "Don't know" in a partner survey is offered, and stored as nothing recorded: no
// proposal, so it never becomes a level.
func TestMarkerSurveyDontKnow(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Now()
		w := setup(t, d)
		m1, m2 := add(t, d, w, markers.Expect, "Verwijst door"), add(t, d, w, markers.Expect, "Belt terug")
		sv := sendSurvey(t, d, w, w.q1.ID, now)
		answer(t, d, sv.Code, map[string]string{markers.RatingQuestion(m1.ID): markers.DontKnow, markers.RatingQuestion(m2.ID): "high"}, now)
		ps := proposalsByMarker(t, d, w, w.q1.ID)
		if len(ps[m1.ID]) != 0 {
			t.Errorf("don't know became a proposal: %+v", ps[m1.ID])
		}
		if len(ps[m2.ID]) != 1 || ps[m2.ID][0].Rating != markers.High {
			t.Errorf("proposals for the rated marker: %+v", ps[m2.ID])
		}
	})
}

// Every revision carries the moment it was made, not the zero date.
func TestRevisionDates(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		before := time.Now().Add(-time.Minute)
		m := add(t, d, w, markers.Expect, "Verwijst door")
		if _, err := markers.EditMarker(ctx, d, w.coordA, m.ID, markers.MarkerInput{Level: markers.Expect, Text: locale.Text{"nl": "Verwijst actief door"}}); err != nil {
			t.Fatal(err)
		}
		h, err := markers.History(ctx, d, w.coordA, m.ID)
		if err != nil || len(h) != 2 {
			t.Fatalf("history %+v %v", h, err)
		}
		after := time.Now().Add(time.Minute)
		for i, r := range h {
			if r.ChangedAt.Before(before) || r.ChangedAt.After(after) {
				t.Errorf("revision %d dated %v, want between %v and %v", i, r.ChangedAt, before, after)
			}
		}
	})
}

// A marker links only to an existing outcome of its own partnership.
func TestLinkOutcomeOfOwnPartnershipOnly(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := add(t, d, w, markers.Expect, "Verwijst door")
		rec := func(pid int64, key string) harvest.Outcome {
			sc := w.fix.Scope(t, d, key)
			o, err := harvest.RecordOther(ctx, d, sc, w.fix.Users[key].ID, harvest.OtherInput{PartnershipID: pid, Source: "observation",
				SourceDetail: "mentor", Change: "Zij belt zelf", Sign: "positive", OccurredAt: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		own, other := rec(w.fix.A.ID, "coordinator@a"), rec(w.fix.B.ID, "coordinator@b")
		for _, id := range []int64{other.ID, other.ID + own.ID + 1000} {
			err := markers.LinkOutcome(ctx, d, w.coordA, m.ID, id)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindInvalid || e.Fields["outcome_id"].ID != "staffwork.error.outcome_unknown" {
				t.Errorf("link to outcome %d: %v, want a field error", id, err)
			}
		}
		if err := markers.LinkOutcome(ctx, d, w.coordA, m.ID, own.ID); err != nil {
			t.Fatal(err)
		}
		ls, err := markers.OutcomeLinks(ctx, d, w.coordA, m.ID)
		if err != nil || len(ls) != 1 || ls[0].OutcomeID != own.ID {
			t.Errorf("links %+v %v, want only outcome %d", ls, err, own.ID)
		}
	})
}
