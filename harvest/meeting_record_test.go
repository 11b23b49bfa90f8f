package harvest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

func outcomesOf(t *testing.T, d *db.DB, pid int64) []int64 {
	t.Helper()
	var ids []int64
	if err := d.Q(context.Background()).Model(&harvest.Outcome{}).Where("partnership_id = ? AND status <> 'excluded'", pid).Order("id").Pluck("id", &ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

// seededOutcomes seeds the fixed outcomes (seedFixed) and returns the ids of A's and of
// B's (as outcomesOf): the material every meeting test starts from.
func seededOutcomes(t *testing.T, w *world) (a, b []int64) {
	t.Helper()
	seedFixed(t, w)
	return outcomesOf(t, w.d, w.fix.A.ID), outcomesOf(t, w.d, w.fix.B.ID)
}

func agendaIDs(t *testing.T, d *db.DB, w *world, mid int64) []int64 {
	t.Helper()
	mv, err := harvest.GetMeeting(context.Background(), d, w.sc["coordinator@a"], mid)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range mv.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

// TestMeetingAgendaIsEditable adds, reorders and removes agenda items; another
// partnership's outcome, junk and oversized lists are refused, and a closed meeting's
// agenda no longer changes.
func TestMeetingAgendaIsEditable(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a, b := seededOutcomes(t, w)
		sc := w.sc["coordinator@a"]
		m, err := harvest.CreateMeeting(ctx, d, sc, w.fix.Users["coordinator@a"].ID, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Mei", HeldAt: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC), OutcomeIDs: []int64{a[0]}})
		if err != nil {
			t.Fatal(err)
		}
		if err := harvest.AddAgendaItems(ctx, d, sc, m.ID, []int64{a[2], a[1], a[0]}); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(agendaIDs(t, d, w, m.ID)); got != fmt.Sprint([]int64{a[0], a[2], a[1]}) {
			t.Errorf("agenda after adding: %s", got)
		}
		if err := harvest.MoveAgendaItem(ctx, d, sc, m.ID, a[1], -1); err != nil {
			t.Fatal(err)
		}
		if err := harvest.RemoveAgendaItem(ctx, d, sc, m.ID, a[0]); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(agendaIDs(t, d, w, m.ID)); got != fmt.Sprint([]int64{a[1], a[2]}) {
			t.Errorf("agenda after moving and removing: %s", got)
		}
		err = harvest.AddAgendaItems(ctx, d, sc, m.ID, []int64{a[3], b[0]})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || !strings.Contains(fmt.Sprint(e.Fields["ids"].Data), fmt.Sprintf("#%d", b[0])) {
			t.Errorf("B's outcome on A's agenda: %v", err)
		}
		huge := make([]int64, 40000)
		for i := range huge {
			huge[i] = int64(i + 1)
		}
		if err := harvest.AddAgendaItems(ctx, d, sc, m.ID, huge); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("40,000 ids: %v", err)
		}
		if _, err := harvest.ParseIDList("ids", "12, 1x"); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("junk id accepted: %v", err)
		}
		if got := fmt.Sprint(agendaIDs(t, d, w, m.ID)); got != fmt.Sprint([]int64{a[1], a[2]}) {
			t.Errorf("a refused change changed the agenda: %s", got)
		}
		found, err := harvest.SearchAgendaCandidates(ctx, d, sc, m.ID, "komt op")
		if err != nil || len(found) != 1 || found[0].ChangeText != "komt op tijd" {
			t.Errorf("search by text: %+v %v", found, err)
		}
		if found, _ := harvest.SearchAgendaCandidates(ctx, d, sc, m.ID, fmt.Sprintf("#%d", b[0])); len(found) != 0 {
			t.Errorf("search finds B's outcome: %+v", found)
		}
		if _, err := harvest.SearchAgendaCandidates(ctx, d, w.sc["coordinator@b"], m.ID, "komt"); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B searches A's meeting: %v", err)
		}
		if _, err := harvest.CloseMeeting(ctx, d, sc, m.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := harvest.AddAgendaItems(ctx, d, sc, m.ID, []int64{a[3]}); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("agenda of a closed meeting changed: %v", err)
		}
		if err := harvest.SaveNote(ctx, d, sc, m.ID, a[1], "later"); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("note on a closed meeting: %v", err)
		}
	})
}

// TestClosedMeetingKeepsItsRecord closes a meeting, then closes its adjustment and
// recodes its outcome: the meeting's view (and charts) stay as they were, with the
// outcome marked as changed since.
func TestClosedMeetingKeepsItsRecord(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a, _ := seededOutcomes(t, w)
		sc, uid := w.as("coordinator@a")
		m, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "April", HeldAt: time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC), OutcomeIDs: []int64{a[0]}})
		if err != nil {
			t.Fatal(err)
		}
		if err := harvest.SaveNote(ctx, d, sc, m.ID, a[0], "sterk voorbeeld"); err != nil {
			t.Fatal(err)
		}
		adj, err := harvest.AddAdjustment(ctx, d, sc, m.ID, harvest.AdjustmentInput{Description: "Meer taalcoaching", OutcomeIDs: []int64{a[0], a[1]}})
		if err != nil {
			t.Fatal(err)
		}
		before, err := harvest.GetMeeting(ctx, d, sc, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		codesBefore := len(before.Items[0].Codes)
		charts, err := harvest.MeetingCharts(ctx, d, sc, before)
		if err != nil {
			t.Fatal(err)
		}
		// April meeting: March and April outcomes (5), not May's observation.
		if charts.Total != 5 {
			t.Errorf("April meeting counts %d outcomes, want 5", charts.Total)
		}
		for _, c := range charts.ByCode {
			if c.Key == "work_attitude" {
				t.Errorf("April meeting counts May's code: %+v", c)
			}
		}
		if _, err := harvest.CloseMeeting(ctx, d, sc, m.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.CloseMeeting(ctx, d, sc, m.ID, time.Now()); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("closed twice: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
		if _, err := harvest.SetAdjustmentStatus(ctx, d, sc, adj.ID, "done", "twee coaches extra", time.Now()); err != nil {
			t.Fatal(err)
		}
		wb := []int64{presetID(t, d, "well_being")}
		if _, err := harvest.Update(ctx, d, sc, uid, a[0], harvest.Change{CodeIDs: &wb, SummaryNL: ptr("Nieuwe samenvatting")}); err != nil {
			t.Fatal(err)
		}
		w.reflect(t, w.fix.A.ID, 90, 1, "Ronde 1", "Groep A", "positive", nil, time.Date(2026, 4, 25, 0, 0, 0, 0, time.UTC))
		after, err := harvest.GetMeeting(ctx, d, sc, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		it := after.Items[0]
		if it.SummaryNL != before.Items[0].SummaryNL || len(it.Codes) != codesBefore || it.Notes != "sterk voorbeeld" || !it.ChangedSince {
			t.Errorf("frozen item: summary %q codes %d notes %q changed %v", it.SummaryNL, len(it.Codes), it.Notes, it.ChangedSince)
		}
		if len(after.Adjustments) != 1 || after.Adjustments[0].Status != "open" || fmt.Sprint(after.Adjustments[0].OutcomeIDs) != fmt.Sprint([]int64{a[0], a[1]}) {
			t.Errorf("frozen adjustments: %+v", after.Adjustments)
		}
		frozen, err := harvest.MeetingCharts(ctx, d, sc, after)
		if err != nil {
			t.Fatal(err)
		}
		codeSums := func(ag harvest.Aggregates) string {
			var out []string
			for _, c := range ag.ByCode {
				out = append(out, fmt.Sprintf("%s=%s:%d/%d", c.Key, c.Code.NameNL, c.Positive, c.Total))
			}
			return strings.Join(out, " ")
		}
		if frozen.Total != 5 || codeSums(frozen) != codeSums(charts) {
			t.Errorf("frozen charts: total %d codes %s, want %s", frozen.Total, codeSums(frozen), codeSums(charts))
		}
		live, _ := harvest.GetAdjustment(ctx, d, sc, adj.ID)
		if live.Status != "done" || live.ResultNote != "twee coaches extra" || live.ClosedOn == nil {
			t.Errorf("live adjustment: %+v", live)
		}
	})
}

// TestAdjustmentsEditOwnerResultAndNextMeeting edits an adjustment (several outcomes,
// an owner organisation), refuses closing without a result, and finds the next meeting.
func TestAdjustmentsEditOwnerResultAndNextMeeting(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a, b := seededOutcomes(t, w)
		sc, uid := w.as("coordinator@a")
		var org, orgB int64
		if err := d.Q(context.Background()).Raw("INSERT INTO organisations (name, kind) VALUES ('CVO Gent', 'training_provider') RETURNING id").Scan(&org).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(context.Background()).Raw("INSERT INTO organisations (name, kind) VALUES ('Elders', 'other') RETURNING id").Scan(&orgB).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(context.Background()).Exec("INSERT INTO partnership_organisations (partnership_id, organisation_id) VALUES (?, ?), (?, ?)", w.fix.A.ID, org, w.fix.B.ID, orgB).Error; err != nil {
			t.Fatal(err)
		}
		today := time.Date(2026, 5, 10, 15, 0, 0, 0, time.UTC)
		if _, err := harvest.AddToNextMeeting(ctx, d, sc, a[0], today); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("next meeting without one: %v", err)
		}
		past, _ := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Voorbij", HeldAt: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
		later, _ := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Juni", HeldAt: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
		next, _ := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Vandaag", HeldAt: time.Date(2026, 5, 10, 0, 0, 0, 0, time.UTC)})
		got, err := harvest.AddToNextMeeting(ctx, d, sc, a[0], today)
		if err != nil || got.ID != next.ID {
			t.Errorf("next meeting = %d (%v), want %d (not %d or %d)", got.ID, err, next.ID, past.ID, later.ID)
		}
		if ids := agendaIDs(t, d, w, next.ID); fmt.Sprint(ids) != fmt.Sprint([]int64{a[0]}) {
			t.Errorf("next meeting's agenda: %v", ids)
		}
		if _, err := harvest.AddToNextMeeting(ctx, d, w.sc["coordinator@b"], a[0], today); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B adds A's outcome: %v", err)
		}

		adj, err := harvest.AddAdjustment(ctx, d, sc, next.ID, harvest.AdjustmentInput{Description: "Eerst", OutcomeIDs: []int64{a[0]}})
		if err != nil {
			t.Fatal(err)
		}
		due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
		if _, err := harvest.UpdateAdjustment(ctx, d, sc, adj.ID, harvest.AdjustmentInput{Description: "x", OwnerOrganisationID: &orgB}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("owner from another partnership: %v", err)
		}
		if _, err := harvest.UpdateAdjustment(ctx, d, sc, adj.ID, harvest.AdjustmentInput{Description: "x", OutcomeIDs: []int64{a[1], b[0]}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("link to B's outcome: %v", err)
		}
		upd, err := harvest.UpdateAdjustment(ctx, d, sc, adj.ID, harvest.AdjustmentInput{Description: "Taalcoaching op de werkvloer", OwnerOrganisationID: &org, DueOn: &due, Block: "training", OutcomeIDs: []int64{a[2], a[1], a[2]}})
		if err != nil {
			t.Fatal(err)
		}
		got2, err := harvest.GetAdjustment(ctx, d, w.sc["partner@a"], adj.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got2.Description != "Taalcoaching op de werkvloer" || got2.Owner != "CVO Gent" || got2.OwnerOrganisationID == nil || *got2.OwnerOrganisationID != org ||
			fmt.Sprint(got2.OutcomeIDs) != fmt.Sprint([]int64{a[1], a[2]}) || !got2.Overdue || upd.Block != "training" {
			t.Errorf("edited adjustment: %+v", got2)
		}
		if _, err := harvest.SetAdjustmentStatus(ctx, d, sc, adj.ID, "done", "  ", today); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("closed without a result: %v", err)
		}
		if _, err := harvest.GetAdjustment(ctx, d, w.sc["coordinator@b"], adj.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B reads A's adjustment: %v", err)
		}
		done, err := harvest.SetAdjustmentStatus(ctx, d, sc, adj.ID, "done", "Loopt sinds mei", today)
		if err != nil || done.ResultNote != "Loopt sinds mei" || done.ClosedOn.Format("2006-01-02") != "2026-05-10" {
			t.Errorf("closed: %+v %v", done, err)
		}
		if again, _ := harvest.GetAdjustment(ctx, d, sc, adj.ID); again.Overdue {
			t.Errorf("a done adjustment is overdue")
		}
	})
}

// TestRetentionReachesClosedMeetingRecords: when the retention period removes a
// cursist's words from an outcome, the record of a closed meeting that discussed it
// loses them too; the meeting's own notes and the reviewer's summary stay.
func TestRetentionReachesClosedMeetingRecords(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		o := w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", nil, time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
		if _, err := harvest.Update(ctx, d, sc, uid, o.ID, harvest.Change{SummaryNL: ptr("Praat met de ouders")}); err != nil {
			t.Fatal(err)
		}
		m, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Jan", HeldAt: time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC), OutcomeIDs: []int64{o.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := harvest.SaveNote(ctx, d, sc, m.ID, o.ID, "Mooi"); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.CloseMeeting(ctx, d, sc, m.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if mv, _ := harvest.GetMeeting(ctx, d, sc, m.ID); mv.Items[0].ChangeText == "" {
			t.Fatal("the record holds no text to begin with")
		}
		if n, err := harvest.PurgeTextBefore(ctx, d, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
			t.Fatalf("purged %d: %v", n, err)
		}
		mv, err := harvest.GetMeeting(ctx, d, sc, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		it := mv.Items[0]
		if it.ChangeText != "" || it.SignificanceText != "" || it.ContributionText != "" || len(it.Voices()) != 0 {
			t.Errorf("the closed record keeps the cursist's words: %+v", it.Outcome)
		}
		if it.Notes != "Mooi" || it.SummaryNL != "Praat met de ouders" {
			t.Errorf("the record lost its analysis: notes %q summary %q", it.Notes, it.SummaryNL)
		}
	})
}
