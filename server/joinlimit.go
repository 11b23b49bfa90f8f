package server

import (
	"sync"
	"time"
)

// joinSuspects remembers the client IPs from which this process saw a failed join-code
// lookup recently. Only their requests reserve a place in the shared attempt counters:
// an honest tablet that never mistyped a code costs no extra query per submission,
// while a guesser is counted atomically, across processes, from its first miss here.
type joinSuspects struct {
	mu     sync.Mutex
	until  map[string]time.Time
	window time.Duration
}

func newJoinSuspects(window time.Duration) *joinSuspects {
	return &joinSuspects{until: map[string]time.Time{}, window: window}
}

func (j *joinSuspects) suspect(ip string, now time.Time) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	t, ok := j.until[ip]
	return ok && now.Before(t)
}

func (j *joinSuspects) mark(ip string, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.until) > 4096 {
		for k, t := range j.until {
			if !now.Before(t) {
				delete(j.until, k)
			}
		}
	}
	j.until[ip] = now.Add(j.window)
}
