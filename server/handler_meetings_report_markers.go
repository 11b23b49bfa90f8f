package server

import (
	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/markers"
)

// reportMarkers is the marker overview of the period a meeting looks back on, for its
// report. Meetings and markers have the same readers (coordinators and partners), so
// whoever got the meeting gets its overview.
func (s *Server) reportMarkers(c echo.Context, mv harvest.MeetingView) (*markers.PeriodOverview, error) {
	ov, err := markers.OverviewAt(c.Request().Context(), s.db, scopeOf(c), mv.Meeting.PartnershipID, mv.Meeting.HeldAt)
	if err != nil {
		return nil, err
	}
	return &ov, nil
}
