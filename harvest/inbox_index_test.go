package harvest_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// inboxPage1 is the inbox's first page as harvest.List asks for it for a coordinator of
// one partnership (visible() scopes by partnership_id IN the reviewer's partnerships).
const inboxPage1 = "SELECT * FROM outcomes WHERE outcomes.partnership_id IN ($1) " +
	"ORDER BY outcomes.submitted_at DESC, outcomes.id DESC LIMIT 50"

// TestInboxFirstPageUsesAnIndexInItsOrder: the inbox's first page reads outcomes in
// index order instead of sorting every outcome of the partnership.
func TestInboxFirstPageUsesAnIndexInItsOrder(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var pids [2]int64
		for i := range pids {
			p := people.Partnership{Name: "P" + string(rune('A'+i)), Languages: "nl"}
			if err := d.Q(context.Background()).Create(&p).Error; err != nil {
				t.Fatal(err)
			}
			pids[i] = p.ID
		}
		seed := "INSERT INTO outcomes (partnership_id, change_text, submitted_at) " +
			"SELECT CASE WHEN g % 2 = 0 THEN $1::bigint ELSE $2::bigint END, 'x', $3::timestamptz + g * interval '1 minute' FROM generate_series(1, 4000) AS g"
		start := "2026-01-01 00:00:00"
		if d.Dialect == db.SQLite {
			seed = "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 4000) " +
				"INSERT INTO outcomes (partnership_id, change_text, submitted_at) " +
				"SELECT CASE WHEN n % 2 = 0 THEN $1 ELSE $2 END, 'x', datetime($3, '+' || n || ' minutes') FROM g"
		}
		if _, err := d.SQL().ExecContext(ctx, seed, pids[0], pids[1], start); err != nil {
			t.Fatal(err)
		}
		plan := explain(t, ctx, d, pids[0])
		t.Logf("%s plan:\n%s", d.Dialect, plan)
		if d.Dialect == db.Postgres {
			if strings.Contains(plan, "Sort") || !strings.Contains(plan, "outcomes_inbox_order") {
				t.Errorf("page 1 of the inbox is not read in index order:\n%s", plan)
			}
		} else if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "outcomes_inbox_order") {
			t.Errorf("page 1 of the inbox is not read in index order:\n%s", plan)
		}
	})
}

func explain(t *testing.T, ctx context.Context, d *db.DB, pid int64) string {
	t.Helper()
	tx, err := d.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	q := "EXPLAIN QUERY PLAN " + inboxPage1
	if d.Dialect == db.Postgres {
		// With a few thousand rows a sequential scan can look as cheap as anything;
		// forbid it so the choice is between the indexes (and a sort), as at scale.
		if _, err := tx.ExecContext(ctx, "ANALYZE outcomes"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
		q = "EXPLAIN " + inboxPage1
	}
	rows, err := tx.QueryContext(ctx, q, pid)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, vals[len(vals)-1].String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}
