package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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
	if IsDatabaseDown(err) {
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
	var b []byte
	err := s.db.SQL().QueryRowContext(ctx, "SELECT data FROM sessions WHERE token_hash = $1 AND expiry > $2", people.HashSecret(token), time.Now().UTC()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var uid *int64
	if _, values, err := s.codec.Decode(b); err == nil {
		if id, ok := values[sessionUserKey].(int64); ok {
			uid = &id
		}
	}
	_, err := s.db.SQL().ExecContext(ctx,
		"INSERT INTO sessions (token_hash, user_id, data, expiry) VALUES ($1, $2, $3, $4) "+
			"ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expiry = excluded.expiry",
		people.HashSecret(token), uid, b, expiry.UTC())
	return err
}

func (s *sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", people.HashSecret(token))
	return err
}

var _ scs.CtxStore = (*sessionStore)(nil)

func deleteExpiredSessions(ctx context.Context, d *db.DB, now time.Time) error {
	_, err := d.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE expiry < $1", now.UTC())
	return err
}

// currentSessionHash is how the sessions table names this request's session ("" when
// it has none yet).
func (s *Server) currentSessionHash(c echo.Context) string {
	tok := s.sessions.Token(c.Request().Context())
	if tok == "" {
		return ""
	}
	return people.HashSecret(tok)
}
