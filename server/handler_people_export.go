package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/csvsafe"
	"oogst/people"
)

// peopleCursistsCSV downloads the cursist list (as the caller may see it) in the
// import's column order, so it can be edited and imported elsewhere. Every download is
// in the audit log.
func (s *Server) peopleCursistsCSV(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := people.Cursists(ctx, s.db, scopeOf(c), pid)
	if err != nil {
		return err
	}
	sep, err := csvSep(s.loc(c), c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf, sep, true)
	_ = w.Write([]string{"code", "first_name", "group", "language", "active"})
	for _, cu := range list.Cursists {
		_ = w.Write([]string{cu.Code, cu.FirstName, cu.GroupName, cu.PreferredLanguage, fmt.Sprint(cu.Active)})
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("server: write cursists csv: %w", err)
	}
	if err := people.AuditExport(ctx, s.db, scopeOf(c), pid, "cursists.csv", c.RealIP()); err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="cursists-%d.csv"`, pid))
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
