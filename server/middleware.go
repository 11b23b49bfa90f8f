package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"oogst/locale"
)

// contentSecurityPolicy allows nothing inline and nothing from elsewhere: the app must
// work on an offline LAN, and stored answers must never become script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; worker-src 'self'; manifest-src 'self'"

// securityHeaders sets the headers every answer carries. HSTS follows the public base
// URL, not the connection: behind a TLS-terminating proxy the connection is plain HTTP.
func securityHeaders(https bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if https || c.IsTLS() {
				h.Set("Strict-Transport-Security", "max-age=31536000")
			}
			return next(c)
		}
	}
}

// requestLogger logs method, route, status and duration; never bodies or query
// strings, which can hold answer text or tokens.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogRoutePath: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			} else if strings.HasPrefix(c.Request().URL.Path, "/static/") || c.Request().URL.Path == "/healthz" {
				level = slog.LevelDebug
			}
			if !s.log.Enabled(c.Request().Context(), level) {
				return nil // hidden by the level: build nothing (every tablet submission passes here)
			}
			attrs := []slog.Attr{
				slog.String("method", v.Method), slog.String("route", v.RoutePath), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("request_id", v.RequestID),
			}
			if v.Error != nil && v.Status >= 500 {
				attrs = append(attrs, slog.String("err", v.Error.Error()))
			}
			s.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})
}

// bodyLimit caps request bodies; upload routes (voice answers) get the larger limit.
func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		limit := s.opt.MaxBodyBytes
		if strings.Contains(c.Request().URL.Path, "/audio") || strings.Contains(c.Request().URL.Path, "/upload") {
			limit = s.opt.MaxUploadBytes
		}
		r := c.Request()
		if r.ContentLength > limit {
			return &tooLargeError{limit: limit}
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
		return next(c)
	}
}

type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string { return "request body too large" }

func isAudioPath(p string) bool {
	return strings.Contains(p, "/audio") || strings.HasPrefix(p, "/attachments/")
}

const langCookie = "oogst_lang"

// localeMiddleware picks the request's language: cookie > Accept-Language > Dutch.
func (s *Server) localeMiddleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		cookie := ""
		if ck, err := c.Cookie(langCookie); err == nil {
			cookie = ck.Value
		}
		lang := locale.Negotiate(cookie, c.Request().Header.Get("Accept-Language"))
		c.Set(ctxLocalizer, s.bundle.Localizer(lang))
		c.Response().Header().Add("Vary", "Accept-Language, Cookie")
		return next(c)
	}
}

func (s *Server) setLangCookie(c echo.Context, lang string) {
	c.SetCookie(&http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opt.CookieSecure || c.IsTLS(),
	})
}

// loc returns the request's localizer (Dutch before the locale middleware ran).
func (s *Server) loc(c echo.Context) *locale.Localizer {
	if l, ok := c.Get(ctxLocalizer).(*locale.Localizer); ok {
		return l
	}
	return s.bundle.Localizer(locale.Default)
}

const (
	ctxLocalizer = "oogst.localizer"
	ctxUser      = "oogst.user"
	ctxScope     = "oogst.scope"
	ctxViaToken  = "oogst.via_token"
	ctxNoSession = "oogst.no_session"
)
