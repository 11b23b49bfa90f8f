package survey

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"oogst/db"
)

// PurgeOrphanAttachments deletes voice answers uploaded before cutoff that no response
// refers to (file and row): a tablet uploads a recording just before the reflection
// that names it, so one still alone after a day was abandoned, or uploaded only to
// take up space. A response names its recordings by client uuid inside its answers.
func PurgeOrphanAttachments(ctx context.Context, d *db.DB, dataDir string, cutoff time.Time) (int, error) {
	var atts []Attachment
	err := d.Q(ctx).Where("created_at < ?", cutoff.UTC()).
		Where(`NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.round_id = survey_attachments.round_id
			AND r.answers LIKE '%' || survey_attachments.client_id || '%')`).
		Order("id").Limit(5000).Find(&atts).Error
	if err != nil {
		return 0, fmt.Errorf("survey: orphan voice answers: %w", err)
	}
	n := 0
	for _, a := range atts {
		// The row goes only if a response did not name it in the meantime.
		res := d.Q(ctx).Exec(`DELETE FROM survey_attachments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM survey_responses r
			WHERE r.round_id = survey_attachments.round_id AND r.answers LIKE '%' || survey_attachments.client_id || '%')`, a.ID)
		if res.Error != nil {
			return n, fmt.Errorf("survey: orphan voice answer %d: %w", a.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			continue
		}
		if err := os.Remove(filepath.Join(UploadsDir(dataDir), filepath.Base(a.FileName))); err != nil && !os.IsNotExist(err) {
			return n, fmt.Errorf("survey: remove file of orphan voice answer %d: %w", a.ID, err)
		}
		n++
	}
	return n, nil
}
