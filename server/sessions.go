package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// newSessions keeps sessions in the database so that several Oogst processes behind a
// load balancer share them.
func newSessions(d *db.DB, secure bool) *scs.SessionManager {
	m := scs.New()
	m.Store = &sessionStore{db: d, codec: m.Codec}
	m.Lifetime = 12 * time.Hour
	m.IdleTimeout = 2 * time.Hour
	m.Cookie.Name = "oogst_session"
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = secure
	m.Cookie.Persist = false
	return m
}

// sessionError answers when the session store fails before Echo's error handler can:
// the database being down is the usual cause, so say "try again" with Retry-After.
func (s *Server) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	msgID := "error.internal"
	if db.IsDown(err) {
		status, msgID = http.StatusServiceUnavailable, "error.unavailable"
		w.Header().Set("Retry-After", "5")
	}
	s.log.Error("session store", "err", err, "status", status)
	lang := locale.Negotiate("", r.Header.Get("Accept-Language"))
	if ck, cerr := r.Cookie(langCookie); cerr == nil {
		lang = locale.Negotiate(ck.Value, r.Header.Get("Accept-Language"))
	}
	msg := s.bundle.Localizer(lang).T(msgID)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(apiError{Error: msg})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(msg + "\n"))
}

// sessionStore implements scs.Store and scs.CtxStore on the sessions table. A row is
// keyed by the SHA-256 of the cookie's token, so the table and its backups hold nothing
// that logs anyone in, and carries the logged-in user's id so that deactivating the
// account or setting its password can end its sessions (people.EndSessions).
type sessionStore struct {
	db    *db.DB
	codec scs.Codec
}

func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	b, expiry, ok, err := people.FindSession(ctx, s.db, token, time.Now())
	if err != nil || !ok {
		return nil, false, err
	}
	if seen := sessionSeenIn(ctx); seen != nil {
		*seen = sessionSeen{token: token, data: b, expiry: expiry}
	}
	return b, true, nil
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// sessionFreshKey marks a session whose user has just logged in: only such a session
// may be inserted with a user id. scs commits every session at the end of every
// request; without the mark, a request in flight while the user's sessions were ended
// (deactivation, new password) would write its session back.
const sessionFreshKey = "fresh"

func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if s.unchanged(ctx, token, b, expiry) {
		return nil
	}
	var uid *int64
	fresh := false
	if _, values, err := s.codec.Decode(b); err == nil {
		if id, ok := values[sessionUserKey].(int64); ok {
			uid = &id
		}
		fresh, _ = values[sessionFreshKey].(bool)
	}
	if uid != nil && !fresh {
		// Ended meanwhile: stays ended (the browser is logged out at its next request).
		return people.UpdateSession(ctx, s.db, token, *uid, b, expiry)
	}
	return people.SaveSession(ctx, s.db, token, uid, b, expiry)
}

func (s *sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return people.DeleteSession(ctx, s.db, token)
}

var _ scs.CtxStore = (*sessionStore)(nil)

// currentSessionHash is how the sessions table names this request's session ("" when
// it has none yet).
func (s *Server) currentSessionHash(c echo.Context) string {
	tok := s.sessions.Token(c.Request().Context())
	if tok == "" {
		return ""
	}
	return people.HashSecret(tok)
}
