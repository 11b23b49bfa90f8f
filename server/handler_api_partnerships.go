package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// apiPartnerships lists the caller's partnerships with their role.
func (s *Server) apiPartnerships(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(mapList(ps, toAPIPartnership)))
}

// apiCursists lists a partnership's cursists (a mentor: their own group).
func (s *Server) apiCursists(c echo.Context) error {
	list, err := byPathID(s, c, "id", people.Cursists)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listOf(mapList(list.Cursists, toAPICursist)))
}
