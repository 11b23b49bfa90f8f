package people

import (
	"context"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Limit is how many failures a key may have within a window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Failed attempts are counted in the database, so that every Oogst process behind a
// load balancer sees the same count.
var (
	LoginPerAccount = Limit{Max: 8, Window: 15 * time.Minute}
	LoginPerIP      = Limit{Max: 30, Window: 15 * time.Minute}
	JoinCodePerIP   = Limit{Max: 20, Window: 10 * time.Minute}
)

// CheckAttempts returns a KindTooMany error when key has reached its limit.
func CheckAttempts(ctx context.Context, d *db.DB, key string, lim Limit, now time.Time) error {
	since := now.UTC().Add(-lim.Window)
	var n int64
	if err := d.WithContext(ctx).Model(&Attempt{}).Where("key = ? AND at > ?", key, since).Count(&n).Error; err != nil {
		return fmt.Errorf("people: count attempts: %w", err)
	}
	if n < int64(lim.Max) {
		return nil
	}
	var oldest Attempt
	if err := d.WithContext(ctx).Where("key = ? AND at > ?", key, since).Order("at").First(&oldest).Error; err != nil {
		return fmt.Errorf("people: oldest attempt: %w", err)
	}
	wait := oldest.At.Add(lim.Window).Sub(now.UTC())
	e := apperr.New(apperr.KindTooMany, "error.too_many")
	e.RetryIn = int(wait.Seconds()) + 1
	return e
}

// RecordFailure counts one failed attempt for key.
func RecordFailure(ctx context.Context, d *db.DB, key string, now time.Time) error {
	if err := d.WithContext(ctx).Create(&Attempt{Key: key, At: now.UTC()}).Error; err != nil {
		return fmt.Errorf("people: record attempt: %w", err)
	}
	return nil
}

// ClearFailures forgets the failures of key (after a successful login).
func ClearFailures(ctx context.Context, d *db.DB, key string) error {
	if err := d.WithContext(ctx).Where("key = ?", key).Delete(&Attempt{}).Error; err != nil {
		return fmt.Errorf("people: clear attempts: %w", err)
	}
	return nil
}

// PruneAttempts deletes attempts older than a day (housekeeping).
func PruneAttempts(ctx context.Context, d *db.DB, now time.Time) error {
	return d.WithContext(ctx).Where("at < ?", now.UTC().Add(-24*time.Hour)).Delete(&Attempt{}).Error
}
