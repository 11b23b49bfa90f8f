package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type dashboardData struct {
	Partnerships []people.PartnershipWithRole
}

// dashboard is a staff member's start page: their partnerships and what needs them.
func (s *Server) dashboard(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dashboard", s.view(c, "dashboard.title", &dashboardData{Partnerships: ps}))
}
