package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/privacy"
)

// peopleCursistExport: GET /people/:pid/cursists/:cid/export.zip hands a coordinator
// everything Oogst holds about one cursist (her right of access).
func (s *Server) peopleCursistExport(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	// Built in memory first, so that a failure halfway gives an error page, not a
	// broken download. One cursist's data is small.
	var buf bytes.Buffer
	if err := privacy.Export(c.Request().Context(), s.db, scopeOf(c), pid, cid, s.opt.DataDir, c.RealIP(), &buf, s.now()); err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="oogst-cursist-%d.zip"`, cid))
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/zip", buf.Bytes())
}

// peopleCursistErase: POST /people/:pid/cursists/:cid/erase removes a cursist and her
// answers, anonymises her outcomes (her right to erasure).
func (s *Server) peopleCursistErase(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	res, err := privacy.Erase(c.Request().Context(), s.db, scopeOf(c), pid, cid, s.opt.DataDir, c.RealIP())
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).N("people.cursist.erased", res.Responses, "Outcomes", res.Outcomes))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d/cursists", pid))
}
