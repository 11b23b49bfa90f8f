package markers_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/markers"
)

func addForm(t *testing.T, d *db.DB, w *world, l markers.Level, f markers.Form, text string) markers.Marker {
	t.Helper()
	m, err := markers.AddMarker(context.Background(), d, w.coordA, w.bp.ID, markers.MarkerInput{Level: l, Form: f, Text: locale.Text{"nl": text}})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A marker keeps its form of collaboration through a reload and an edit; an unknown form
// is a field error; a form change alone adds no wording revision.
func TestMarkerFormStored(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		m := addForm(t, d, w, markers.Expect, markers.FormInformation, "Komt naar het overleg")
		got, _, err := markers.GetMarker(ctx, d, w.coordA, m.ID)
		if err != nil || got.Form != markers.FormInformation {
			t.Fatalf("reloaded form %q, err %v", got.Form, err)
		}
		in := markers.MarkerInput{Level: markers.Expect, Form: markers.FormAligning, Text: locale.Text{"nl": "Komt naar het overleg"}}
		if _, err := markers.EditMarker(ctx, d, w.coordA, m.ID, in); err != nil {
			t.Fatal(err)
		}
		got, _, _ = markers.GetMarker(ctx, d, w.coordA, m.ID)
		if got.Form != markers.FormAligning || got.Version != 2 {
			t.Errorf("after edit: form %q version %d, want aligning 2", got.Form, got.Version)
		}
		if h, _ := markers.History(ctx, d, w.coordA, m.ID); len(h) != 1 {
			t.Errorf("a form change alone added a revision: %d revisions", len(h))
		}
		in.Form = "networking"
		_, err = markers.EditMarker(ctx, d, w.coordA, m.ID, in)
		if e, ok := apperr.As(err); !ok || e.Fields["collaboration_form"].ID != "ladder.error.form" {
			t.Errorf("unknown form: err %v", err)
		}
		// Markers made from the examples carry the example's form.
		bp, err := markers.CreatePartner(ctx, d, w.coordA, markers.PartnerInput{PartnershipID: w.fix.A.ID, Name: "VDAB", Examples: []string{"referring.expect", "interprofessional.love"}})
		if err != nil {
			t.Fatal(err)
		}
		ms, _ := markers.Markers(ctx, d, w.coordA, bp.ID, false)
		forms := map[markers.Form]bool{}
		for _, m := range ms {
			forms[m.Form] = true
		}
		if len(ms) != 2 || !forms[markers.FormReferring] || !forms[markers.FormInterprofessional] {
			t.Errorf("example markers %+v", ms)
		}
	})
}

// The ladder counts per period and form what the journals recorded: Q1 only referring is
// reached; Q2 the partner climbs to aligning (at like-to-see level) while information
// is recorded but not reached; Q3 nothing is recorded.
func TestLadderPerPeriod(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		ref := addForm(t, d, w, markers.Expect, markers.FormReferring, "Verwijst door")
		inf := addForm(t, d, w, markers.Expect, markers.FormInformation, "Deelt informatie")
		alE := addForm(t, d, w, markers.Expect, markers.FormAligning, "Stemt stages af")
		alL := addForm(t, d, w, markers.Like, markers.FormAligning, "Zelfde formulieren")
		addForm(t, d, w, markers.Love, markers.FormNone, "Zonder vorm")
		rate(t, d, w.coordA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{ref.ID: markers.Medium, inf.ID: markers.Low, alE.ID: markers.NotObserved})
		rate(t, d, w.partnerA, w.bp.ID, w.q2.ID, map[int64]markers.Rating{ref.ID: markers.High, inf.ID: markers.Low, alE.ID: markers.Medium, alL.ID: markers.High})

		l, err := markers.BuildLadder(ctx, d, w.coordA, w.bp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Periods) != 3 || l.WithoutForm != 1 {
			t.Fatalf("ladder: %d periods, %d without form", len(l.Periods), l.WithoutForm)
		}
		type want struct {
			markers, recorded, reached int
			top                        markers.Level
		}
		wants := [][]want{ // per period, per form (referring, information, aligning, interprofessional)
			{{1, 1, 1, markers.Expect}, {1, 1, 0, ""}, {2, 1, 0, ""}, {0, 0, 0, ""}},
			{{1, 1, 1, markers.Expect}, {1, 1, 0, ""}, {2, 2, 2, markers.Like}, {0, 0, 0, ""}},
			{{1, 0, 0, ""}, {1, 0, 0, ""}, {2, 0, 0, ""}, {0, 0, 0, ""}},
		}
		highest := []markers.Form{markers.FormReferring, markers.FormAligning, markers.FormNone}
		for pi, lp := range l.Periods {
			if lp.Highest != highest[pi] {
				t.Errorf("%s: highest %q, want %q", lp.Period.Label, lp.Highest, highest[pi])
			}
			for fi, st := range lp.Steps {
				wt := wants[pi][fi]
				if st.Form != markers.Forms[fi] || st.Markers != wt.markers || st.Recorded != wt.recorded || st.Reached != wt.reached || st.TopLevel != wt.top {
					t.Errorf("%s %s: %+v, want %+v", lp.Period.Label, markers.Forms[fi], st, wt)
				}
			}
		}
		// Another partnership's coordinator does not see it.
		if _, err := markers.BuildLadder(ctx, d, w.coordB, w.bp.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("coordinator of B: %v, want not found", err)
		}
	})
}

// The report's overview takes the last period that ended before the meeting day (or,
// while none has ended, the period of the day), with each marker's rating in it.
func TestOverviewAtMeetingDay(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		ref := addForm(t, d, w, markers.Expect, markers.FormReferring, "Verwijst door")
		inf := addForm(t, d, w, markers.Like, markers.FormInformation, "Deelt informatie")
		rate(t, d, w.coordA, w.bp.ID, w.q1.ID, map[int64]markers.Rating{ref.ID: markers.High, inf.ID: markers.Medium})
		rate(t, d, w.coordA, w.bp.ID, w.q2.ID, map[int64]markers.Rating{ref.ID: markers.Low})

		at := func(y int, m time.Month, day int) markers.PeriodOverview {
			t.Helper()
			ov, err := markers.OverviewAt(ctx, d, w.coordA, w.fix.A.ID, time.Date(y, m, day, 15, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			return ov
		}
		ov := at(2025, 5, 14) // in Q2: looks back on Q1
		if ov.Period == nil || ov.Period.ID != w.q1.ID || len(ov.Partners) != 1 {
			t.Fatalf("overview %+v", ov)
		}
		p := ov.Partners[0]
		if len(p.Rows) != 2 || p.Rows[0].Marker.ID != ref.ID || p.Rows[0].Rating != markers.High || p.Rows[1].Marker.ID != inf.ID || p.Rows[1].Rating != markers.Medium {
			t.Errorf("rows %+v", p.Rows)
		}
		if p.Share.Reached != 2 || p.Share.Recorded != 2 || p.Share.Percent != 100 {
			t.Errorf("share %+v", p.Share)
		}
		if ov := at(2025, 7, 1); ov.Period == nil || ov.Period.ID != w.q2.ID || ov.Partners[0].Rows[0].Rating != markers.Low || ov.Partners[0].Share.Recorded != 1 {
			t.Errorf("first day of Q3: %+v", ov)
		}
		if ov := at(2025, 2, 10); ov.Period == nil || ov.Period.ID != w.q1.ID { // none ended yet
			t.Errorf("in Q1: %+v", ov.Period)
		}
		if ov := at(2026, 1, 10); ov.Period == nil || ov.Period.ID != w.q3.ID {
			t.Errorf("after all periods: %+v", ov.Period)
		}
		if ov := at(2024, 12, 1); ov.Period != nil {
			t.Errorf("before any period: %+v", ov.Period)
		}
		if _, err := markers.OverviewAt(ctx, d, w.mentorA, w.fix.A.ID, time.Now()); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor: %v, want not found", err)
		}
	})
}
