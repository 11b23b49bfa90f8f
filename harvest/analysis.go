package harvest

import (
	"context"
	"fmt"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// IntentCount counts outcomes of one intention and type of change ("" = not said).
type IntentCount struct {
	Intended   string
	ChangeType string
	Count      int64
}

// Intentions counts a partnership's outcomes (excluded ones do not count) by intention
// and type of change, for the analysis view. Reviewers set both fields by hand and the
// rollup does not carry them, so this is one GROUP BY on the partnership's outcomes,
// asked only by the analysis page, not by the dashboard or the API.
func IntentionCounts(ctx context.Context, d *db.DB, sc people.Scope, pid int64, f AggregateFilter) ([]IntentCount, error) {
	if !sc.Member(pid) {
		return nil, apperr.NotFound()
	}
	cond, args := f.narrow("partnership_id = ? AND status <> ?", []any{pid, StatusExcluded}, "round_id", "group_name")
	q := d.Q(ctx).Model(&Outcome{}).Where(cond, args...)
	var out []IntentCount
	err := q.Select("intended, change_type, COUNT(*) AS count").Group("intended, change_type").Order("intended, change_type").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: intentions of partnership %d: %w", pid, err)
	}
	return out, nil
}
