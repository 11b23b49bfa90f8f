package server

import (
	"github.com/labstack/echo/v4"

	"oogst/survey"
)

// attachment: GET /attachments/:id plays a voice answer to staff of its partnership
// (mentors: rounds of their own group); anyone else gets 404.
func (s *Server) attachment(c echo.Context) error {
	a, err := survey.AttachmentForStaff(c.Request().Context(), s.db, scopeOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return s.serveUpload(c, a.FileName, a.Mime)
}
