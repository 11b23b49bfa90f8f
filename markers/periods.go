package markers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// DateLayout is how period days are typed and shown in forms.
const DateLayout = "2006-01-02"

// PeriodInput is a monitoring period as typed in a form.
type PeriodInput struct {
	PartnershipID    int64
	Label            string
	StartsOn, EndsOn string // YYYY-MM-DD
}

// Periods lists the monitoring periods the caller may see, oldest first; with
// partnershipID > 0 only that partnership's (NotFound outside the caller's reach).
func Periods(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) ([]Period, error) {
	return listReadable[Period](ctx, d, sc, partnershipID, "partnership_id, starts_on, id", "periods")
}

// GetPeriod returns one period the caller may see (d may be a transaction).
func GetPeriod(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Period, error) {
	return loadReadable[Period](ctx, d, sc, id, "period")
}

// validate parses the days and checks the period against the partnership's others:
// periods may touch but not overlap (both end days are included).
func (in *PeriodInput) validate(ctx context.Context, tx *db.DB, selfID int64) (start, end time.Time, err error) {
	in.Label = strings.TrimSpace(in.Label)
	v := apperr.Invalid{}
	if in.Label == "" {
		v.Add("label", "markers.error.label_required")
	} else if len([]rune(in.Label)) > maxName {
		v.Add("label", "markers.error.too_long", "Max", maxName)
	}
	start, e1 := time.ParseInLocation(DateLayout, strings.TrimSpace(in.StartsOn), time.UTC)
	if e1 != nil {
		v.Add("starts_on", "markers.error.date")
	}
	end, e2 := time.ParseInLocation(DateLayout, strings.TrimSpace(in.EndsOn), time.UTC)
	if e2 != nil {
		v.Add("ends_on", "markers.error.date")
	}
	if e1 == nil && e2 == nil {
		if end.Before(start) {
			v.Add("ends_on", "markers.error.end_before_start")
		} else {
			var others []Period
			if err := tx.Q(ctx).Where("partnership_id = ? AND id <> ?", in.PartnershipID, selfID).Order("starts_on").Find(&others).Error; err != nil {
				return start, end, fmt.Errorf("markers: load periods: %w", err)
			}
			for _, o := range others {
				if !o.StartsOn.After(end) && !o.EndsOn.Before(start) {
					v.Add("starts_on", "markers.error.overlap", "Label", o.Label,
						"Start", o.StartsOn.Format(DateLayout), "End", o.EndsOn.Format(DateLayout))
					break
				}
			}
		}
	}
	return start, end, v.Err()
}

// lockPartnership serialises period changes of one partnership on PostgreSQL, so two
// concurrent saves cannot both pass the overlap check. (SQLite has one writer anyway.)
func lockPartnership(ctx context.Context, tx *db.DB, pid int64) error {
	if tx.Dialect != db.Postgres {
		return nil
	}
	var p people.Partnership
	if err := tx.Q(ctx).Clauses(clause.Locking{Strength: "UPDATE"}).Select("id").First(&p, pid).Error; err != nil {
		return fmt.Errorf("markers: lock partnership %d: %w", pid, err)
	}
	return nil
}

// CreatePeriod adds a monitoring period (coordinators).
func CreatePeriod(ctx context.Context, d *db.DB, sc people.Scope, in PeriodInput) (Period, error) {
	var p Period
	if err := mayManage(sc, in.PartnershipID); err != nil {
		return p, err
	}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if err := lockPartnership(ctx, tx, in.PartnershipID); err != nil {
			return err
		}
		start, end, err := in.validate(ctx, tx, 0)
		if err != nil {
			return err
		}
		p = Period{PartnershipID: in.PartnershipID, Label: in.Label, StartsOn: start, EndsOn: end}
		if err := tx.Q(ctx).Create(&p).Error; err != nil {
			return fmt.Errorf("markers: create period: %w", err)
		}
		return nil
	})
	return p, err
}

// UpdatePeriod changes a period's label and days (coordinators).
func UpdatePeriod(ctx context.Context, d *db.DB, sc people.Scope, id int64, in PeriodInput) (Period, error) {
	return changeManaged(ctx, d, sc, id, GetPeriod, func(tx *db.DB, p *Period) error {
		if err := lockPartnership(ctx, tx, p.PartnershipID); err != nil {
			return err
		}
		in.PartnershipID = p.PartnershipID
		start, end, err := in.validate(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p.Label, p.StartsOn, p.EndsOn = in.Label, start, end
		if err := tx.Q(ctx).Save(p).Error; err != nil {
			return fmt.Errorf("markers: update period %d: %w", id, err)
		}
		return nil
	})
}
