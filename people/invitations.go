package people

import (
	"context"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// InvitationTTL is how long a one-time link works.
const InvitationTTL = 72 * time.Hour

// CreateInvitation makes a one-time link for user uid to set a password: "invite" for
// an account without password, "reset" otherwise. A platform admin may do this for
// anyone; a coordinator only for a new account (no password yet) in a partnership they
// coordinate, so nobody can take over a colleague's account. Older unused links of the
// user stop working. It returns the raw secret, to be shown once.
func CreateInvitation(ctx context.Context, d *db.DB, sc Scope, uid int64, ip string, now time.Time) (string, error) {
	var u User
	err := d.Q(ctx).First(&u, uid).Error
	if err != nil {
		return "", fmt.Errorf("people: load user %d: %w", uid, err)
	}
	var pid *int64
	if !sc.IsAdmin {
		var ms []Membership
		if err := d.Q(ctx).Where("user_id = ?", uid).Find(&ms).Error; err != nil {
			return "", fmt.Errorf("people: memberships of %d: %w", uid, err)
		}
		for _, m := range ms {
			if sc.Allows(m.PartnershipID, RoleCoordinator) {
				p := m.PartnershipID
				pid = &p
			}
		}
		if pid == nil {
			return "", apperr.NotFound()
		}
		if u.PasswordHash != "" {
			return "", apperr.Forbidden()
		}
	}
	purpose := "invite"
	if u.PasswordHash != "" {
		purpose = "reset"
	}
	raw, hash, err := NewSecret()
	if err != nil {
		return "", err
	}
	err = d.Tx(ctx, func(tx *db.DB) error {
		if err := tx.Q(ctx).Where("user_id = ? AND used_at IS NULL", uid).Delete(&Invitation{}).Error; err != nil {
			return err
		}
		var by *int64
		if sc.UserID != 0 {
			id := sc.UserID
			by = &id
		}
		inv := Invitation{UserID: uid, TokenHash: hash, Purpose: purpose, CreatedBy: by, CreatedAt: now.UTC(), ExpiresAt: now.UTC().Add(InvitationTTL)}
		if err := tx.Q(ctx).Create(&inv).Error; err != nil {
			return err
		}
		return Audit(ctx, tx, AuditEntry{PartnershipID: pid, UserID: by, Action: AuditInvitationCreated,
			Detail: purpose + ": " + u.Email, IP: ip})
	})
	if err != nil {
		return "", fmt.Errorf("people: create invitation for %d: %w", uid, err)
	}
	return raw, nil
}

// InvitationUser returns the user a valid (unused, unexpired) link is for. A link of a
// deactivated account does not work (KindConflict, saying so): only an administrator
// gives an account back.
func InvitationUser(ctx context.Context, d *db.DB, raw string, now time.Time) (User, Invitation, error) {
	var inv Invitation
	err := d.Q(ctx).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", HashSecret(raw), now.UTC()).First(&inv).Error
	if db.IsNotFound(err) {
		return User{}, Invitation{}, apperr.New(apperr.KindNotFound, "people.invite.invalid")
	}
	if err != nil {
		return User{}, Invitation{}, fmt.Errorf("people: look up invitation: %w", err)
	}
	var u User
	if err := d.Q(ctx).First(&u, inv.UserID).Error; err != nil {
		return User{}, Invitation{}, apperr.New(apperr.KindNotFound, "people.invite.invalid")
	}
	if !u.Active {
		return User{}, Invitation{}, apperr.New(apperr.KindConflict, "auth.link_deactivated")
	}
	return u, inv, nil
}

// UseInvitation sets the password through a one-time link and spends the link. It
// never activates an account, and it ends the user's sessions but the one whose token
// hashes to keepSession (the browser using the link, if it is the user's own).
func UseInvitation(ctx context.Context, d *db.DB, raw, password, repeat, ip, keepSession string, now time.Time) (User, error) {
	u, inv, err := InvitationUser(ctx, d, raw, now)
	if err != nil {
		return User{}, err
	}
	if password != repeat {
		return User{}, apperr.Invalid{"repeat": apperr.Msg("people.error.repeat")}.Err()
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	err = d.Tx(ctx, func(tx *db.DB) error {
		// The used_at condition makes a second, simultaneous use update nothing.
		res := tx.Q(ctx).Model(&Invitation{}).Where("id = ? AND used_at IS NULL", inv.ID).Update("used_at", now.UTC())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.KindNotFound, "people.invite.invalid")
		}
		// active in the condition: a deactivation since the link was checked wins.
		res = tx.Q(ctx).Model(&User{}).Where("id = ? AND active = ?", u.ID, true).Update("password_hash", hash)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return apperr.New(apperr.KindConflict, "auth.link_deactivated")
		}
		txd := tx
		if err := EndSessions(ctx, txd, u.ID, keepSession); err != nil {
			return err
		}
		uid := u.ID
		return Audit(ctx, txd, AuditEntry{UserID: &uid, Action: AuditInvitationUsed, Detail: inv.Purpose, IP: ip})
	})
	if err != nil {
		return User{}, apperr.Wrapf(err, "people: use invitation")
	}
	return u, nil
}
