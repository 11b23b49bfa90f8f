package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/reportpdf"
)

// meetingReportPDF is the meeting report as a PDF download, in the reader's language.
// It is loaded and scoped exactly like the printable page and logged like every export.
func (s *Server) meetingReportPDF(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	mv, err := harvest.GetMeeting(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	ov, err := s.reportMarkers(c, mv)
	if err != nil {
		return err
	}
	l := s.loc(c)
	// Render fully before sending anything, so a failure is an error page, not half a file.
	var buf bytes.Buffer
	if err := reportpdf.MeetingWithMarkers(&buf, mv, ov, l, l.Lang); err != nil {
		return err
	}
	if err := harvest.LogExport(ctx, s.db, currentUser(c).ID, mv.Meeting.PartnershipID, "meeting-report.pdf?id="+strconv.FormatInt(id, 10), c.RealIP()); err != nil {
		return err
	}
	w := c.Response()
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="meeting-%d-%s.pdf"`, id, mv.Meeting.HeldAt.Format("2006-01-02")))
	w.Header().Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}
