package harvest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
)

// TestUpdateVersionCheck: a save based on an older version is refused as stale and
// changes nothing; of concurrent saves from the same version exactly one wins.
func TestUpdateVersionCheck(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		o := w.reflect(t, w.fix.A.ID, 301, 1, "Ronde 1", "Groep A", "positive", nil, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		if o.Version != 1 {
			t.Fatalf("new outcome version = %d, want 1", o.Version)
		}
		up, err := harvest.Update(ctx, d, sc, uid, o.ID, harvest.Change{SummaryNL: ptr("eerste"), Version: ptr(int64(1))})
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.SummaryNL != "eerste" {
			t.Fatalf("after save: version %d summary %q", up.Version, up.SummaryNL)
		}
		// A tab still at version 1 saves: refused, nothing changed.
		_, err = harvest.Update(ctx, d, sc, uid, o.ID, harvest.Change{SummaryNL: ptr("oud tabblad"), ChangeType: ptr("policy"), Version: ptr(int64(1))})
		if !apperr.IsStale(err) || !apperr.Is(err, apperr.KindConflict) {
			t.Fatalf("stale save: %v, want a stale conflict", err)
		}
		got, err := harvest.Get(ctx, d, sc, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.SummaryNL != "eerste" || got.ChangeType != "" {
			t.Fatalf("stale save changed the outcome: version %d summary %q type %q", got.Version, got.SummaryNL, got.ChangeType)
		}

		// Four saves from version 2 at once, each with codes: exactly one wins.
		const n = 4
		codes := []int64{presetID(t, d, "self_confidence")}
		won := dbtest.OneWins(t, n, func(i int) error {
			_, err := harvest.Update(ctx, d, sc, uid, o.ID, harvest.Change{SummaryNL: ptr(fmt.Sprintf("tab %d", i)), CodeIDs: &codes, Version: ptr(int64(2))})
			return err
		})
		got, err = harvest.Get(ctx, d, sc, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 3 || got.SummaryNL != fmt.Sprintf("tab %d", won) || len(got.Codes) != 1 {
			t.Fatalf("after the race: version %d summary %q codes %d, want 3, tab %d, 1", got.Version, got.SummaryNL, len(got.Codes), won)
		}
	})
}
