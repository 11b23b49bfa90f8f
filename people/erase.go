package people

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
)

// DeleteCursist removes cursist cid of partnership pid for good (a privacy erasure; the
// caller has checked the coordinator's right and removed what refers to her). It runs
// on tx so that the erasure is one transaction with the other packages' parts.
func DeleteCursist(ctx context.Context, tx *db.DB, pid, cid int64) error {
	if err := tx.Q(ctx).Where("id = ? AND partnership_id = ?", cid, pid).Delete(&Cursist{}).Error; err != nil {
		return fmt.Errorf("people: delete cursist %d: %w", cid, err)
	}
	return nil
}

// RecordConsent notes on cursist cid that she agreed to consent text version at at (a
// tablet showed it before her answers); tx is the transaction storing those answers.
func RecordConsent(ctx context.Context, tx *db.DB, cid int64, version string, at time.Time) error {
	if err := tx.Q(ctx).Model(&Cursist{}).Where("id = ?", cid).
		Updates(map[string]any{"consent_at": at, "consent_version": version}).Error; err != nil {
		return fmt.Errorf("people: record consent of cursist %d: %w", cid, err)
	}
	return nil
}
