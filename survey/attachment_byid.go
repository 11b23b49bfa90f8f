package survey

import (
	"context"
	"fmt"

	"oogst/db"
)

// AttachmentByID returns a voice answer by its id, for background work that already
// holds the id from an outcome (the transcription worker); it checks no caller.
func AttachmentByID(ctx context.Context, d *db.DB, id int64) (Attachment, error) {
	var a Attachment
	if err := d.Q(ctx).Where("id = ?", id).Take(&a).Error; err != nil {
		return a, fmt.Errorf("survey: attachment %d: %w", id, err)
	}
	return a, nil
}
