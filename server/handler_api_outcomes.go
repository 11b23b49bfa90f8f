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
	return c.JSON(http.StatusOK, toAPIOutcomeList(page))
}

// apiOutcome returns one outcome.
func (s *Server) apiOutcome(c echo.Context) error {
	o, err := byPathID(s, c, "id", harvest.Get)
	if err != nil {
		return err
	}
	return outcomeJSON(c, o)
}

// outcomeJSON answers with the outcome and its ETag, which a change sends back as
// If-Match.
func outcomeJSON(c echo.Context, o harvest.Outcome) error {
	c.Response().Header().Set("ETag", outcomeETag(o.Version))
	return c.JSON(http.StatusOK, toAPIOutcome(o))
}

// apiOutcomePatch changes codes, status, summary or classification.
func (s *Server) apiOutcomePatch(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var body apiOutcomeChange
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return apperr.New(apperr.KindInvalid, "error.bad_request")
	}
	ch := body.change()
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
	return outcomeJSON(c, o)
}

// apiAggregates returns a partnership's dashboard numbers.
func (s *Server) apiAggregates(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := apiAggregateFilter(c)
	if err != nil {
		return err
	}
	a, err := harvest.Aggregate(c.Request().Context(), s.db, scopeOf(c), pid, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAPIAggregates(pid, a))
}

// apiAggregateFilter reads the ?round= and ?group= that narrow the dashboard numbers
// and their exports in the API (a round that is not a positive number is refused).
func apiAggregateFilter(c echo.Context) (harvest.AggregateFilter, error) {
	q := newAPIQuery(c)
	f := harvest.AggregateFilter{RoundID: q.id("round"), Group: c.QueryParam("group")}
	return f, q.err()
}
