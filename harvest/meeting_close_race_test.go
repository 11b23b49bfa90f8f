package harvest_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"oogst/db/dbtest"
	"oogst/harvest"
)

// Closing a meeting and adding to its agenda never interleave: whichever goes first,
// the frozen record lists exactly the agenda the meeting ends with. The closing is
// started while the addition is between its open-meeting check and its insert.
// PostgreSQL only: SQLite has one connection, so nothing can run in between there.
func TestMeetingCloseAndAgendaChangeDoNotInterleave(t *testing.T) {
	t.Parallel()
	d := dbtest.Postgres(t)
	ctx := context.Background()
	w := newWorld(t, d)
	a, _ := seededOutcomes(t, w)
	sc := w.sc["coordinator@a"]
	m, err := harvest.CreateMeeting(ctx, d, sc, w.fix.Users["coordinator@a"].ID, harvest.MeetingInput{PartnershipID: w.fix.A.ID, Title: "Juni",
		HeldAt: time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC), OutcomeIDs: []int64{a[0]}})
	if err != nil {
		t.Fatal(err)
	}
	var armed, fired atomic.Bool
	closed := make(chan error, 1)
	hook := func(g *gorm.DB) {
		// The addition's first look at the outcomes comes after its meeting check.
		if !armed.Load() || g.Statement.Table != "outcomes" || !fired.CompareAndSwap(false, true) {
			return
		}
		go func() {
			_, err := harvest.CloseMeeting(ctx, d, sc, m.ID, time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC))
			closed <- err
		}()
		select { // give the closing every chance to finish first
		case err := <-closed:
			closed <- err
		case <-time.After(500 * time.Millisecond):
		}
	}
	if err := d.Q(ctx).Callback().Query().Before("gorm:query").Register("test:close_race", hook); err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	addErr := harvest.AddAgendaItems(ctx, d, sc, m.ID, []int64{a[1]})
	armed.Store(false)
	if !fired.Load() {
		t.Fatal("the closing was never started")
	}
	if err := <-closed; err != nil {
		t.Fatalf("close: %v", err)
	}
	var agenda []int64
	if err := d.Q(ctx).Model(&harvest.MeetingOutcome{}).Where("meeting_id = ?", m.ID).Order("position, outcome_id").Pluck("outcome_id", &agenda).Error; err != nil {
		t.Fatal(err)
	}
	mv, err := harvest.GetMeeting(ctx, d, sc, m.ID)
	if err != nil || !mv.Frozen {
		t.Fatalf("closed meeting: frozen=%v %v", mv.Frozen, err)
	}
	var record []int64
	for _, it := range mv.Items {
		record = append(record, it.ID)
	}
	if fmt.Sprint(record) != fmt.Sprint(agenda) {
		t.Errorf("frozen record lists %v, the agenda is %v (addition: %v)", record, agenda, addErr)
	}
}
