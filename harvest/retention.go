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
// aggregates keep their numbers; closed meetings' records lose the same words. Returns
// how many outcomes it changed.
func PurgeTextBefore(ctx context.Context, d *db.DB, cutoff time.Time) (int64, error) {
	var ids []int64
	var purged int64
	err := d.Q(ctx).Model(&Outcome{}).
		Where("source = ? AND submitted_at < ?", "reflection", cutoff.UTC()).
		Where("change_text <> '' OR significance_text <> '' OR contribution_text <> '' OR voice_attachment_ids <> ''").
		Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("harvest: retention: %w", err)
	}
	// In slices, so the IN lists stay small; closed meetings' records lose the same words.
	for len(ids) > 0 {
		n := min(len(ids), 500)
		chunk := ids[:n]
		ids = ids[n:]
		err := d.Tx(ctx, func(tx *db.DB) error {
			if err := tx.Q(ctx).Model(&Outcome{}).Where("id IN ?", chunk).
				Updates(map[string]any{"change_text": "", "significance_text": "", "contribution_text": "", "voice_attachment_ids": ""}).Error; err != nil {
				return err
			}
			return scrubSnapshots(ctx, tx, chunk)
		})
		if err != nil {
			return 0, fmt.Errorf("harvest: retention: %w", err)
		}
		purged += int64(n)
	}
	return purged, nil
}
