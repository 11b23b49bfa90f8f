package server

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

// apiOutcomes lists outcomes: {"items": [...], "total": N}, with the inbox's filters.
func (s *Server) apiOutcomes(c echo.Context) error {
	f, err := apiOutcomeFilter(c, true)
	if err != nil {
		return err
	}
	page, err := harvest.List(c.Request().Context(), s.db, scopeOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, page)
}

// apiOutcome returns one outcome.
func (s *Server) apiOutcome(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	o, err := harvest.Get(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", outcomeETag(o.Version))
	return c.JSON(http.StatusOK, o)
}

// apiOutcomePatch changes codes, status, summary or classification.
func (s *Server) apiOutcomePatch(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var ch harvest.Change
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ch); err != nil {
		return apperr.New(apperr.KindInvalid, "error.bad_request")
	}
	var precondition bool
	if ch.Version, precondition = ifMatchVersion(c.Request().Header.Get("If-Match")); !precondition {
		return preconditionFailed(nil)
	}
	o, err := harvest.Update(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, ch)
	if apperr.IsStale(err) && ch.Version != nil {
		return preconditionFailed(err)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", outcomeETag(o.Version))
	return c.JSON(http.StatusOK, o)
}

// apiAggregates returns a partnership's dashboard numbers.
func (s *Server) apiAggregates(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := newAPIQuery(c)
	round := q.id("round")
	if err := q.err(); err != nil {
		return err
	}
	a, err := harvest.Aggregate(c.Request().Context(), s.db, scopeOf(c), pid, harvest.AggregateFilter{RoundID: round, Group: c.QueryParam("group")})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{
		"partnership_id": pid, "total": a.Total, "by_sign": a.BySign, "by_code": a.ByCode, "by_block": a.ByBlock,
		"by_round": a.ByRound, "by_group": a.ByGroup, "by_status": a.ByStatus, "by_period": a.ByPeriod, "trend": a.Trend,
	})
}
