package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/people"
	"oogst/survey"
)

// undeliverablePerIP limits reports from one address: a classroom tablet reports a
// handful at most, and each one is kept for a person to read.
var undeliverablePerIP = people.Limit{Max: 30, Window: 10 * time.Minute}

// apiRoundUndeliverable: POST /api/v1/rounds/:code/undeliverable keeps a refused
// reflection (the tablet's raw submission and the reason it got) for the round's
// coordinator. Public like the submission itself; rate limited per IP, size capped.
// 202 when kept (or already known), 413 when too big, 429 when too many.
func (s *Server) apiRoundUndeliverable(c echo.Context) error {
	ctx := c.Request().Context()
	// Every report counts, kept or not: reserving first is atomic, so parallel reports
	// cannot slip past the limit.
	key := "undeliverable:" + clientIP(c)
	if _, err := people.Reserve(ctx, s.db, key, undeliverablePerIP, s.now()); err != nil {
		return err
	}
	limit := int64(survey.MaxUndeliverableBytes + 4<<10)
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, limit+1))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || int64(len(body)) > limit {
		return &tooLargeError{limit: limit}
	}
	if err != nil {
		return err
	}
	var rep apiUndeliverable
	if err := json.Unmarshal(body, &rep); err != nil {
		v := apperr.Invalid{}
		v.Add("body", "submit.bad_body")
		return v.Err()
	}
	err = s.withJoinLimit(c, func() error {
		return survey.ReportUndeliverable(ctx, s.db, c.Param("code"), rep.ID, rep.Payload, rep.Reason, s.now())
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, apiUndeliverableKept{ID: rep.ID})
}

// surveyUndeliverable: POST /survey/rounds/:id/undeliverable/:uid/accept|discard, the
// coordinator's decision on a refused reflection.
func (s *Server) surveyUndeliverable(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		uid, err := pathID(c, "uid")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		msg := "tabletstaff.undeliverable.discarded"
		if accept {
			msg = "tabletstaff.undeliverable.accepted"
			err = survey.AcceptUndeliverable(ctx, s.db, s.sinks(), scopeOf(c), id, uid, c.RealIP(), s.now())
		} else {
			err = survey.DiscardUndeliverable(ctx, s.db, scopeOf(c), id, uid, c.RealIP(), s.now())
		}
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid {
			// The answers cannot be a response (a cursist left the group, say): say so
			// and keep the report listed.
			s.flash(c, s.loc(c).T("tabletstaff.undeliverable.cannot_accept"))
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", id))
		}
		if err != nil {
			return err
		}
		s.flash(c, s.loc(c).T(msg))
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d", id))
	}
}
