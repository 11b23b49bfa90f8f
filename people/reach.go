package people

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Contact is a cursist's e-mail address. Cursists are pseudonymous by default: a row
// exists only with the consent recorded for it (who recorded it, when).
type Contact struct {
	CursistID         int64 `gorm:"primaryKey"`
	Email             string
	ConsentRecordedBy *int64
	ConsentRecordedAt time.Time
}

func (Contact) TableName() string { return "cursist_contacts" }

// SetContact stores a cursist's address (coordinators). consent must be true: the
// address is kept only when the cursist agreed, and the consent is recorded with it.
func SetContact(ctx context.Context, d *db.DB, sc Scope, pid, cid int64, email string, consent bool, now time.Time) error {
	if _, err := CursistByID(ctx, d, sc, pid, cid); err != nil {
		return err
	}
	v := apperr.Invalid{}
	email = strings.TrimSpace(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		v.Add("email", "reach.err.email")
	}
	if !consent {
		v.Add("email_consent", "reach.err.email_consent")
	}
	if err := v.Err(); err != nil {
		return err
	}
	uid := sc.UserID
	return d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Where("cursist_id = ?", cid).Delete(&Contact{}).Error; err != nil {
			return fmt.Errorf("people: set contact of cursist %d: %w", cid, err)
		}
		c := Contact{CursistID: cid, Email: email, ConsentRecordedBy: &uid, ConsentRecordedAt: now.UTC()}
		if err := tx.Q(ctx).Create(&c).Error; err != nil {
			return fmt.Errorf("people: set contact of cursist %d: %w", cid, err)
		}
		return nil
	})
}

// RemoveContact forgets a cursist's address (coordinators).
func RemoveContact(ctx context.Context, d *db.DB, sc Scope, pid, cid int64) error {
	if _, err := CursistByID(ctx, d, sc, pid, cid); err != nil {
		return err
	}
	if err := d.Q(ctx).Where("cursist_id = ?", cid).Delete(&Contact{}).Error; err != nil {
		return fmt.Errorf("people: remove contact of cursist %d: %w", cid, err)
	}
	return nil
}

// ContactOf returns a cursist's address, if one is kept (no scope: callers have
// already checked the cursist belongs to the caller's partnership).
func ContactOf(ctx context.Context, d *db.DB, cid int64) (Contact, bool, error) {
	var c Contact
	err := d.Q(ctx).Where("cursist_id = ?", cid).First(&c).Error
	if db.IsNotFound(err) {
		return Contact{}, false, nil
	}
	if err != nil {
		return Contact{}, false, fmt.Errorf("people: contact of cursist %d: %w", cid, err)
	}
	return c, true, nil
}

// ContactsOf returns the kept addresses of the given cursists (cursist id → contact).
func ContactsOf(ctx context.Context, d *db.DB, ids []int64) (map[int64]Contact, error) {
	out := map[int64]Contact{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Contact
	if err := d.Q(ctx).Where("cursist_id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("people: contacts: %w", err)
	}
	for _, c := range cs {
		out[c.CursistID] = c
	}
	return out, nil
}

// TrainingEnd is the day a group's training ended (or ends).
type TrainingEnd struct {
	PartnershipID int64  `gorm:"primaryKey"`
	GroupName     string `gorm:"primaryKey"`
	EndsOn        time.Time
	SetBy         *int64
}

func (TrainingEnd) TableName() string { return "group_training_ends" }

// GroupTrainingEnd returns the end of a group's training, if set.
func GroupTrainingEnd(ctx context.Context, d *db.DB, pid int64, group string) (time.Time, bool, error) {
	var e TrainingEnd
	err := d.Q(ctx).Where("partnership_id = ? AND group_name = ?", pid, group).First(&e).Error
	if db.IsNotFound(err) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("people: training end of %q: %w", group, err)
	}
	return e.EndsOn.UTC(), true, nil
}

// SetGroupTrainingEnd records (or moves) the end of a group's training (coordinators),
// in the caller's transaction.
func SetGroupTrainingEnd(ctx context.Context, d *db.DB, sc Scope, pid int64, group string, end time.Time) error {
	if err := RequireCoordinator(sc, pid); err != nil {
		return err
	}
	uid := sc.UserID
	if err := d.Q(ctx).Where("partnership_id = ? AND group_name = ?", pid, group).Delete(&TrainingEnd{}).Error; err != nil {
		return fmt.Errorf("people: set training end of %q: %w", group, err)
	}
	e := TrainingEnd{PartnershipID: pid, GroupName: group, EndsOn: end.UTC(), SetBy: &uid}
	if err := d.Q(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("people: set training end of %q: %w", group, err)
	}
	return nil
}

// GroupCursists lists every cursist of a group, whatever her status or activity: a
// follow-up round reaches those who paused, stopped or finished too. No scope check:
// the caller has loaded the round through the caller's scope.
func GroupCursists(ctx context.Context, d *db.DB, pid int64, group string) ([]Cursist, error) {
	var out []Cursist
	q := d.Q(ctx).Where("partnership_id = ?", pid)
	if group != "" {
		q = q.Where("group_name = ?", group)
	}
	if err := q.Order("code").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("people: cursists of group %q: %w", group, err)
	}
	return out, nil
}
