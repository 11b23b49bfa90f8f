package survey

import (
	"context"
	"fmt"

	"oogst/db"
)

// PublishedVersion returns the number of form formID's newest published version (0 when
// it was never published), for pages that show it.
func PublishedVersion(ctx context.Context, d *db.DB, formID int64) (int, error) {
	var vs []int
	if err := d.Q(ctx).Model(&FormVersion{}).Where("form_id = ?", formID).Order("version DESC").Limit(1).Pluck("version", &vs).Error; err != nil {
		return 0, fmt.Errorf("survey: latest version of form %d: %w", formID, err)
	}
	if len(vs) == 0 {
		return 0, nil
	}
	return vs[0], nil
}
