package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
)

type loginForm struct {
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next"), "/dashboard"))
	}
	return s.render(c, http.StatusOK, "login", s.view(c, "login.title", &loginForm{Email: c.QueryParam("email"), Next: c.QueryParam("next")}))
}

// login checks the credentials, rotates the session ID and remembers the user.
func (s *Server) login(c echo.Context) error {
	ctx := c.Request().Context()
	form := &loginForm{Email: c.FormValue("email"), Next: c.FormValue("next")}
	u, err := s.checkLogin(c, form.Email, c.FormValue("password"))
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Kind != apperr.KindUnauthorized && e.Kind != apperr.KindTooMany && !isHashBusy(e)) {
			return err
		}
		status := http.StatusUnauthorized
		switch e.Kind {
		case apperr.KindTooMany:
			status = http.StatusTooManyRequests
			c.Response().Header().Set("Retry-After", strconv.Itoa(max(e.RetryIn, 1)))
		case apperr.KindUnavailable:
			status = http.StatusServiceUnavailable
			c.Response().Header().Set("Retry-After", strconv.Itoa(max(e.RetryIn, 1)))
		}
		form.Error = message(s.loc(c), e.Msg)
		return s.render(c, status, "login", s.view(c, "login.title", form))
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionUserKey, u.ID)
	s.sessions.Put(ctx, sessionFreshKey, true)
	if err := rotateCSRF(c, s.opt.CookieSecure); err != nil {
		return err
	}
	if u.PreferredLanguage != "" {
		s.setLangCookie(c, u.PreferredLanguage)
	}
	return c.Redirect(http.StatusSeeOther, safeNext(form.Next, "/dashboard"))
}

// isHashBusy is the hash gate's "too many logins at once": answered on the login page
// with 503 and Retry-After rather than as a generic error page.
func isHashBusy(e *apperr.Error) bool {
	return e.Kind == apperr.KindUnavailable && e.Msg.ID == "auth.busy"
}

func (s *Server) logout(c echo.Context) error {
	if err := s.sessions.Destroy(c.Request().Context()); err != nil {
		return err
	}
	if err := rotateCSRF(c, s.opt.CookieSecure); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/")
}
