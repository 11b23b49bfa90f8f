package server

import (
	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/markers"
	"oogst/people"
)

// Shared helpers of the markers pages.

// markersPartnership picks the partnership a markers page is about: the ?partnership=
// one, or else the caller's first partnership with access to the markers area.
func (s *Server) markersPartnership(c echo.Context) (people.PartnershipWithRole, []people.PartnershipWithRole, error) {
	id, err := queryID(c, "partnership")
	if err != nil {
		return people.PartnershipWithRole{}, nil, err
	}
	all, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return people.PartnershipWithRole{}, nil, err
	}
	var mine []people.PartnershipWithRole
	for _, p := range all {
		if p.Role == people.RoleCoordinator || p.Role == people.RolePartner {
			mine = append(mine, p)
		}
	}
	for _, p := range mine {
		if id == 0 || p.ID == id {
			return p, mine, nil
		}
	}
	return people.PartnershipWithRole{}, nil, apperr.NotFound()
}

// markerText is the marker's wording in the page's language.
func markerText(c echo.Context, s *Server, m markers.Marker) string {
	return m.Text().In(s.loc(c).Lang)
}

func isCoordinator(c echo.Context, partnershipID int64) bool {
	return scopeOf(c).Allows(partnershipID, people.RoleCoordinator)
}

func errForbidden() error { return apperr.Forbidden() }

func errNotFound() error { return apperr.NotFound() }

// markersSomewhere shows the markers link to coordinators and partners.
func markersSomewhere(_ *people.User, sc people.Scope) bool {
	for _, r := range sc.Roles {
		if r == people.RoleCoordinator || r == people.RolePartner {
			return true
		}
	}
	return false
}
