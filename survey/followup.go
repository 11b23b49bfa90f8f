package survey

import (
	"context"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// FollowUpInput schedules follow-up rounds of one group relative to the end of its
// training (e.g. 3 and 6 months after).
type FollowUpInput struct {
	PartnershipID int64
	FormID        int64
	GroupName     string
	// TrainingEnd sets (or moves) the group's end of training; nil keeps the one set.
	TrainingEnd *time.Time
	Months      []int
	// Title names the round for n months after the end (the staff's language).
	Title func(months int) string
	// OpenDays is how long each round takes answers (0: FollowUpOpenDays).
	OpenDays int
}

// FollowUpOpenDays is how long a follow-up round stays open by default: long enough
// for a reminder a week after the link went out, and a second look.
const FollowUpOpenDays = 42

// MaxFollowUpMonths bounds how far after the training a round may be scheduled.
const MaxFollowUpMonths = 36

// CreateFollowUps makes one round per month offset, opening at the group's end of
// training plus that many months, in one transaction (coordinators).
func CreateFollowUps(ctx context.Context, d *db.DB, sc people.Scope, in FollowUpInput, now time.Time) ([]Round, error) {
	if err := people.RequireCoordinator(sc, in.PartnershipID); err != nil {
		return nil, err
	}
	in.GroupName = strings.TrimSpace(in.GroupName)
	v := apperr.Invalid{}
	if in.GroupName == "" {
		v.Add("group", "error.required")
	}
	if len(in.Months) == 0 {
		v.Add("months", "reach.err.months")
	}
	for _, m := range in.Months {
		if m < 1 || m > MaxFollowUpMonths {
			v.Add("months", "reach.err.months")
		}
	}
	end := in.TrainingEnd
	if end == nil && in.GroupName != "" {
		got, ok, err := people.GroupTrainingEnd(ctx, d, in.PartnershipID, in.GroupName)
		if err != nil {
			return nil, err
		}
		if ok {
			end = &got
		} else {
			v.Add("training_end", "reach.err.training_end")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Title == nil {
		in.Title = func(m int) string { return fmt.Sprintf("%s +%d", in.GroupName, m) }
	}
	days := in.OpenDays
	if days <= 0 {
		days = FollowUpOpenDays
	}
	var out []Round
	err := d.Tx(ctx, func(tx *db.DB) error {
		if in.TrainingEnd != nil {
			if err := people.SetGroupTrainingEnd(ctx, tx, sc, in.PartnershipID, in.GroupName, *in.TrainingEnd); err != nil {
				return err
			}
		}
		for _, m := range in.Months {
			opens := end.AddDate(0, m, 0)
			closes := opens.AddDate(0, 0, days)
			r, err := CreateRound(ctx, tx, sc, RoundInput{PartnershipID: in.PartnershipID, FormID: in.FormID, Title: in.Title(m),
				GroupName: in.GroupName, OpensAt: opens, ClosesAt: &closes}, now)
			if err != nil {
				return err
			}
			months := m
			if err := tx.Q(ctx).Model(&Round{}).Where("id = ?", r.ID).Update("follow_up_months", months).Error; err != nil {
				return fmt.Errorf("survey: mark follow-up round %d: %w", r.ID, err)
			}
			r.FollowUpMonths = &months
			out = append(out, r)
		}
		return nil
	})
	return out, err
}
