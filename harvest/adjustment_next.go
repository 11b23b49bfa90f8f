package harvest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// AddAdjustmentToNextMeeting records an adjustment decided outside a meeting (a
// journal's programme change, say) in its partnership's next meeting: the earliest open
// one dated today or later, where the steering group then follows it up. Without such a
// meeting it says so (a conflict). tx may be a transaction the caller also writes in.
func AddAdjustmentToNextMeeting(ctx context.Context, tx *db.DB, sc people.Scope, partnershipID int64, in AdjustmentInput, today time.Time) (Adjustment, Meeting, error) {
	var m Meeting
	if !sc.Member(partnershipID) {
		return Adjustment{}, m, apperr.NotFound()
	}
	if !canReview(sc, partnershipID) {
		return Adjustment{}, m, apperr.Forbidden()
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	var next []Meeting
	if err := tx.Q(ctx).Where("partnership_id = ? AND closed_at IS NULL AND held_at >= ?", partnershipID, day).
		Order("held_at, id").Limit(1).Find(&next).Error; err != nil {
		return Adjustment{}, m, fmt.Errorf("harvest: next meeting of partnership %d: %w", partnershipID, err)
	}
	if len(next) == 0 {
		return Adjustment{}, m, apperr.New(apperr.KindConflict, "meeting2.error.no_next_meeting")
	}
	m = next[0]
	ids, owner, err := checkAdjustment(ctx, tx, partnershipID, in)
	if err != nil {
		return Adjustment{}, m, err
	}
	mid := m.ID
	a := Adjustment{PartnershipID: partnershipID, MeetingID: &mid, Description: strings.TrimSpace(in.Description),
		Owner: owner, OwnerOrganisationID: in.OwnerOrganisationID, Block: in.Block, DueOn: in.DueOn, Status: "open"}
	if err := tx.Q(ctx).Create(&a).Error; err != nil {
		return a, m, fmt.Errorf("harvest: create adjustment in meeting %d: %w", m.ID, err)
	}
	return a, m, linkAdjustment(ctx, tx, &a, ids)
}
