package people

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"oogst/apperr"
	"oogst/db"
)

// Limit is how many attempts a key may make within a window.
type Limit struct {
	Max    int
	Window time.Duration
}

// Attempts are counted in the database, so that every Oogst process behind a load
// balancer sees the same count. Every key names the client IP that made the attempt:
// nobody's guesses can use up someone else's allowance.
var (
	// LoginPerAccountIP bounds the guesses one client makes at one account.
	LoginPerAccountIP = Limit{Max: 8, Window: 15 * time.Minute}
	// LoginPerIP bounds the guesses one client makes at all accounts together.
	LoginPerIP = Limit{Max: 30, Window: 15 * time.Minute}
	// LoginAccount: once an account has more failures than one client may make, they
	// come from several clients, and every client that keeps failing at it is slowed
	// down (see LoginDelay).
	LoginAccount = Limit{Max: 8, Window: 15 * time.Minute}
	// JoinCodePerIP bounds wrong join codes from one client.
	JoinCodePerIP = Limit{Max: 20, Window: 10 * time.Minute}
)

// upsertCounter bumps a counter in one statement, starting a new window when the old
// one has passed: the RETURNING count is this attempt's own position, so two parallel
// requests can never both see the last free place.
const upsertCounter = `INSERT INTO attempt_counters (key, count, window_start, last_at) VALUES ($1, 1, $2, $2)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN attempt_counters.window_start <= $3 THEN 1 ELSE attempt_counters.count + 1 END,
  window_start = CASE WHEN attempt_counters.window_start <= $3 THEN excluded.window_start ELSE attempt_counters.window_start END,
  last_at = excluded.last_at
RETURNING count, window_start`

// Reserve counts one attempt for key before it is made and refuses it (KindTooMany,
// with RetryIn) when it is beyond lim. It returns the attempt's place in the window
// (1 for the first). A reservation that turns out not to be a failure is given back
// with Release.
func Reserve(ctx context.Context, d *db.DB, key string, lim Limit, now time.Time) (int, error) {
	n, start, err := bump(ctx, d, key, lim.Window, now)
	if err != nil {
		return 0, err
	}
	if n <= lim.Max {
		return n, nil
	}
	return n, TooMany(time.UnixMilli(start).Add(lim.Window).Sub(now))
}

// Bump counts one failure for key and returns how many the key has in its window.
func Bump(ctx context.Context, d *db.DB, key string, lim Limit, now time.Time) (int, error) {
	n, _, err := bump(ctx, d, key, lim.Window, now)
	return n, err
}

func bump(ctx context.Context, d *db.DB, key string, window time.Duration, now time.Time) (int, int64, error) {
	ms := now.UnixMilli()
	var n int
	var start int64
	if err := d.SQL().QueryRowContext(ctx, upsertCounter, key, ms, ms-window.Milliseconds()).Scan(&n, &start); err != nil {
		return 0, 0, fmt.Errorf("people: count attempt: %w", err)
	}
	return n, start, nil
}

// Release gives back one reserved attempt (it succeeded, or was never made).
func Release(ctx context.Context, d *db.DB, key string) error {
	if _, err := d.SQL().ExecContext(ctx, "UPDATE attempt_counters SET count = count - 1 WHERE key = $1 AND count > 0", key); err != nil {
		return fmt.Errorf("people: release attempt: %w", err)
	}
	return nil
}

// ClearFailures forgets the attempts of key (after a successful login).
func ClearFailures(ctx context.Context, d *db.DB, key string) error {
	if _, err := d.SQL().ExecContext(ctx, "DELETE FROM attempt_counters WHERE key = $1", key); err != nil {
		return fmt.Errorf("people: clear attempts: %w", err)
	}
	return nil
}

// Recent returns the count of key within lim's window and when the last one was.
func Recent(ctx context.Context, d *db.DB, key string, lim Limit, now time.Time) (int, time.Time, error) {
	var n int
	var last int64
	err := d.SQL().QueryRowContext(ctx, "SELECT count, last_at FROM attempt_counters WHERE key = $1 AND window_start > $2",
		key, now.UnixMilli()-lim.Window.Milliseconds()).Scan(&n, &last)
	if err != nil {
		if isNoRows(err) {
			return 0, time.Time{}, nil
		}
		return 0, time.Time{}, fmt.Errorf("people: read attempts: %w", err)
	}
	return n, time.UnixMilli(last), nil
}

// LoginDelay is how long after an account's last failure a client that has itself
// failed at the account must wait: nothing while the failures could all be one
// client's, then doubling from two seconds up to the window. Clients without failures of their own are not
// slowed, so the owner logs in while strangers guess.
func LoginDelay(accountFailures int) time.Duration {
	over := accountFailures - LoginAccount.Max
	if over < 0 {
		return 0
	}
	if over > 10 {
		return LoginAccount.Window
	}
	return min(time.Duration(2<<over)*time.Second, LoginAccount.Window)
}

// TooMany is the error for a client that must wait before its next attempt.
func TooMany(wait time.Duration) error {
	e := apperr.New(apperr.KindTooMany, "error.too_many")
	e.RetryIn = max(int(wait.Seconds())+1, 1)
	return e
}

// PruneAttempts deletes counters whose window ended more than a day ago (housekeeping).
func PruneAttempts(ctx context.Context, d *db.DB, now time.Time) error {
	if _, err := d.SQL().ExecContext(ctx, "DELETE FROM attempt_counters WHERE last_at < $1", now.Add(-24*time.Hour).UnixMilli()); err != nil {
		return fmt.Errorf("people: prune attempts: %w", err)
	}
	return nil
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
