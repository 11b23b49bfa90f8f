package survey

import (
	"context"
	"sync"
	"time"

	"oogst/db"
)

// RoundCache keeps rounds with their frozen form version for a short time: every
// tablet submission needs them, and a published version never changes. Only the
// round's own state (closed, dates) can change; it is re-read after the TTL.
type RoundCache struct {
	db  *db.DB
	ttl time.Duration
	now func() time.Time // the process's clock: the TTL is this process's, not stored
	mu  sync.Mutex
	m   map[string]cachedRound
}

type cachedRound struct {
	r       Round
	ver     FormVersion
	def     Definition
	expires time.Time
}

// NewRoundCache makes a cache whose entries live for ttl.
func NewRoundCache(d *db.DB, ttl time.Duration) *RoundCache {
	return &RoundCache{db: d, ttl: ttl, now: time.Now, m: map[string]cachedRound{}}
}

// SetClock replaces the clock the TTL is measured on (tests).
func (c *RoundCache) SetClock(now func() time.Time) { c.now = now }

// Get returns the round with code, as RoundByCode does. Unknown codes are not cached,
// so that every failed guess reaches the rate limit.
func (c *RoundCache) Get(ctx context.Context, code string) (Round, FormVersion, Definition, error) {
	code = NormalizeCode(code)
	now := c.now()
	c.mu.Lock()
	e, ok := c.m[code]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.r, e.ver, e.def, nil
	}
	r, ver, def, err := RoundByCode(ctx, c.db, code)
	if err != nil {
		return r, ver, def, err
	}
	c.mu.Lock()
	if len(c.m) > 10000 { // many rounds at once is unusual: start afresh rather than grow
		c.m = map[string]cachedRound{}
	}
	c.m[code] = cachedRound{r: r, ver: ver, def: def, expires: now.Add(c.ttl)}
	c.mu.Unlock()
	return r, ver, def, nil
}

// Reset empties the cache, e.g. right after a coordinator closed a round in this
// process (other processes see it within the TTL).
func (c *RoundCache) Reset() {
	c.mu.Lock()
	c.m = map[string]cachedRound{}
	c.mu.Unlock()
}
