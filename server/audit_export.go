package server

import (
	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

// logExport puts a download in the audit log of every partnership whose data it holds:
// an export not narrowed to one partnership covers all of the caller's, and each of
// their coordinators must see it in their own log.
func (s *Server) logExport(c echo.Context, partnershipID int64, what string) error {
	ids := []int64{partnershipID}
	if partnershipID == 0 {
		ids = scopeOf(c).PartnershipIDs()
	}
	for _, pid := range ids {
		if err := harvest.LogExport(c.Request().Context(), s.db, currentUser(c).ID, pid, what, c.RealIP()); err != nil {
			return err
		}
	}
	return nil
}
