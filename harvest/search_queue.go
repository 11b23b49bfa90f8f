package harvest

import (
	"context"
	"fmt"

	"oogst/db"
)

// searchQueueBatch bounds one pass of the search job, so that a backlog (a bulk import,
// a restore) is indexed in steps of a few seconds' work rather than one long
// transaction.
const searchQueueBatch = 5000

// IndexSearchQueue moves queued outcomes (new, or changed since they were indexed) into
// the search documents on PostgreSQL (migration 00181), then merges the search index's
// pending list, so that neither happens inside a submission: the server's jobs call it
// every second. It returns how many outcomes it indexed. Until then a search reads a
// queued outcome's live texts, so a new outcome is found at once either way. SQLite
// indexes in its own triggers and returns 0. Two processes may call it at once: each
// takes queued outcomes the other has not locked.
func IndexSearchQueue(ctx context.Context, d *db.DB) (int, error) {
	if d.Dialect != db.Postgres {
		return 0, nil
	}
	total := 0
	for {
		var n int64
		err := d.Tx(ctx, func(tx *db.DB) error {
			res := tx.Q(ctx).Exec(`WITH taken AS (
	DELETE FROM outcome_search_queue WHERE outcome_id IN (
		SELECT outcome_id FROM outcome_search_queue ORDER BY outcome_id LIMIT ? FOR UPDATE SKIP LOCKED)
	RETURNING outcome_id)
INSERT INTO outcome_search_docs (outcome_id, partnership_id, status, sign, language, doc)
SELECT o.id, o.partnership_id, o.status, o.sign, o.language,
	oogst_search_doc(o.change_text, o.significance_text, o.contribution_text, o.summary_nl)
FROM taken JOIN outcomes o ON o.id = taken.outcome_id
ON CONFLICT (outcome_id) DO UPDATE SET partnership_id = EXCLUDED.partnership_id, status = EXCLUDED.status,
	sign = EXCLUDED.sign, language = EXCLUDED.language, doc = EXCLUDED.doc`, searchQueueBatch)
			n = res.RowsAffected
			return res.Error
		})
		if err != nil {
			return total, fmt.Errorf("harvest: index %d queued outcomes for search: %w", searchQueueBatch, err)
		}
		total += int(n)
		if n < searchQueueBatch/2 {
			break
		}
	}
	// to_regclass is NULL where the index is missing (no pg_trgm), and
	// gin_clean_pending_list of NULL is NULL.
	if total > 0 {
		if err := d.Q(ctx).Exec("SELECT gin_clean_pending_list(to_regclass('outcome_search_docs_trgm'))").Error; err != nil {
			return total, fmt.Errorf("harvest: merge the search index's pending list: %w", err)
		}
	}
	return total, nil
}
