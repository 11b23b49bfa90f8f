package server

import (
	"sync"
	"time"

	"oogst/apperr"
)

// ipQuota counts the bytes of voice answers each client address stored in the current
// window (one hour from its first upload). Kept in this process's memory, like the join
// suspects: with several processes an address may store up to that many times the
// quota, which still bounds how fast one address can fill the disk.
type ipQuota struct {
	mu     sync.Mutex
	limit  int64
	window time.Duration
	used   map[string]ipUsage
}

type ipUsage struct {
	since time.Time
	bytes int64
}

func newIPQuota(limit int64, window time.Duration) *ipQuota {
	return &ipQuota{limit: limit, window: window, used: map[string]ipUsage{}}
}

// check refuses an upload of size bytes that would take an address past its quota in
// this window (429 with the seconds until the window ends).
func (q *ipQuota) check(ip string, size int64, now time.Time) error {
	if q.limit <= 0 {
		return nil
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	u, ok := q.used[ip]
	if !ok || !now.Before(u.since.Add(q.window)) || u.bytes+size <= q.limit {
		return nil
	}
	e := apperr.New(apperr.KindTooMany, "datatablet.quota_ip")
	e.RetryIn = int(u.since.Add(q.window).Sub(now).Seconds()) + 1
	return e
}

// add counts an upload that was stored.
func (q *ipQuota) add(ip string, n int64, now time.Time) {
	if q.limit <= 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.used) > 4096 {
		for k, u := range q.used {
			if !now.Before(u.since.Add(q.window)) {
				delete(q.used, k)
			}
		}
	}
	u, ok := q.used[ip]
	if !ok || !now.Before(u.since.Add(q.window)) {
		u = ipUsage{since: now}
	}
	u.bytes += n
	q.used[ip] = u
}
