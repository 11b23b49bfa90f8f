package people

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"oogst/apperr"
)

// Each argon2id hash takes 19 MiB and a core for tens of milliseconds. A storm of
// parallel logins must not hash them all at once (memory grows with every one, and
// every login gets slow), so hashing goes through a gate: one slot per core, a short
// queue behind it, and whoever cannot get in soon is told to come back (KindUnavailable
// with RetryIn), before any memory is spent.
type hashGate struct {
	slots   chan struct{}
	queued  atomic.Int64
	maxWait int64
	wait    time.Duration
	// For tests: how many hashes were made, how many run now, and the most at once.
	total, running, peak atomic.Int64
}

func newHashGate(slots, queue int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, max(slots, 1)), maxWait: int64(max(queue, 0)), wait: wait}
}

// passwordGate is shared by every hash in the process.
var passwordGate atomic.Pointer[hashGate]

func init() { ResetHashConcurrency() }

// ResetHashConcurrency sets the gate to one slot per core, a queue of four per core
// and two seconds' wait.
func ResetHashConcurrency() { SetHashConcurrency(runtime.NumCPU(), 4*runtime.NumCPU(), 2*time.Second) }

// SetHashConcurrency replaces the gate: slots hashes at once, queue more waiting at most
// wait. Call it before serving (tests use it to pin the figures).
func SetHashConcurrency(slots, queue int, wait time.Duration) {
	passwordGate.Store(newHashGate(slots, queue, wait))
}

// HashStats reports how many password hashes this process computed and the most that
// ran at the same time.
func HashStats() (total, peak int64) {
	g := passwordGate.Load()
	return g.total.Load(), g.peak.Load()
}

// withHashSlot runs fn (one hash) when a slot is free.
func withHashSlot(ctx context.Context, fn func()) error {
	g := passwordGate.Load()
	select {
	case g.slots <- struct{}{}:
	default:
		if g.queued.Add(1) > g.maxWait {
			g.queued.Add(-1)
			return busy(g.wait)
		}
		t := time.NewTimer(g.wait)
		select {
		case g.slots <- struct{}{}:
			t.Stop()
			g.queued.Add(-1)
		case <-t.C:
			g.queued.Add(-1)
			return busy(g.wait)
		case <-ctx.Done():
			t.Stop()
			g.queued.Add(-1)
			return ctx.Err()
		}
	}
	defer func() { g.running.Add(-1); <-g.slots }()
	g.notePeak(g.running.Add(1))
	g.total.Add(1)
	fn()
	return nil
}

func (g *hashGate) notePeak(n int64) {
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			return
		}
	}
}

func busy(wait time.Duration) error {
	e := apperr.New(apperr.KindUnavailable, "auth.busy")
	e.RetryIn = max(int(wait.Seconds()), 1)
	return e
}
