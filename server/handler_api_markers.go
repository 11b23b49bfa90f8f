package server

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/db"
	"oogst/markers"
	"oogst/people"
)

// apiPartner is a boundary partner with its markers, retired ones included.
func (s *Server) apiPartner(c echo.Context, bp markers.BoundaryPartner) (apiBoundaryPartner, error) {
	ms, err := markers.Markers(c.Request().Context(), s.db, scopeOf(c), bp.ID, true)
	if err != nil {
		return apiBoundaryPartner{}, err
	}
	return toAPIBoundaryPartner(bp, ms), nil
}

// apiBoundaryPartners: GET /api/v1/boundary-partners[?partnership=]
func (s *Server) apiBoundaryPartners(c echo.Context) error {
	bps, err := byPartnershipParam(s, c, markers.Partners)
	if err != nil {
		return err
	}
	items := []apiBoundaryPartner{}
	for _, bp := range bps {
		item, err := s.apiPartner(c, bp)
		if err != nil {
			return err
		}
		items = append(items, item)
	}
	return c.JSON(http.StatusOK, listOf(items))
}

// apiBoundaryPartner: GET /api/v1/boundary-partners/:id
func (s *Server) apiBoundaryPartner(c echo.Context) error {
	bp, err := byPathID(s, c, "id", markers.Partner)
	if err != nil {
		return err
	}
	item, err := s.apiPartner(c, bp)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, item)
}

// apiPeriods: GET /api/v1/periods[?partnership=]
func (s *Server) apiPeriods(c echo.Context) error {
	ps, err := byPartnershipParam(s, c, markers.Periods)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(mapList(ps, toAPIPeriod)))
}

// apiJournals: GET /api/v1/journals[?partnership=][&period=]
func (s *Server) apiJournals(c echo.Context) error {
	q := newAPIQuery(c)
	per := q.id("period")
	pid, err := q.partnership(scopeOf(c))
	if qerr := q.err(); qerr != nil {
		return qerr
	}
	if err != nil {
		return err
	}
	js, err := markers.Journals(c.Request().Context(), s.db, scopeOf(c), pid, per)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(mapList(js, toAPIJournal)))
}

// byPartnershipParam calls list, in the request's context and the caller's scope, with
// the only filter of a markers list: ?partnership= (0: every partnership the caller may
// see).
func byPartnershipParam[T any](s *Server, c echo.Context, list func(context.Context, *db.DB, people.Scope, int64) (T, error)) (T, error) {
	q := newAPIQuery(c)
	pid, err := q.partnership(scopeOf(c))
	if qerr := q.err(); qerr != nil {
		err = qerr
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return list(c.Request().Context(), s.db, scopeOf(c), pid)
}
