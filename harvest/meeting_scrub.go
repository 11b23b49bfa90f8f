package harvest

import (
	"context"
	"encoding/json"
	"fmt"

	"oogst/db"
)

// scrubSnapshots removes the cursists' own words of the given outcomes from closed
// meetings' records, as retention and anonymisation remove them from the outcomes: a
// frozen report keeps what was discussed, never personal data past its time.
func scrubSnapshots(ctx context.Context, tx *db.DB, outcomeIDs []int64) error {
	if len(outcomeIDs) == 0 {
		return nil
	}
	var ms []Meeting
	err := tx.Q(ctx).Where("closed_at IS NOT NULL AND id IN (?)",
		tx.Q(ctx).Model(&MeetingOutcome{}).Select("meeting_id").Where("outcome_id IN ?", outcomeIDs)).Find(&ms).Error
	if err != nil {
		return fmt.Errorf("harvest: meetings to scrub: %w", err)
	}
	gone := map[int64]bool{}
	for _, id := range outcomeIDs {
		gone[id] = true
	}
	for _, m := range ms {
		var s snapshot
		if err := json.Unmarshal([]byte(m.Snapshot), &s); err != nil {
			return fmt.Errorf("harvest: read snapshot of meeting %d: %w", m.ID, err)
		}
		for i := range s.View.Items {
			it := &s.View.Items[i]
			if gone[it.ID] {
				it.ChangeText, it.SignificanceText, it.ContributionText, it.VoiceAttachmentIDs, it.CursistID = "", "", "", "", nil
			}
		}
		raw, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("harvest: snapshot of meeting %d: %w", m.ID, err)
		}
		if err := tx.Q(ctx).Model(&Meeting{}).Where("id = ?", m.ID).Update("snapshot", string(raw)).Error; err != nil {
			return fmt.Errorf("harvest: scrub meeting %d: %w", m.ID, err)
		}
	}
	return nil
}
