package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"oogst/db"
)

// The sessions table holds the server's login sessions, keyed by the SHA-256 of the
// cookie's token (so neither the table nor a backup holds anything that logs anyone
// in) and carrying the logged-in user's id, so that people can end an account's
// sessions when its access changes. The server's session store (scs) keeps its rules
// about what to write; the SQL lives here, with the table's owner.

// FindSession returns the data and expiry of the unexpired session with token; ok is
// false when there is none.
func FindSession(ctx context.Context, d *db.DB, token string, now time.Time) (data []byte, expiry time.Time, ok bool, err error) {
	err = d.SQL().QueryRowContext(ctx, "SELECT data, expiry FROM sessions WHERE token_hash = $1 AND expiry > $2", HashSecret(token), now.UTC()).Scan(&data, &expiry)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("people: find session: %w", err)
	}
	return data, expiry, true, nil
}

// UpdateSession rewrites the session with token only if it still exists for user uid:
// a session ended meanwhile (deactivation, new password) stays ended.
func UpdateSession(ctx context.Context, d *db.DB, token string, uid int64, data []byte, expiry time.Time) error {
	if _, err := d.SQL().ExecContext(ctx, "UPDATE sessions SET data = $1, expiry = $2 WHERE token_hash = $3 AND user_id = $4",
		data, expiry.UTC(), HashSecret(token), uid); err != nil {
		return fmt.Errorf("people: update session: %w", err)
	}
	return nil
}

// SaveSession inserts or replaces the session with token (uid nil: nobody logged in).
func SaveSession(ctx context.Context, d *db.DB, token string, uid *int64, data []byte, expiry time.Time) error {
	_, err := d.SQL().ExecContext(ctx,
		"INSERT INTO sessions (token_hash, user_id, data, expiry) VALUES ($1, $2, $3, $4) "+
			"ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expiry = excluded.expiry",
		HashSecret(token), uid, data, expiry.UTC())
	if err != nil {
		return fmt.Errorf("people: save session: %w", err)
	}
	return nil
}

// DeleteSession ends the session with token.
func DeleteSession(ctx context.Context, d *db.DB, token string) error {
	if _, err := d.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", HashSecret(token)); err != nil {
		return fmt.Errorf("people: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions that expired before now (housekeeping).
func DeleteExpiredSessions(ctx context.Context, d *db.DB, now time.Time) error {
	if _, err := d.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE expiry < $1", now.UTC()); err != nil {
		return fmt.Errorf("people: delete expired sessions: %w", err)
	}
	return nil
}

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
