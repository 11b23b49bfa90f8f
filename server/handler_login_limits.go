package server

import (
	"context"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/people"
)

// checkLogin authenticates under rate limits that fall on the client making the
// attempts, never on the account's owner or on other people behind the same proxy:
//
//   - every attempt is reserved (counted atomically) per client IP and per (account,
//     client IP) before the password is hashed, so parallel requests cannot slip past a
//     limit between a check and a count; a correct password gives its reservation back;
//   - a client that has itself failed at an account waits a growing delay after the
//     account's last failure once the account fails more often than one client may
//     (a spread-out attack); a client without failures is not slowed at all.
//
// The keys count tries for any e-mail, known or not, so the limits do not reveal which
// e-mails exist. Hashing itself is bounded by people's hash gate (503 when full).
func (s *Server) checkLogin(c echo.Context, email, password string) (people.User, error) {
	ctx := c.Request().Context()
	now := s.now()
	ip := clientIP(c)
	norm := people.NormalizeEmail(email)
	ipKey, pairKey, accountKey := "login:ip:"+ip, "login:account-ip:"+norm+"|"+ip, "login:account:"+norm
	var reserved []string
	release := func() {
		for _, k := range reserved {
			// A reservation not given back only makes its own client wait longer.
			if err := people.Release(context.WithoutCancel(ctx), s.db, k); err != nil {
				s.log.Warn("release login attempt", "err", err)
			}
		}
	}
	blocked := func(err error) error {
		release()
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindTooMany {
			_ = people.Audit(ctx, s.db, people.AuditEntry{Action: people.AuditLoginBlocked, Detail: norm, IP: ip})
			e.Msg = apperr.Msg("login.error_too_many", "Minutes", (e.RetryIn+59)/60)
		}
		return err
	}
	if _, err := people.Reserve(ctx, s.db, ipKey, people.LoginPerIP, now); err != nil {
		return people.User{}, blocked(err)
	}
	reserved = append(reserved, ipKey)
	place, err := people.Reserve(ctx, s.db, pairKey, people.LoginPerAccountIP, now)
	if err != nil {
		return people.User{}, blocked(err)
	}
	reserved = append(reserved, pairKey)
	if place > 1 {
		failures, last, err := people.Recent(ctx, s.db, accountKey, people.LoginAccount, now)
		if err != nil {
			return people.User{}, blocked(err)
		}
		if wait := last.Add(people.LoginDelay(failures)).Sub(now); wait > 0 {
			return people.User{}, blocked(people.TooMany(wait))
		}
	}
	u, err := people.Authenticate(ctx, s.db, email, password)
	if apperr.Is(err, apperr.KindUnauthorized) {
		// The reservations stay: they are now failures.
		if _, berr := people.Bump(ctx, s.db, accountKey, people.LoginAccount, now); berr != nil {
			return people.User{}, berr
		}
		if aerr := people.Audit(ctx, s.db, people.AuditEntry{Action: people.AuditLoginFailed, Detail: norm, IP: ip}); aerr != nil {
			return people.User{}, aerr
		}
		return people.User{}, err
	}
	if err != nil {
		release()
		return people.User{}, err
	}
	// The account's counts start again (its owner is back; attackers elsewhere keep
	// their own per-client counts and are slowed again after a few more failures), but
	// the IP's count only loses this attempt: one good login must not reset the count of
	// an IP guessing other accounts.
	reserved = []string{ipKey}
	release()
	for _, k := range []string{pairKey, accountKey} {
		if err := people.ClearFailures(ctx, s.db, k); err != nil {
			return people.User{}, err
		}
	}
	uid := u.ID
	if err := people.Audit(ctx, s.db, people.AuditEntry{UserID: &uid, Action: people.AuditLogin, IP: ip}); err != nil {
		return people.User{}, err
	}
	return u, nil
}
