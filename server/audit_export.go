package server

import (
	"github.com/labstack/echo/v4"
)

// logExport puts a download in the audit log of every partnership whose data it holds:
// an export not narrowed to one partnership covers all of the caller's, and each of
// their coordinators must see it in their own log.
func (s *Server) logExport(c echo.Context, partnershipID int64, what string) error {
	return s.exportAudit(c, partnershipID, what)()
}
