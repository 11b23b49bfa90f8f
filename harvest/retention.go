package harvest

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
)

// PurgeTextBefore deletes the cursists' own words from outcomes harvested before cutoff
// (the original texts and voice answer links), as the retention period requires. The
// reviewer's Dutch summary, codes, sign and blocks stay: they are the analysis, and the
// aggregates keep their numbers. Returns how many outcomes it changed.
func PurgeTextBefore(ctx context.Context, d *db.DB, cutoff time.Time) (int64, error) {
	res := d.WithContext(ctx).Model(&Outcome{}).
		Where("source = ? AND submitted_at < ?", "reflection", cutoff.UTC()).
		Where("change_text <> '' OR significance_text <> '' OR contribution_text <> '' OR voice_attachment_ids <> ''").
		Updates(map[string]any{"change_text": "", "significance_text": "", "contribution_text": "", "voice_attachment_ids": ""})
	if res.Error != nil {
		return 0, fmt.Errorf("harvest: retention: %w", res.Error)
	}
	return res.RowsAffected, nil
}
