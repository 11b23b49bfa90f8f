package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// peopleIndex lists the partnerships whose people the caller manages (coordinator) or
// whose group they follow (mentor).
func (s *Server) peopleIndex(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	var shown []people.PartnershipWithRole
	for _, p := range ps {
		if p.Role == people.RoleCoordinator || p.Role == people.RoleMentor {
			shown = append(shown, p)
		}
	}
	return s.render(c, http.StatusOK, "people_index", s.view(c, "people.index.title", shown))
}
