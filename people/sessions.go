package people

import (
	"context"
	"fmt"

	"oogst/db"
)

// The sessions table belongs to the server's session store (keyed by the SHA-256 of
// the cookie's token, with the logged-in user's id); people only ends sessions when an
// account's access changes.

// EndSessions deletes user uid's sessions except the one whose token hashes to keep
// ("" keeps none): after a new password nobody who knew the old one stays logged in.
func EndSessions(ctx context.Context, d *db.DB, uid int64, keep string) error {
	if err := d.Q(ctx).Exec("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", uid, keep).Error; err != nil {
		return fmt.Errorf("people: end sessions of user %d: %w", uid, err)
	}
	return nil
}

// revokeAccess ends everything that lets user uid in without a password — sessions, API
// tokens and unused invitation or reset links — when the account is deactivated.
func revokeAccess(ctx context.Context, tx *db.DB, uid int64) error {
	if err := EndSessions(ctx, tx, uid, ""); err != nil {
		return err
	}
	if err := tx.Q(ctx).Where("user_id = ?", uid).Delete(&APIToken{}).Error; err != nil {
		return fmt.Errorf("people: delete tokens of user %d: %w", uid, err)
	}
	if err := tx.Q(ctx).Where("user_id = ? AND used_at IS NULL", uid).Delete(&Invitation{}).Error; err != nil {
		return fmt.Errorf("people: delete links of user %d: %w", uid, err)
	}
	return nil
}
