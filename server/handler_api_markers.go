package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/markers"
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
	pid, err := apiPartnershipParam(c)
	if err != nil {
		return err
	}
	bps, err := markers.Partners(c.Request().Context(), s.db, scopeOf(c), pid)
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
	pid, err := apiPartnershipParam(c)
	if err != nil {
		return err
	}
	ps, err := markers.Periods(c.Request().Context(), s.db, scopeOf(c), pid)
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

// apiPartnershipParam reads the only filter of a markers list: ?partnership=.
func apiPartnershipParam(c echo.Context) (int64, error) {
	q := newAPIQuery(c)
	pid, err := q.partnership(scopeOf(c))
	if qerr := q.err(); qerr != nil {
		return 0, qerr
	}
	return pid, err
}
