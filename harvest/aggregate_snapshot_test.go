package harvest_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
)

// The dashboard's statements share one read snapshot: on PostgreSQL an outcome that
// commits between two of them is counted by none or by all.
func TestAggregateReadsOneSnapshot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", []string{"training"}, at)
		w.reflect(t, w.fix.A.ID, 2, 1, "Ronde 1", "Groep A", "negative", nil, at)

		var pools []gorm.ConnPool
		var isolation string
		writing, wrote := false, false
		hook := func(tx *gorm.DB) {
			if writing {
				return
			}
			pools = append(pools, tx.Statement.ConnPool)
			if len(pools) == 1 && d.Dialect == db.Postgres {
				row := tx.Statement.ConnPool.QueryRowContext(ctx, "SELECT current_setting('transaction_isolation')")
				if err := row.Scan(&isolation); err != nil {
					t.Errorf("isolation: %v", err)
				}
			}
			// A writer commits right after the first statement (the total). SQLite's
			// single connection is held by the snapshot, so the writer could only wait.
			if len(pools) == 2 && d.Dialect == db.Postgres {
				writing = true
				w.reflect(t, w.fix.A.ID, 3, 1, "Ronde 1", "Groep A", "positive", nil, at)
				writing, wrote = false, true
			}
		}
		if err := d.Callback().Query().Before("gorm:query").Register("test:snapshot", hook); err != nil {
			t.Fatal(err)
		}
		if err := d.Callback().Row().Before("gorm:row").Register("test:snapshot", hook); err != nil {
			t.Fatal(err)
		}
		a, err := harvest.Aggregate(ctx, d, w.sc["partner@a"], w.fix.A.ID, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pools) < 8 {
			t.Fatalf("%d statements seen", len(pools))
		}
		if _, ok := pools[0].(gorm.TxCommitter); !ok {
			t.Errorf("first statement ran on %T, not in a transaction", pools[0])
		}
		for i, p := range pools {
			if p != pools[0] {
				t.Errorf("statement %d ran on another handle (%T) than the first", i, p)
			}
		}
		if d.Dialect == db.Postgres {
			if isolation != "repeatable read" {
				t.Errorf("isolation %q, want repeatable read", isolation)
			}
			if !wrote {
				t.Fatal("the concurrent writer did not run")
			}
		}
		var signs, statuses int64
		for _, s := range a.BySign {
			signs += s.Count
		}
		for _, s := range a.ByStatus {
			statuses += s.Count
		}
		if a.Total != 2 || signs != a.Total || statuses != a.Total {
			t.Errorf("total %d, by sign %d, by status %d; want 2 each (the snapshot before the writer)", a.Total, signs, statuses)
		}
	})
}
