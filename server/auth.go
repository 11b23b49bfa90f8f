package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"oogst/apperr"
	"oogst/people"
)

const sessionUserKey = "user_id"

// authenticate resolves the caller from a Bearer token or the session and loads their
// scope. Anonymous requests pass; requireLogin and friends decide what they may reach.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if h := c.Request().Header.Get("Authorization"); h != "" {
			raw, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || strings.TrimSpace(raw) == "" {
				return apperr.New(apperr.KindUnauthorized, "error.bad_token")
			}
			u, tok, err := people.UserByToken(ctx, s.db, strings.TrimSpace(raw))
			if err != nil {
				return err
			}
			if err := s.setCaller(c, u); err != nil {
				return err
			}
			c.Set(ctxViaToken, tok.ID)
			return next(c)
		}
		if noSession, _ := c.Get(ctxNoSession).(bool); noSession {
			return next(c)
		}
		id := s.sessions.GetInt64(ctx, sessionUserKey)
		if id == 0 {
			return next(c)
		}
		if s.sessions.Exists(ctx, sessionFreshKey) {
			s.sessions.Remove(ctx, sessionFreshKey)
		}
		u, err := people.UserByID(ctx, s.db, id)
		if apperr.Is(err, apperr.KindNotFound) {
			// The account was deactivated or removed: end the session.
			_ = s.sessions.Destroy(ctx)
			return next(c)
		}
		if err != nil {
			return err
		}
		if err := s.setCaller(c, u); err != nil {
			return err
		}
		return next(c)
	}
}

// setCaller makes u the request's caller, with the scope their roles give, however
// they were recognised.
func (s *Server) setCaller(c echo.Context, u people.User) error {
	scope, err := people.LoadScope(c.Request().Context(), s.db, u.ID)
	if err != nil {
		return err
	}
	c.Set(ctxUser, &u)
	c.Set(ctxScope, scope)
	return nil
}

// currentUser returns the logged-in user or nil.
func currentUser(c echo.Context) *people.User {
	u, _ := c.Get(ctxUser).(*people.User)
	return u
}

// scopeOf returns the caller's scope (empty for anonymous callers: it matches nothing).
func scopeOf(c echo.Context) people.Scope {
	s, _ := c.Get(ctxScope).(people.Scope)
	return s
}

func viaToken(c echo.Context) bool {
	_, ok := c.Get(ctxViaToken).(int64)
	return ok
}

// requireLogin sends anonymous browsers to the login page and API callers a 401.
func requireLogin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			if isAPI(c) {
				return apperr.New(apperr.KindUnauthorized, "error.login_required")
			}
			return c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request().URL.RequestURI()))
		}
		return next(c)
	}
}

// requireAdmin lets platform admins through.
func requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return requireLogin(func(c echo.Context) error {
		if !currentUser(c).IsAdmin {
			return apperr.Forbidden()
		}
		return next(c)
	})
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/")
}

// csrf protects every state-changing browser request. API calls with a Bearer token
// carry no ambient credentials, and the tablet's submission API authenticates nobody
// (it is idempotent by client UUID), so neither needs a token.
func (s *Server) csrf() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     csrfCookieName,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
		CookieSecure:   s.opt.CookieSecure,
		ContextKey:     "csrf",
		Skipper: func(c echo.Context) bool {
			if viaToken(c) {
				return true
			}
			return isPublicAPI(c.Request().URL.Path)
		},
		ErrorHandler: func(err error, c echo.Context) error {
			return apperr.New(apperr.KindForbidden, "error.csrf")
		},
	})
}

// isPublicAPI lists the API paths a tablet uses without an account.
func isPublicAPI(path string) bool {
	return strings.HasPrefix(path, "/api/v1/rounds/") || strings.HasPrefix(path, "/api/v1/substantiations/")
}

func csrfToken(c echo.Context) string {
	t, _ := c.Get("csrf").(string)
	return t
}

// csrfCookieName holds the CSRF token (see csrf and rotateCSRF).
const csrfCookieName = "oogst_csrf"
