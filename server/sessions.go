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

	"oogst/db"
	"oogst/locale"
)

// newSessions keeps sessions in the database so that several Oogst processes behind a
// load balancer share them.
func newSessions(d *db.DB, secure bool) *scs.SessionManager {
	m := scs.New()
	m.Store = &sessionStore{db: d}
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

// sessionStore implements scs.Store and scs.CtxStore on the sessions table.
type sessionStore struct{ db *db.DB }

func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.SQL().QueryRowContext(ctx, "SELECT data FROM sessions WHERE token = $1 AND expiry > $2", token, time.Now().UTC()).Scan(&b)
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
	_, err := s.db.SQL().ExecContext(ctx,
		"INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3) "+
			"ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry",
		token, b, expiry.UTC())
	return err
}

func (s *sessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE token = $1", token)
	return err
}

var _ scs.CtxStore = (*sessionStore)(nil)

func deleteExpiredSessions(ctx context.Context, d *db.DB, now time.Time) error {
	_, err := d.SQL().ExecContext(ctx, "DELETE FROM sessions WHERE expiry < $1", now.UTC())
	return err
}
