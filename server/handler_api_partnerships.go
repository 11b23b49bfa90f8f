package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// apiPartnerships lists the caller's partnerships with their role.
func (s *Server) apiPartnerships(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []people.PartnershipWithRole{}
	}
	return c.JSON(http.StatusOK, apiList[people.PartnershipWithRole]{Items: ps, Total: len(ps)})
}

// apiCursist is a cursist as the API shows it.
type apiCursist struct {
	ID                int64      `json:"id"`
	Code              string     `json:"code"`
	FirstName         string     `json:"first_name"`
	Group             string     `json:"group"`
	PreferredLanguage string     `json:"preferred_language"`
	ConsentAt         *time.Time `json:"consent_at"`
	ConsentVersion    string     `json:"consent_version"`
	Active            bool       `json:"active"`
}

// apiCursists lists a partnership's cursists (a mentor: their own group).
func (s *Server) apiCursists(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	list, err := people.Cursists(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return err
	}
	items := make([]apiCursist, len(list.Cursists))
	for i, cu := range list.Cursists {
		items[i] = apiCursist{ID: cu.ID, Code: cu.Code, FirstName: cu.FirstName, Group: cu.GroupName, PreferredLanguage: cu.PreferredLanguage,
			ConsentAt: cu.ConsentAt, ConsentVersion: cu.ConsentVersion, Active: cu.Active}
	}
	return c.JSON(http.StatusOK, apiList[apiCursist]{Items: items, Total: len(items)})
}
