package people

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
)

// Tokens lists a user's API tokens, newest first (revoked ones too, for the record).
func Tokens(ctx context.Context, d *db.DB, sc Scope) ([]APIToken, error) {
	var ts []APIToken
	if err := d.Q(ctx).Where("user_id = ?", sc.UserID).Order("created_at DESC, id DESC").Find(&ts).Error; err != nil {
		return nil, fmt.Errorf("people: list tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken revokes one of the caller's own tokens. Someone else's token is NotFound.
func RevokeToken(ctx context.Context, d *db.DB, sc Scope, id int64, ip string) error {
	var t APIToken
	err := d.Q(ctx).Where("id = ? AND user_id = ?", id, sc.UserID).First(&t).Error
	if err != nil {
		return fmt.Errorf("people: load token %d: %w", id, err)
	}
	if t.RevokedAt != nil {
		return nil
	}
	now := time.Now().UTC()
	if err := d.Q(ctx).Model(&APIToken{}).Where("id = ?", id).Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("people: revoke token %d: %w", id, err)
	}
	uid := sc.UserID
	return Audit(ctx, d, AuditEntry{UserID: &uid, Action: AuditTokenRevoked, Detail: t.Name, IP: ip})
}
