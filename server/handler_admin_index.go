package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type adminIndexPage struct {
	Partnerships []people.PartnershipSummary
	Users        []people.UserSummary
}

// adminIndex lists partnerships and accounts for platform admins.
func (s *Server) adminIndex(c echo.Context) error {
	ctx, sc := c.Request().Context(), scopeOf(c)
	ps, err := people.AdminPartnerships(ctx, s.db, sc)
	if err != nil {
		return err
	}
	us, err := people.AdminUsers(ctx, s.db, sc)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "admin_index", s.view(c, "admin.title", &adminIndexPage{Partnerships: ps, Users: us}))
}
