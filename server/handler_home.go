package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// home is the front door: cursists type a join code, staff go to their dashboard.
func (s *Server) home(c echo.Context) error {
	if currentUser(c) != nil && c.QueryParam("join") == "" {
		return c.Redirect(http.StatusSeeOther, "/dashboard")
	}
	return s.render(c, http.StatusOK, "home", s.view(c, "home.title", nil))
}

// privacy explains, in every cursist language, what Oogst keeps and for how long.
func (s *Server) privacy(c echo.Context) error {
	return s.render(c, http.StatusOK, "privacy", s.view(c, "privacy.title", map[string]int{"RetentionDays": s.opt.RetentionDays}))
}
