package harvest

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"oogst/db"
)

// Reminder is one e-mail about an adjustment that is due: to its owner organisation's
// members in the partnership, or else the partnership's coordinators.
type Reminder struct {
	Adjustment  Adjustment
	Partnership string
	To          []Recipient
}

// Recipient is a person a reminder goes to, in their language.
type Recipient struct {
	Email, Name, Language string
}

// DueReminders lists open adjustments due on or before today that have had no reminder
// for their current due date. The job marks each one sent with MarkReminded, so a
// changed due date earns a new reminder and nothing is sent twice.
func DueReminders(ctx context.Context, d *db.DB, today time.Time) ([]Reminder, error) {
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	var list []Adjustment
	err := d.Q(ctx).Where("status = 'open' AND due_on IS NOT NULL AND due_on < ? AND (reminded_due IS NULL OR reminded_due <> due_on)", end).
		Order("due_on, id").Limit(500).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("harvest: due adjustments: %w", err)
	}
	out := make([]Reminder, 0, len(list))
	for _, a := range list {
		r := Reminder{Adjustment: a}
		if err := d.Q(ctx).Table("partnerships").Select("name").Where("id = ?", a.PartnershipID).Row().Scan(&r.Partnership); err != nil {
			return nil, fmt.Errorf("harvest: partnership of adjustment %d: %w", a.ID, err)
		}
		q := d.Q(ctx).Table("users u").Select("u.email, u.name, u.preferred_language AS language").
			Joins("JOIN memberships m ON m.user_id = u.id").Where("m.partnership_id = ? AND u.active", a.PartnershipID).Order("u.id")
		if a.OwnerOrganisationID != nil {
			if err := q.Session(&gorm.Session{}).Where("m.organisation_id = ? AND m.role IN ('coordinator','partner')", *a.OwnerOrganisationID).Scan(&r.To).Error; err != nil {
				return nil, fmt.Errorf("harvest: owners of adjustment %d: %w", a.ID, err)
			}
		}
		if len(r.To) == 0 {
			if err := q.Where("m.role = 'coordinator'").Scan(&r.To).Error; err != nil {
				return nil, fmt.Errorf("harvest: coordinators for adjustment %d: %w", a.ID, err)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// MarkReminded records that the reminder for the adjustment's current due date went out.
func MarkReminded(ctx context.Context, d *db.DB, a Adjustment) error {
	err := d.Q(ctx).Model(&Adjustment{}).Where("id = ?", a.ID).Update("reminded_due", a.DueOn).Error
	if err != nil {
		return fmt.Errorf("harvest: mark adjustment %d reminded: %w", a.ID, err)
	}
	return nil
}
