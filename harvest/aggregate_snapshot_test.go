package harvest_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/harvest"
)

// statementWatch records the handle of every statement run on d and, on PostgreSQL,
// the isolation of the first one's transaction; after the second statement it lets a
// writer commit an outcome (SQLite's single connection is held by the snapshot, so
// there the writer could only wait, and the handle check has to do).
type statementWatch struct {
	pools     []gorm.ConnPool
	isolation string
	wrote     bool
}

func watchStatements(t *testing.T, d *db.DB, write func()) *statementWatch {
	t.Helper()
	sw := &statementWatch{}
	writing := false
	hook := func(tx *gorm.DB) {
		if writing {
			return
		}
		sw.pools = append(sw.pools, tx.Statement.ConnPool)
		if d.Dialect != db.Postgres {
			return
		}
		switch len(sw.pools) {
		case 1:
			row := tx.Statement.ConnPool.QueryRowContext(context.Background(), "SELECT current_setting('transaction_isolation')")
			if err := row.Scan(&sw.isolation); err != nil {
				t.Errorf("isolation: %v", err)
			}
		case 2:
			writing = true
			write()
			writing, sw.wrote = false, true
		}
	}
	for _, err := range []error{
		d.Q(context.Background()).Callback().Query().Before("gorm:query").Register("test:snapshot", hook),
		d.Q(context.Background()).Callback().Row().Before("gorm:row").Register("test:snapshot", hook),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return sw
}

// check reports statements that ran outside one transaction, or not under REPEATABLE
// READ on PostgreSQL.
func (sw *statementWatch) check(t *testing.T, d *db.DB, atLeast int) {
	t.Helper()
	if len(sw.pools) < atLeast {
		t.Fatalf("%d statements seen, want at least %d", len(sw.pools), atLeast)
	}
	if _, ok := sw.pools[0].(gorm.TxCommitter); !ok {
		t.Errorf("first statement ran on %T, not in a transaction", sw.pools[0])
	}
	for i, p := range sw.pools {
		if p != sw.pools[0] {
			t.Errorf("statement %d ran on another handle (%T) than the first", i, p)
		}
	}
	if d.Dialect == db.Postgres {
		if sw.isolation != "repeatable read" {
			t.Errorf("isolation %q, want repeatable read", sw.isolation)
		}
		if !sw.wrote {
			t.Fatal("the concurrent writer did not run")
		}
	}
}

// The dashboard's statements share one read snapshot: an outcome that commits between
// two of them is counted by none or by all.
func TestAggregateReadsOneSnapshot(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", []string{"training"}, at)
		w.reflect(t, w.fix.A.ID, 2, 1, "Ronde 1", "Groep A", "negative", nil, at)
		sw := watchStatements(t, d, func() { w.reflect(t, w.fix.A.ID, 3, 1, "Ronde 1", "Groep A", "positive", nil, at) })
		a, err := harvest.Aggregate(ctx, d, w.sc["partner@a"], w.fix.A.ID, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		sw.check(t, d, 4) // one grouped pass per rollup kind, the codes and the invitations
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

// The cross-partnership view reads one snapshot too.
func TestCompareReadsOneSnapshot(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", nil, at)
		w.reflect(t, w.fix.A.ID, 2, 1, "Ronde 1", "Groep A", "negative", nil, at)
		sw := watchStatements(t, d, func() { w.reflect(t, w.fix.A.ID, 3, 1, "Ronde 1", "Groep A", "positive", nil, at) })
		cmp, err := harvest.Compare(ctx, d, w.sc["partner@a"])
		if err != nil {
			t.Fatal(err)
		}
		sw.check(t, d, 5)
		if len(cmp.Partnerships) != 1 {
			t.Fatalf("partnerships %+v", cmp.Partnerships)
		}
		p := cmp.Partnerships[0]
		var statuses int64
		for _, n := range p.Statuses {
			statuses += n
		}
		if p.Total != 2 || statuses != p.Total {
			t.Errorf("total %d, by status %d; want 2 each (the snapshot before the writer)", p.Total, statuses)
		}
	})
}
