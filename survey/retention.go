package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"oogst/db"
)

// PurgeResult counts what a retention run deleted.
type PurgeResult struct {
	Responses   int // responses whose free text and voice answers were removed
	Attachments int // voice answers deleted (rows and files)
	// Undeliverable: refused reflections reported by tablets, deleted (they hold free
	// text; one nobody decided on within the retention time is not kept longer).
	Undeliverable int
}

// PurgeBefore deletes the free text and voice answers of responses submitted before
// cutoff, and every voice answer uploaded before it (file and row). Choice answers stay,
// so counts and aggregates do not change. Safe to run from several processes at once.
func PurgeBefore(ctx context.Context, d *db.DB, dataDir string, cutoff time.Time, now time.Time) (PurgeResult, error) {
	var res PurgeResult
	var rows []Response
	if err := d.Q(ctx).Where("purged_at IS NULL AND submitted_at < ?", cutoff.UTC()).Order("id").Limit(5000).Find(&rows).Error; err != nil {
		return res, fmt.Errorf("survey: retention: find responses: %w", err)
	}
	defs := map[int64]Definition{}
	for _, r := range rows {
		def, ok := defs[r.FormVersionID]
		if !ok {
			var v FormVersion
			if err := d.Q(ctx).First(&v, r.FormVersionID).Error; err != nil {
				return res, fmt.Errorf("survey: retention: version %d: %w", r.FormVersionID, err)
			}
			var err error
			if def, err = ParseDefinition(v.Definition); err != nil {
				return res, err
			}
			defs[r.FormVersionID] = def
		}
		kept, err := withoutFreeText(def, r.Answers)
		if err != nil {
			return res, fmt.Errorf("survey: retention: response %d: %w", r.ID, err)
		}
		t := now.UTC()
		if err := d.Q(ctx).Model(&Response{}).Where("id = ? AND purged_at IS NULL", r.ID).
			Updates(map[string]any{"answers": kept, "purged_at": t}).Error; err != nil {
			return res, fmt.Errorf("survey: retention: response %d: %w", r.ID, err)
		}
		res.Responses++
	}
	var atts []Attachment
	if err := d.Q(ctx).Where("created_at < ?", cutoff.UTC()).Limit(5000).Find(&atts).Error; err != nil {
		return res, fmt.Errorf("survey: retention: find attachments: %w", err)
	}
	for _, a := range atts {
		// Row first: a file without a row is harmless, a row without its file is not.
		if err := d.Q(ctx).Delete(&Attachment{}, a.ID).Error; err != nil {
			return res, fmt.Errorf("survey: retention: attachment %d: %w", a.ID, err)
		}
		if err := os.Remove(filepath.Join(UploadsDir(dataDir), filepath.Base(a.FileName))); err != nil && !os.IsNotExist(err) {
			return res, fmt.Errorf("survey: retention: remove file of attachment %d: %w", a.ID, err)
		}
		res.Attachments++
	}
	del := d.Q(ctx).Where("created_at < ?", cutoff.UTC()).Delete(&Undeliverable{})
	if del.Error != nil {
		return res, fmt.Errorf("survey: retention: undeliverable: %w", del.Error)
	}
	res.Undeliverable = int(del.RowsAffected)
	return res, nil
}

// withoutFreeText keeps the answers of choice and scale questions only.
func withoutFreeText(def Definition, answers string) (string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(answers), &m); err != nil {
		return "", err
	}
	out := map[string]json.RawMessage{}
	for id, v := range m {
		q, ok := def.Question(id)
		if !ok {
			continue
		}
		switch q.Type {
		case SingleChoice, MultipleChoice, Sign, Scale:
			out[id] = v
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}
