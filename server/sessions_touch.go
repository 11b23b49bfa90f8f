package server

import (
	"context"
	"reflect"
	"time"
)

// sessionTouchEvery is how far a session's expiry must move before an unchanged session
// is written again. scs marks every loaded session modified when an idle timeout is set,
// so without this every staff GET rewrote its session row; now an idle session expires
// between IdleTimeout minus this and IdleTimeout after its last request.
const sessionTouchEvery = time.Minute

// sessionSeen remembers, for one request, the session row its Find read, so that its
// Commit can tell whether anything would change.
type sessionSeen struct {
	token  string
	data   []byte
	expiry time.Time
}

type sessionSeenKey struct{}

func withSessionSeen(ctx context.Context) context.Context {
	return context.WithValue(ctx, sessionSeenKey{}, &sessionSeen{})
}

func sessionSeenIn(ctx context.Context) *sessionSeen {
	seen, _ := ctx.Value(sessionSeenKey{}).(*sessionSeen)
	return seen
}

// unchanged reports whether committing b with expiry for token would only move the
// stored expiry by less than sessionTouchEvery. The values are compared decoded: the
// gob encoding of a map is not stable across calls.
func (s *sessionStore) unchanged(ctx context.Context, token string, b []byte, expiry time.Time) bool {
	seen := sessionSeenIn(ctx)
	if seen == nil || seen.token == "" || seen.token != token {
		return false
	}
	if d := expiry.Sub(seen.expiry); d < 0 || d >= sessionTouchEvery {
		return false
	}
	oldDeadline, oldValues, err := s.codec.Decode(seen.data)
	if err != nil {
		return false
	}
	newDeadline, newValues, err := s.codec.Decode(b)
	if err != nil {
		return false
	}
	return oldDeadline.Equal(newDeadline) && reflect.DeepEqual(oldValues, newValues)
}
