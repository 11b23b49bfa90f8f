package server

import (
	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/people"
)

// checkLogin authenticates with rate limits per account and per IP, and writes the
// audit log. The account key counts tries for any e-mail, known or not, so the limit
// itself does not reveal which e-mails exist.
func (s *Server) checkLogin(c echo.Context, email, password string) (people.User, error) {
	ctx := c.Request().Context()
	now := s.now()
	ip := c.RealIP()
	norm := people.NormalizeEmail(email)
	accountKey, ipKey := "login:account:"+norm, "login:ip:"+ip
	for _, k := range []struct {
		key string
		lim people.Limit
	}{{accountKey, people.LoginPerAccount}, {ipKey, people.LoginPerIP}} {
		if err := people.CheckAttempts(ctx, s.db, k.key, k.lim, now); err != nil {
			if e, ok := apperr.As(err); ok && e.Kind == apperr.KindTooMany {
				_ = people.Audit(ctx, s.db, people.AuditEntry{Action: people.AuditLoginBlocked, Detail: norm, IP: ip})
				minutes := (e.RetryIn + 59) / 60
				e.Msg = apperr.Msg("login.error_too_many", "Minutes", minutes)
			}
			return people.User{}, err
		}
	}
	u, err := people.Authenticate(ctx, s.db, email, password)
	if apperr.Is(err, apperr.KindUnauthorized) {
		for _, k := range []string{accountKey, ipKey} {
			if rerr := people.RecordFailure(ctx, s.db, k, now); rerr != nil {
				return people.User{}, rerr
			}
		}
		if aerr := people.Audit(ctx, s.db, people.AuditEntry{Action: people.AuditLoginFailed, Detail: norm, IP: ip}); aerr != nil {
			return people.User{}, aerr
		}
		return people.User{}, err
	}
	if err != nil {
		return people.User{}, err
	}
	// Only the account's count is cleared: one good login must not reset the count of
	// an IP that is guessing other accounts.
	if err := people.ClearFailures(ctx, s.db, accountKey); err != nil {
		return people.User{}, err
	}
	uid := u.ID
	if err := people.Audit(ctx, s.db, people.AuditEntry{UserID: &uid, Action: people.AuditLogin, IP: ip}); err != nil {
		return people.User{}, err
	}
	return u, nil
}
