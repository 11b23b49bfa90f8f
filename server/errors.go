package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
)

// apiError is the JSON body of every API error (the Error schema of the OpenAPI
// document): a translated message and, for invalid input, one per field.
type apiError struct {
	Error  string            `json:"error" doc:"translated message"`
	Errors map[string]string `json:"errors,omitempty" doc:"translated message per field or question id"`
}

func (apiError) apiName() string { return "Error" }

// handleError is the one place where errors become HTTP responses: domain errors by
// kind, Echo's own errors by code, database outages as 503 with Retry-After, and
// anything else as a 500 that shows no internals.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	err = db.StorageFull(err)
	status, msg, fields, retry := classify(err)
	l := s.loc(c)
	if status >= 500 {
		s.log.Error("request failed", "status", status, "route", c.Path(), "request_id", c.Get("request_id"), "err", err)
	}
	if retry > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(retry))
	}
	text := message(l, msg)
	if isAPI(c) || wantsJSON(c) || c.Request().Header.Get("Authorization") != "" {
		body := apiError{Error: text, Errors: fieldMessages(l, fields)}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		_ = c.JSON(status, body)
		return
	}
	if status == http.StatusUnauthorized {
		_ = c.Redirect(http.StatusSeeOther, "/login")
		return
	}
	v := s.view(c, "", map[string]any{"Status": status, "Message": text})
	v.Title = text
	if rerr := s.render(c, status, "error", v); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		_ = c.String(status, text)
	}
}

// echoErrors answer Echo's own errors (no route, body too large…) by their status; an
// unsupported media type is answered as a bad request.
var echoErrors = map[int]struct {
	status     int
	msg        string
	retryAfter int // seconds
}{
	http.StatusNotFound:              {http.StatusNotFound, "error.not_found", 0},
	http.StatusMethodNotAllowed:      {http.StatusMethodNotAllowed, "error.method_not_allowed", 0},
	http.StatusRequestEntityTooLarge: {http.StatusRequestEntityTooLarge, "error.too_large", 0},
	http.StatusBadRequest:            {http.StatusBadRequest, "error.bad_request", 0},
	http.StatusUnsupportedMediaType:  {http.StatusBadRequest, "error.bad_request", 0},
	http.StatusForbidden:             {http.StatusForbidden, "error.forbidden", 0},
	http.StatusUnauthorized:          {http.StatusUnauthorized, "error.login_required", 0},
	http.StatusTooManyRequests:       {http.StatusTooManyRequests, "error.too_many", 30},
}

func classify(err error) (int, apperr.Message, map[string]apperr.Message, int) {
	if e, ok := apperr.As(err); ok {
		switch e.Kind {
		case apperr.KindNotFound:
			return http.StatusNotFound, e.Msg, nil, 0
		case apperr.KindForbidden:
			return http.StatusForbidden, e.Msg, nil, 0
		case apperr.KindInvalid:
			return http.StatusUnprocessableEntity, e.Msg, e.Fields, 0
		case apperr.KindConflict:
			return http.StatusConflict, e.Msg, e.Fields, 0
		case apperr.KindTooMany:
			return http.StatusTooManyRequests, e.Msg, nil, max(e.RetryIn, 1)
		case apperr.KindUnavailable:
			return http.StatusServiceUnavailable, e.Msg, nil, max(e.RetryIn, 5)
		case apperr.KindTooLarge:
			return http.StatusRequestEntityTooLarge, e.Msg, e.Fields, 0
		case apperr.KindStorageFull:
			return http.StatusServiceUnavailable, e.Msg, nil, max(e.RetryIn, 60)
		case apperr.KindUnauthorized:
			return http.StatusUnauthorized, e.Msg, nil, 0
		case apperr.KindPrecondition:
			return http.StatusPreconditionFailed, e.Msg, nil, 0
		}
	}
	var tl *tooLargeError
	var mbe *http.MaxBytesError
	if errors.As(err, &tl) || errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, apperr.Msg("error.too_large"), nil, 0
	}
	if db.IsNotFound(err) {
		return http.StatusNotFound, apperr.Msg("error.not_found"), nil, 0
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		if e, ok := echoErrors[he.Code]; ok {
			return e.status, apperr.Msg(e.msg), nil, e.retryAfter
		}
	}
	if db.IsDown(err) {
		return http.StatusServiceUnavailable, apperr.Msg("error.unavailable"), nil, 5
	}
	if errors.Is(err, context.Canceled) {
		return 499, apperr.Msg("error.internal"), nil, 0
	}
	return http.StatusInternalServerError, apperr.Msg("error.internal"), nil, 0
}

func wantsJSON(c echo.Context) bool {
	return strings.Contains(c.Request().Header.Get("Accept"), "application/json") &&
		!strings.Contains(c.Request().Header.Get("Accept"), "text/html")
}

func dataPairs(m map[string]any) []any {
	out := make([]any, 0, len(m)*2)
	for k, v := range m {
		out = append(out, k, v)
	}
	return out
}
