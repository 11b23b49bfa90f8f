package harvest_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

func TestMeetingsAgendaAndAdjustments(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		seedFixed(t, w)
		sc, uid := w.as("coordinator@a")
		a := w.fix.A.ID
		if _, err := harvest.CreateMeeting(ctx, d, w.sc["partner@a"], 1, harvest.MeetingInput{PartnershipID: a, Title: "x", HeldAt: time.Now()}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("partner prepares a meeting: %v", err)
		}
		var bOutcome int64
		d.Q(context.Background()).Model(&harvest.Outcome{}).Where("partnership_id = ?", w.fix.B.ID).Limit(1).Pluck("id", &bOutcome)
		// By filter: positive outcomes of round 1 (o1; o4 is excluded). B's outcome by hand
		// is refused, never silently dropped.
		if _, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: "Voorjaar", HeldAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			UseFilter: true, Filter: harvest.Filter{RoundID: 1, Sign: "positive"}, OutcomeIDs: []int64{bOutcome}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("B's outcome on A's agenda: %v", err)
		}
		m1, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: "Voorjaar", HeldAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
			UseFilter: true, Filter: harvest.Filter{RoundID: 1, Sign: "positive"}})
		if err != nil {
			t.Fatal(err)
		}
		mv, err := harvest.GetMeeting(ctx, d, w.sc["partner@a"], m1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(mv.Items) != 1 || mv.Items[0].ChangeText == "" || mv.Items[0].Sign != "positive" || mv.Items[0].RoundTitle != "Ronde 1" {
			t.Fatalf("agenda: %+v", mv.Items)
		}
		o1 := mv.Items[0].ID
		if err := harvest.SaveNote(ctx, d, sc, m1.ID, o1, " goed voorbeeld "); err != nil {
			t.Fatal(err)
		}
		if err := harvest.SaveNote(ctx, d, sc, m1.ID, bOutcome, "x"); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("note on an outcome not on the agenda: %v", err)
		}
		due := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		if _, err := harvest.AddAdjustment(ctx, d, sc, m1.ID, harvest.AdjustmentInput{Description: "Meer taalcoaching", OutcomeIDs: []int64{o1, bOutcome}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("adjustment linked to B's outcome: %v", err)
		}
		adj, err := harvest.AddAdjustment(ctx, d, sc, m1.ID, harvest.AdjustmentInput{Description: "Meer taalcoaching", Owner: "CVO", Block: "training", DueOn: &due, OutcomeIDs: []int64{o1}})
		if err != nil {
			t.Fatal(err)
		}
		if len(adj.OutcomeIDs) != 1 || adj.OutcomeIDs[0] != o1 {
			t.Errorf("adjustment linked to %v", adj.OutcomeIDs)
		}
		done, err := harvest.AddAdjustment(ctx, d, sc, m1.ID, harvest.AdjustmentInput{Description: "Opvang regelen"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SetAdjustmentStatus(ctx, d, w.sc["partner@a"], done.ID, "done", "geregeld", time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SetAdjustmentStatus(ctx, d, w.sc["mentor@a"], adj.ID, "done", "x", time.Now()); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor closes an adjustment: %v", err)
		}
		m2, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: "Zomer", HeldAt: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		mv2, err := harvest.GetMeeting(ctx, d, sc, m2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(mv2.OpenAdjustments) != 1 || mv2.OpenAdjustments[0].Description != "Meer taalcoaching" || len(mv2.Adjustments) != 0 || len(mv2.Items) != 0 {
			t.Errorf("next meeting opens with %+v / %+v", mv2.OpenAdjustments, mv2.Adjustments)
		}
		mv, _ = harvest.GetMeeting(ctx, d, sc, m1.ID)
		if len(mv.Adjustments) != 2 || len(mv.OpenAdjustments) != 0 || mv.Items[0].Notes != "goed voorbeeld" {
			t.Errorf("first meeting: %+v %+v notes %q", mv.Adjustments, mv.OpenAdjustments, mv.Items[0].Notes)
		}
		if _, err := harvest.GetMeeting(ctx, d, w.sc["coordinator@b"], m1.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B reads A's meeting: %v", err)
		}
		if _, err := harvest.GetMeeting(ctx, d, w.sc["mentor@a"], m1.ID); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor reads the meeting: %v", err)
		}
		list, _ := harvest.Meetings(ctx, d, w.sc["partner@a"])
		if len(list) != 2 || list[0].Title != "Zomer" || list[1].Outcomes != 1 {
			t.Errorf("meetings list: %+v", list)
		}
	})
}

func TestNeutralise(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"=1+1": "'=1+1", "+31": "'+31", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "gewoon": "gewoon", "": "", "a=b": "a=b"} {
		if got := harvest.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}
