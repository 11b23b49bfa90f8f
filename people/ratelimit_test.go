package people_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// TestReserveCountsParallelAttemptsExactly: attempts reserved all at once get exactly
// the limit's number of places, never more; another key is not touched; a window that
// has passed starts again.
func TestReserveCountsParallelAttemptsExactly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		lim := people.Limit{Max: 8, Window: 15 * time.Minute}
		const n = 40
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = people.Reserve(ctx, d, "login:ip:198.51.100.1", lim, now)
			}()
		}
		wg.Wait()
		allowed := 0
		for _, err := range errs {
			switch e, _ := apperr.As(err); {
			case err == nil:
				allowed++
			case e != nil && e.Kind == apperr.KindTooMany:
				if e.RetryIn < 899 || e.RetryIn > 901 {
					t.Errorf("RetryIn %d, want about 900", e.RetryIn)
				}
			default:
				t.Fatalf("reserve: %v", err)
			}
		}
		if allowed != lim.Max {
			t.Errorf("%d of %d parallel attempts allowed, want %d", allowed, n, lim.Max)
		}
		if place, err := people.Reserve(ctx, d, "login:ip:203.0.113.2", lim, now); err != nil || place != 1 {
			t.Errorf("another client: place %d, %v", place, err)
		}
		if place, err := people.Reserve(ctx, d, "login:ip:198.51.100.1", lim, now.Add(lim.Window+time.Second)); err != nil || place != 1 {
			t.Errorf("after the window: place %d, %v", place, err)
		}
	})
}

func TestReleaseAndRecent(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		lim := people.Limit{Max: 2, Window: time.Minute}
		for range 2 {
			if _, err := people.Reserve(ctx, d, "k", lim, now); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := people.Reserve(ctx, d, "k", lim, now); !apperr.Is(err, apperr.KindTooMany) {
			t.Fatalf("third: %v", err)
		}
		// The refused one and one good attempt given back: one place free again.
		for range 2 {
			if err := people.Release(ctx, d, "k"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := people.Reserve(ctx, d, "k", lim, now); err != nil {
			t.Errorf("after release: %v", err)
		}
		later := now.Add(10 * time.Second)
		if n, err := people.Bump(ctx, d, "acct", lim, later); err != nil || n != 1 {
			t.Fatalf("bump: %d %v", n, err)
		}
		n, last, err := people.Recent(ctx, d, "acct", lim, later)
		if err != nil || n != 1 || !last.Equal(later) {
			t.Errorf("recent: %d %v %v", n, last, err)
		}
		if n, _, _ := people.Recent(ctx, d, "acct", lim, later.Add(time.Minute)); n != 0 {
			t.Errorf("recent after the window: %d", n)
		}
		if err := people.PruneAttempts(ctx, d, later.Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var left int64
		d.Q(ctx).Model(&people.AttemptCounter{}).Count(&left)
		if left != 0 {
			t.Errorf("%d counters left after pruning", left)
		}
	})
}

func TestLoginDelayGrows(t *testing.T) {
	t.Parallel()
	max := people.LoginAccount.Max
	if people.LoginDelay(max-1) != 0 {
		t.Errorf("delay below the account threshold: %v", people.LoginDelay(max-1))
	}
	prev := time.Duration(0)
	for f := max; f < max+12; f++ {
		d := people.LoginDelay(f)
		if d < prev || d > people.LoginAccount.Window {
			t.Errorf("LoginDelay(%d) = %v after %v", f, d, prev)
		}
		prev = d
	}
	if people.LoginDelay(max) != 2*time.Second || prev != people.LoginAccount.Window {
		t.Errorf("delays from %v to %v", people.LoginDelay(max), prev)
	}
}
