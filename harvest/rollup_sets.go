package harvest

import (
	"context"

	"gorm.io/gorm"

	"oogst/db"
)

// The dashboard's outcome pass reads tens of thousands of rollup rows for a large
// partnership (round × group × month × sign × status), yet answers with about a
// hundred. outcome_rollup_sets (migration 00170) keeps the pass's sets per partnership,
// rebuilt from outcome_rollup by CompactRollup in the transaction that folds the
// partnership's deltas, so "sets + the pass over the pending deltas" is exactly "the
// pass over rollup + deltas": sums and minimums add up, and neither side drops a group
// before they are added. A dashboard narrowed to a round, group or month still reads
// the rollup (the sets do not keep those combinations).
//
// A new outcome set (outcomeSets) needs nothing more here: the rebuild and the reader
// use passSQL. A new rollup dimension of the outcome kind that a set groups by needs a
// column in outcome_rollup_sets and in setColumns, and a migration that rebuilds it.

// setColumns are outcome_rollup_sets' columns as the pass names them.
const setColumns = "set_id, sign, status, group_name, month, round_id, round_title, n, responses, first_at"

// usesSets reports whether the dashboard pass for f can read the per-partnership sets.
func usesSets(f AggregateFilter) bool {
	return f.RoundID == 0 && f.Group == "" && f.UntilMonth == ""
}

// setsPass is outcomePass for the partnerships pids with no narrowing: their sets plus
// the pass over their pending deltas, summed per group.
func setsPass(tx *gorm.DB, dialect db.Dialect, pids []int64) ([]passRow, error) {
	deltas, dargs := passSQL(dialect, rollupSource{
		from: "(SELECT " + rollupColumns + " FROM outcome_rollup_delta WHERE partnership_id IN ? AND kind = ?) r",
		args: []any{pids, kindOutcome},
	}, "", "")
	q := "SELECT set_id, sign, status, group_name, month, round_id, round_title, SUM(n) AS n, SUM(responses) AS responses, MIN(first_at) AS first_at FROM (" +
		"SELECT " + setColumns + " FROM outcome_rollup_sets WHERE partnership_id IN ? UNION ALL SELECT " + setColumns + " FROM (" + deltas + ") d" +
		") s GROUP BY set_id, sign, status, group_name, month, round_id, round_title HAVING SUM(n) <> 0" + passOrder
	var rows []passRow
	if err := tx.Raw(q, append([]any{pids}, dargs...)...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return rows, nil
}

// rebuildSets recomputes the sets of the partnerships pids from the folded rollup; it
// runs in the folding transaction, after the fold.
func rebuildSets(ctx context.Context, tx *db.DB, pids []int64) error {
	if len(pids) == 0 {
		return nil
	}
	if err := tx.Q(ctx).Exec("DELETE FROM outcome_rollup_sets WHERE partnership_id IN ?", pids).Error; err != nil {
		return err
	}
	q, args := passSQL(tx.Dialect, rollupSource{
		from: "(SELECT " + rollupColumns + " FROM outcome_rollup WHERE partnership_id IN ? AND kind = ?) r",
		args: []any{pids, kindOutcome},
	}, "partnership_id, ", "")
	return tx.Q(ctx).Exec("INSERT INTO outcome_rollup_sets (partnership_id, "+setColumns+") "+q, args...).Error
}
