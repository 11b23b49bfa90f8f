package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/survey"
)

// homeData is what the home page shows after a failed join: the typed code, kept, and
// why it did not work.
type homeData struct {
	Code  string
	Error string
}

// normaliseJoinCode makes a typed code comparable: trimmed, upper case, no inner spaces
// or dashes (cursists copy "DEM-042" from the board as they see it).
func normaliseJoinCode(raw string) string {
	return survey.NormalizeCode(strings.Join(strings.Fields(raw), ""))
}

// tabletJoin takes the home page's code box to the round's tablet page, or back home
// with a translated error and the typed code kept.
func (s *Server) tabletJoin(c echo.Context) error {
	typed := c.QueryParam("code")
	code := normaliseJoinCode(typed)
	if code != "" && len(code) <= 12 {
		r, err := s.findTabletRound(c, code)
		if err != nil {
			return err
		}
		if r != nil && (r.Open || r.Closed) {
			return c.Redirect(http.StatusSeeOther, "/r/"+url.PathEscape(code))
		}
	}
	return s.tabletUnknownCode(c, typed)
}

// tabletUnknownCode renders the home page with the join error (404: there is no such
// open round).
func (s *Server) tabletUnknownCode(c echo.Context, typed string) error {
	if r := []rune(typed); len(r) > 40 {
		typed = string(r[:40])
	}
	v := s.view(c, "home.title", homeData{Code: typed, Error: s.loc(c).T("tablet.join_unknown")})
	return s.renderCursist(c, http.StatusNotFound, "home", v)
}
