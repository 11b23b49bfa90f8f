package people

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"oogst/apperr"
	"oogst/db"
)

// NewAccount is an account made by the operator on the command line (the first admin
// of a fresh installation, or anyone after).
type NewAccount struct {
	Name     string
	Email    string
	Language string
	IsAdmin  bool
	// Password is empty for an account that gets a one-time set-password link instead.
	Password string
	// PartnershipID, when not 0, makes the account a member with Role (and GroupName
	// for a mentor).
	PartnershipID int64
	Role          string
	GroupName     string
}

// CreateAccount makes an active account under the same rules as the admin's form and
// the set-password page, and records it in the audit log with no acting user (the
// command line). Without a password it returns a one-time link secret, as an admin's
// invitation would; with one it returns "".
func CreateAccount(ctx context.Context, d *db.DB, in NewAccount, now time.Time) (User, string, error) {
	u := User{Name: strings.TrimSpace(in.Name), Email: NormalizeEmail(in.Email), PreferredLanguage: in.Language, IsAdmin: in.IsAdmin, Active: true}
	v := apperr.Invalid{}
	checkAccount(u, v)
	var m Membership
	if in.PartnershipID != 0 {
		var n int64
		if err := d.Q(ctx).Model(&Partnership{}).Where("id = ?", in.PartnershipID).Count(&n).Error; err != nil {
			return User{}, "", fmt.Errorf("people: check partnership %d: %w", in.PartnershipID, err)
		}
		if n == 0 {
			v.Add("partnership", "error.not_found")
		}
		var err error
		if m, err = membershipFromInput(ctx, d, in.PartnershipID, StaffInput{Role: in.Role, GroupName: in.GroupName}, v); err != nil {
			return User{}, "", err
		}
	}
	if in.Password != "" {
		hash, err := HashPassword(in.Password)
		if e, ok := apperr.As(err); ok {
			for f, msg := range e.Fields {
				v[f] = msg
			}
		} else if err != nil {
			return User{}, "", err
		}
		u.PasswordHash = hash
	}
	if err := v.Err(); err != nil {
		return User{}, "", err
	}
	var n int64
	if err := d.Q(ctx).Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
		return User{}, "", fmt.Errorf("people: check e-mail: %w", err)
	}
	if n > 0 {
		return User{}, "", apperr.Invalid{"email": apperr.Msg("people.error.email_taken")}.Err()
	}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Create(&u).Error; err != nil {
			return err
		}
		tdb := tx
		detail := fmt.Sprintf("%s admin=%t active=true (command line)", u.Email, u.IsAdmin)
		if err := Audit(ctx, tdb, AuditEntry{Action: AuditUserCreated, Detail: detail}); err != nil {
			return err
		}
		if in.PartnershipID == 0 {
			return nil
		}
		m.UserID, m.PartnershipID = u.ID, in.PartnershipID
		if err := tx.Q(ctx).Create(&m).Error; err != nil {
			return err
		}
		pid := in.PartnershipID
		return Audit(ctx, tdb, AuditEntry{PartnershipID: &pid, Action: AuditMemberAdded, Detail: fmt.Sprintf("%s: %s (command line)", u.Email, m.Role)})
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// Someone made the same account between the check and the insert.
		return User{}, "", apperr.Invalid{"email": apperr.Msg("people.error.email_taken")}.Err()
	}
	if err != nil {
		return User{}, "", fmt.Errorf("people: create account %s: %w", u.Email, err)
	}
	if u.PasswordHash != "" {
		return u, "", nil
	}
	raw, err := CreateInvitation(ctx, d, Scope{IsAdmin: true}, u.ID, "", now)
	if err != nil {
		return u, "", err
	}
	return u, raw, nil
}

// ActiveUserByEmail loads the active account with e-mail address email (any case); a
// missing one is apperr's not-found.
func ActiveUserByEmail(ctx context.Context, d *db.DB, email string) (User, error) {
	var u User
	if err := d.Q(ctx).Where("email = ? AND active = ?", NormalizeEmail(email), true).First(&u).Error; err != nil {
		return User{}, fmt.Errorf("people: user %s: %w", NormalizeEmail(email), err)
	}
	return u, nil
}
