package harvest

import (
	"context"
	"fmt"

	"oogst/db"
)

// CleanSearchPending merges the search index's pending list into the index on
// PostgreSQL (migration 00180), so that no submission has to: the server's jobs call it
// every second. It returns how many pending pages it merged; SQLite's search table has
// no such list and it returns 0. Two processes may call it at once: the second waits
// for the first and finds little left.
func CleanSearchPending(ctx context.Context, d *db.DB) (int64, error) {
	if d.Dialect != db.Postgres {
		return 0, nil
	}
	var pages int64
	// to_regclass is NULL where an index is missing (no pg_trgm or btree_gin, migrations
	// 00121 and 00171), and gin_clean_pending_list of NULL is NULL.
	err := d.Q(ctx).Raw("SELECT COALESCE(gin_clean_pending_list(to_regclass('outcomes_search_scoped')), 0) + " +
		"COALESCE(gin_clean_pending_list(to_regclass('outcomes_search')), 0)").Scan(&pages).Error
	if err != nil {
		return 0, fmt.Errorf("harvest: clean the search index's pending list: %w", err)
	}
	return pages, nil
}
