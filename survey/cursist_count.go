package survey

import (
	"context"
	"fmt"

	"oogst/db"
)

// ResponseCountOfCursist counts the responses of cursist cursistID (what an erasure
// will delete); the caller has checked that she is in its scope.
func ResponseCountOfCursist(ctx context.Context, d *db.DB, cursistID int64) (int, error) {
	var n int64
	if err := d.Q(ctx).Model(&Response{}).Where("cursist_id = ?", cursistID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("survey: count responses of cursist %d: %w", cursistID, err)
	}
	return int(n), nil
}
