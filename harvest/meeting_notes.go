package harvest

import (
	"context"
	"fmt"
	"strings"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// SaveNoteOver stores notes on an agenda outcome only if they still read base (what the
// writer started from), or already read notes: two people typing notes on the same
// slide must not overwrite each other unseen. Otherwise it is a conflict, and Note
// gives the other text so the writer's page can merge.
func SaveNoteOver(ctx context.Context, d *db.DB, sc people.Scope, meetingID, outcomeID int64, notes, base string) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := openMeetingFor(ctx, tx, sc, meetingID); err != nil {
			return err
		}
		notes, base = strings.TrimSpace(notes), strings.TrimSpace(base)
		res := tx.Q(ctx).Model(&MeetingOutcome{}).
			Where("meeting_id = ? AND outcome_id = ? AND (notes = ? OR notes = ?)", meetingID, outcomeID, base, notes).
			Update("notes", notes)
		if res.Error != nil {
			return fmt.Errorf("harvest: save note: %w", res.Error)
		}
		if res.RowsAffected > 0 {
			return nil
		}
		if _, err := Note(ctx, tx, sc, meetingID, outcomeID); err != nil {
			return err
		}
		return apperr.New(apperr.KindConflict, "meeting2.error.note_conflict")
	})
}

// Note reads the notes on one agenda outcome.
func Note(ctx context.Context, d *db.DB, sc people.Scope, meetingID, outcomeID int64) (string, error) {
	if _, err := meetingFor(ctx, d, sc, meetingID); err != nil {
		return "", err
	}
	var mo MeetingOutcome
	err := d.Q(ctx).Where("meeting_id = ? AND outcome_id = ?", meetingID, outcomeID).Limit(1).Find(&mo).Error
	if err != nil {
		return "", fmt.Errorf("harvest: read note: %w", err)
	}
	if mo.MeetingID == 0 {
		return "", apperr.NotFound()
	}
	return mo.Notes, nil
}
