package harvest

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"oogst/db"
)

// The outcome rollup (migration 00050) holds the dashboard's counts. Triggers on
// outcomes, outcome_blocks and outcome_code_links append signed deltas for every change,
// so the numbers are exact at every commit; CompactRollup folds the deltas into
// outcome_rollup so the tables stay small. Readers always sum both. What each kind of
// row counts by is defined once, in rollupDimensions (rollup_dims.go).
const (
	kindOutcome     = "outcome"      // one row per outcome
	kindBlock       = "block"        // one row per building block named, with the sign (migration 00165)
	kindCode        = "code"         // one row per code given
	kindBarrier     = "barrier"      // one row per barrier named (migration 00160)
	kindCodeBlock   = "code_block"   // one row per (code, building block) pair (migration 00165)
	kindCodeBarrier = "code_barrier" // one row per (code, barrier) pair (migration 00166)
	kindActor       = "actor"        // one row per outcome, by social actor and sign (migration 00166)
)

// rollupSource is the FROM clause of a dashboard query: the folded counts and the deltas
// not yet folded, of one kind, for some partnerships, narrowed by the filter.
type rollupSource struct {
	from string
	args []any
}

func rollupOf(kind string, pids []int64, f AggregateFilter) rollupSource {
	if f.UntilMonth != "" && kind != kindOutcome {
		return linksUntil(kind, pids, f)
	}
	cond, args := f.narrow("partnership_id IN ? AND kind = ?", []any{pids, kind}, "round_id", "group_name")
	if f.UntilMonth != "" {
		cond += " AND month <= ?"
		args = append(args, f.UntilMonth)
	}
	return rollupSource{
		from: "(SELECT " + rollupColumns + " FROM outcome_rollup WHERE " + cond +
			" UNION ALL SELECT " + rollupColumns + " FROM outcome_rollup_delta WHERE " + cond + ") r",
		args: append(args, args...),
	}
}

// narrow adds the filter's round and group, where set, to a WHERE condition and its
// arguments; round and group are the columns (or expressions) they are compared with.
func (f AggregateFilter) narrow(cond string, args []any, round, group string) (string, []any) {
	if f.RoundID != 0 {
		cond += " AND " + round + " = ?"
		args = append(args, f.RoundID)
	}
	if f.Group != "" {
		cond += " AND " + group + " = ?"
		args = append(args, f.Group)
	}
	return cond, args
}

// query is SELECT sel FROM the source [WHERE where] [GROUP BY group, keeping only groups
// that still count] [ORDER BY order].
func (s rollupSource) query(q *gorm.DB, sel, where, group, order string) *gorm.DB {
	sql := "SELECT " + sel + " FROM " + s.from
	if where != "" {
		sql += " WHERE " + where
	}
	if group != "" {
		sql += " GROUP BY " + group + " HAVING SUM(n) <> 0"
	}
	if order != "" {
		sql += " ORDER BY " + order
	}
	return q.Raw(sql, s.args...)
}

// perRoundTitle sums per round, title and sign first, so a round whose outcomes were
// all moved away from an old title no longer shows that title.
func (s rollupSource) perRoundTitle() rollupSource {
	return rollupSource{
		from: "(SELECT round_id, round_title, sign, SUM(n) AS n, SUM(responses) AS responses, MIN(first_at) AS first_at FROM " + s.from +
			" WHERE round_id <> 0 GROUP BY round_id, round_title, sign HAVING SUM(n) <> 0) t",
		args: s.args,
	}
}

// compactBatch bounds one folding transaction.
const compactBatch = 50000

// CompactRollup folds the deltas into outcome_rollup and drops counts that fell to zero.
// It returns how many deltas it folded. Safe to run from several processes at once.
func CompactRollup(ctx context.Context, d *db.DB) (int64, error) {
	var total int64
	for {
		var n int64
		err := d.Tx(ctx, func(tx *db.DB) error {
			var err error
			var touched []int64
			if d.Dialect == db.Postgres {
				n, touched, err = compactPostgres(ctx, tx)
			} else {
				n, touched, err = compactSQLite(ctx, tx)
			}
			if err != nil || n == 0 {
				return err
			}
			if err := tx.Q(ctx).Exec("DELETE FROM outcome_rollup WHERE n = 0 AND responses = 0").Error; err != nil {
				return err
			}
			return rebuildSets(ctx, tx, touched)
		})
		if err != nil {
			return total, fmt.Errorf("harvest: compact rollup: %w", err)
		}
		total += n
		if n < compactBatch {
			return total, nil
		}
	}
}

// compactPostgres deletes and folds the deltas in one statement, so a delta committed
// by a submission meanwhile is either folded or left whole, never lost. The advisory
// lock keeps two processes from upserting the same rows in different orders.
// It also returns the partnerships whose outcome counts it folded.
func compactPostgres(ctx context.Context, tx *db.DB) (int64, []int64, error) {
	if err := tx.Q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext('oogst.outcome_rollup'))").Error; err != nil {
		return 0, nil, err
	}
	var folded []struct {
		PartnershipID int64
		Kind          string
		Deltas        int64
	}
	err := tx.Q(ctx).Raw(`WITH moved AS (
			DELETE FROM outcome_rollup_delta WHERE id IN (SELECT id FROM outcome_rollup_delta ORDER BY id LIMIT ?)
			RETURNING `+rollupKey+`, n, responses, first_at
		), summed AS (
			SELECT `+rollupKey+`, SUM(n) AS n, SUM(responses) AS responses, MIN(first_at) AS first_at, COUNT(*) AS deltas
			FROM moved GROUP BY `+rollupKey+`
		), folded AS (
			INSERT INTO outcome_rollup (`+rollupKey+`, n, responses, first_at)
			SELECT `+rollupKey+`, n, responses, first_at FROM summed
			ON CONFLICT (`+rollupKey+`) DO UPDATE SET n = outcome_rollup.n + EXCLUDED.n,
				responses = outcome_rollup.responses + EXCLUDED.responses,
				first_at = LEAST(outcome_rollup.first_at, EXCLUDED.first_at)
		)
		SELECT partnership_id, kind, SUM(deltas) AS deltas FROM summed GROUP BY partnership_id, kind`, compactBatch).Scan(&folded).Error
	var n int64
	var touched []int64
	for _, f := range folded {
		n += f.Deltas
		if f.Kind == kindOutcome {
			touched = append(touched, f.PartnershipID)
		}
	}
	return n, touched, err
}

// compactSQLite folds the deltas up to the highest id it saw; SQLite has one writer at a
// time and the transaction holds the write lock, so nothing slips in between.
func compactSQLite(ctx context.Context, tx *db.DB) (int64, []int64, error) {
	var upto, n int64
	if err := tx.Q(ctx).Raw("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM (SELECT id FROM outcome_rollup_delta ORDER BY id LIMIT ?)", compactBatch).Row().Scan(&upto, &n); err != nil {
		return 0, nil, err
	}
	if n == 0 {
		return 0, nil, nil
	}
	var touched []int64
	if err := tx.Q(ctx).Raw("SELECT DISTINCT partnership_id FROM outcome_rollup_delta WHERE id <= ? AND kind = ?", upto, kindOutcome).Scan(&touched).Error; err != nil {
		return 0, nil, err
	}
	err := tx.Q(ctx).Exec(`INSERT INTO outcome_rollup (`+rollupKey+`, n, responses, first_at)
		SELECT `+rollupKey+`, SUM(n), SUM(responses), MIN(first_at) FROM outcome_rollup_delta WHERE id <= ?
		GROUP BY `+rollupKey+`
		ON CONFLICT (`+rollupKey+`) DO UPDATE SET n = outcome_rollup.n + excluded.n,
			responses = outcome_rollup.responses + excluded.responses,
			first_at = COALESCE(MIN(outcome_rollup.first_at, excluded.first_at), outcome_rollup.first_at, excluded.first_at)`, upto).Error
	if err != nil {
		return 0, nil, err
	}
	return n, touched, tx.Q(ctx).Exec("DELETE FROM outcome_rollup_delta WHERE id <= ?", upto).Error
}
