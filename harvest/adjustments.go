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

// AdjustmentInput is an adjustment as decided or edited.
type AdjustmentInput struct {
	Description, Owner, Block string
	// OwnerOrganisationID names a partner organisation of the partnership as owner
	// (instead of the free-text Owner).
	OwnerOrganisationID *int64
	DueOn               *time.Time
	OutcomeIDs          []int64
	// Seen is the Version the editor started from ("" skips the check): an edit made
	// meanwhile by someone else is a conflict, not silently overwritten.
	Seen string
}

// Version identifies an adjustment's last saved state for edit conflicts.
func (a Adjustment) Version() string { return a.UpdatedAt.UTC().Format(time.RFC3339Nano) }

// OwnerOption is a partner organisation that can own an adjustment.
type OwnerOption struct {
	ID   int64
	Name string
}

// AdjustmentOwners lists the partner organisations of a partnership.
func AdjustmentOwners(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) ([]OwnerOption, error) {
	var out []OwnerOption
	if !sc.Member(partnershipID) {
		return out, apperr.NotFound()
	}
	err := d.Q(ctx).Table("organisations o").Select("o.id, o.name").
		Joins("JOIN partnership_organisations po ON po.organisation_id = o.id").
		Where("po.partnership_id = ?", partnershipID).Order("o.name, o.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: adjustment owners of %d: %w", partnershipID, err)
	}
	return out, nil
}

// checkAdjustment validates an input against the partnership and returns the checked
// outcome ids and the owner's name.
func checkAdjustment(ctx context.Context, tx *db.DB, partnershipID int64, in AdjustmentInput) ([]int64, string, error) {
	v := apperr.Invalid{}
	if strings.TrimSpace(in.Description) == "" {
		v.Add("description", "harvest.error.description")
	}
	if in.Block != "" && !oneOf(in.Block, Blocks) {
		v.Add("block", "harvest.error.choice")
	}
	owner := strings.TrimSpace(in.Owner)
	if in.OwnerOrganisationID != nil {
		var name string
		err := tx.Q(ctx).Table("organisations o").Select("o.name").Joins("JOIN partnership_organisations po ON po.organisation_id = o.id").
			Where("po.partnership_id = ? AND o.id = ?", partnershipID, *in.OwnerOrganisationID).Row().Scan(&name)
		if err != nil {
			v.Add("owner", "harvest.error.choice")
		}
		owner = name
	}
	ids, err := checkOutcomeIDs(ctx, tx, "outcomes", partnershipID, in.OutcomeIDs)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
		for k, m := range e.Fields {
			v[k] = m
		}
	} else if err != nil {
		return nil, "", err
	}
	return ids, owner, v.Err()
}

func linkAdjustment(ctx context.Context, tx *db.DB, a *Adjustment, ids []int64) error {
	if err := tx.Q(ctx).Where("adjustment_id = ?", a.ID).Delete(&AdjustmentOutcome{}).Error; err != nil {
		return fmt.Errorf("harvest: unlink adjustment %d: %w", a.ID, err)
	}
	for _, id := range ids {
		if err := tx.Q(ctx).Create(&AdjustmentOutcome{AdjustmentID: a.ID, OutcomeID: id}).Error; err != nil {
			return fmt.Errorf("harvest: link adjustment: %w", err)
		}
	}
	a.OutcomeIDs = append([]int64{}, ids...)
	return nil
}

// AddAdjustment records an adjustment in an open meeting, linked to outcomes of its
// partnership (any number; an unknown one is refused).
func AddAdjustment(ctx context.Context, d *db.DB, sc people.Scope, meetingID int64, in AdjustmentInput) (Adjustment, error) {
	var a Adjustment
	err := d.Tx(ctx, func(tx *db.DB) error {
		m, err := openMeetingFor(ctx, tx, sc, meetingID)
		if err != nil {
			return err
		}
		mid := m.ID
		ids, owner, err := checkAdjustment(ctx, tx, m.PartnershipID, in)
		if err != nil {
			return err
		}
		a = Adjustment{PartnershipID: m.PartnershipID, MeetingID: &mid, Description: strings.TrimSpace(in.Description),
			Owner: owner, OwnerOrganisationID: in.OwnerOrganisationID, Block: in.Block, DueOn: in.DueOn, Status: "open"}
		if err := tx.Q(ctx).Create(&a).Error; err != nil {
			return fmt.Errorf("harvest: create adjustment: %w", err)
		}
		return linkAdjustment(ctx, tx, &a, ids)
	})
	return a, err
}

// GetAdjustment loads an adjustment the caller reviews.
func GetAdjustment(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Adjustment, error) {
	a, err := reviewable(ctx, d, sc, id, "adjustment", func(a Adjustment) int64 { return a.PartnershipID })
	if err != nil {
		return a, err
	}
	list := []Adjustment{a}
	if err := loadAdjustmentOutcomes(ctx, d, list); err != nil {
		return a, err
	}
	markOverdue(list, d.Now().Local())
	return list[0], nil
}

// UpdateAdjustment edits an adjustment: text, owner, block, due date and outcomes.
func UpdateAdjustment(ctx context.Context, d *db.DB, sc people.Scope, id int64, in AdjustmentInput) (Adjustment, error) {
	var a Adjustment
	err := d.Tx(ctx, func(tx *db.DB) error {
		var err error
		if a, err = GetAdjustment(ctx, tx, sc, id); err != nil {
			return err
		}
		if in.Seen != "" && in.Seen != a.Version() {
			return apperr.New(apperr.KindConflict, "meeting2.error.adjustment_conflict")
		}
		ids, owner, err := checkAdjustment(ctx, tx, a.PartnershipID, in)
		if err != nil {
			return err
		}
		a.Description, a.Owner, a.OwnerOrganisationID, a.Block, a.DueOn = strings.TrimSpace(in.Description), owner, in.OwnerOrganisationID, in.Block, in.DueOn
		a.UpdatedAt = tx.Now().UTC()
		if err := tx.Q(ctx).Model(&Adjustment{}).Where("id = ?", a.ID).Updates(map[string]any{"description": a.Description, "owner": a.Owner,
			"owner_organisation_id": a.OwnerOrganisationID, "block": a.Block, "due_on": a.DueOn, "updated_at": a.UpdatedAt}).Error; err != nil {
			return fmt.Errorf("harvest: update adjustment %d: %w", a.ID, err)
		}
		return linkAdjustment(ctx, tx, &a, ids)
	})
	return a, err
}

// SetAdjustmentStatus marks an adjustment done or dropped, with the result (required),
// or open again (which clears the result).
func SetAdjustmentStatus(ctx context.Context, d *db.DB, sc people.Scope, id int64, status, result string, on time.Time) (Adjustment, error) {
	a, err := GetAdjustment(ctx, d, sc, id)
	if err != nil {
		return a, err
	}
	v := apperr.Invalid{}
	result = strings.TrimSpace(result)
	if !oneOf(status, AdjustmentStatuses) {
		v.Add("status", "harvest.error.choice")
	} else if status != "open" && result == "" {
		v.Add("result", "meeting2.error.result")
	}
	if err := v.Err(); err != nil {
		return a, err
	}
	upd := map[string]any{"status": status, "updated_at": d.Now().UTC(), "result_note": "", "closed_on": nil}
	a.Status, a.ResultNote, a.ClosedOn = status, "", nil
	if status != "open" {
		day := time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, time.UTC)
		upd["result_note"], upd["closed_on"] = result, day
		a.ResultNote, a.ClosedOn = result, &day
	}
	if err := d.Q(ctx).Model(&Adjustment{}).Where("id = ?", a.ID).Updates(upd).Error; err != nil {
		return a, fmt.Errorf("harvest: adjustment status: %w", err)
	}
	return a, nil
}

// markOverdue flags open adjustments whose due date has passed.
func markOverdue(list []Adjustment, now time.Time) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for i := range list {
		list[i].Overdue = list[i].Status == "open" && list[i].DueOn != nil && list[i].DueOn.UTC().Before(today)
	}
}
