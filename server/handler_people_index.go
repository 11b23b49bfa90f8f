package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// peopleIndex lists the caller's partnerships: coordinators manage them, partners and
// mentors see (their group of) the cursists.
func (s *Server) peopleIndex(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "people_index", s.view(c, "people.index.title", ps))
}
