package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
)

// Meeting mode is one page that moves between slides without a reload: 0 opens the
// meeting (agenda, open adjustments), 1..n are the agenda items, n+1 lists the
// decisions. Links work without JavaScript; with it, meeting.js fetches the slide
// alone (?part=slide) and swaps it in, so full screen and typed notes survive.

type meetingModeData struct {
	MV       harvest.MeetingView
	I        int // the slide shown
	Last     int // the decisions slide
	Item     *harvest.AgendaItem
	Prev     int
	Next     int
	HasNext  bool
	Charts   []chart
	Blocks   []string
	Owners   []harvest.OwnerOption
	CanClose bool
	Errors   map[string]string
	Markers  *markers.PeriodOverview // the report's marker overview of the period
	Adjust   adjustmentForm          // the new-adjustment form as typed, after an error
}

// adjustmentForm keeps a rejected adjustment as typed: in a live meeting nobody wants
// to type it twice.
type adjustmentForm struct {
	Description, Owner, Block, DueOn string
	OwnerOrg                         int64
}

func ownerOrg(c echo.Context) *int64 {
	if n, err := strconv.ParseInt(c.FormValue("owner_org"), 10, 64); err == nil && n > 0 {
		return &n
	}
	return nil
}

// meetingMode shows a meeting one slide at a time in large type.
func (s *Server) meetingMode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	i := int(queryInt(c.QueryParams(), "i"))
	return s.renderMeeting(c, http.StatusOK, id, i, c.QueryParam("charts") == "1", adjustmentForm{}, nil)
}

// renderMeeting draws meeting mode at slide i.
func (s *Server) renderMeeting(c echo.Context, status int, id int64, i int, charts bool, adjust adjustmentForm, errs map[string]string) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	mv, err := harvest.GetMeeting(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	last := len(mv.Items) + 1
	if i < 0 || i > last {
		i = 0
	}
	owners, err := harvest.AdjustmentOwners(ctx, s.db, sc, mv.Meeting.PartnershipID)
	if err != nil {
		return err
	}
	d := &meetingModeData{MV: mv, I: i, Last: last, Prev: i - 1, Next: i + 1, HasNext: i < last, Blocks: harvest.Blocks,
		Owners: owners, Adjust: adjust, Errors: errs,
		CanClose: !mv.Meeting.Closed() && sc.Allows(mv.Meeting.PartnershipID, people.RoleCoordinator)}
	if i > 0 && i < last {
		d.Item = &mv.Items[i-1]
	}
	if charts {
		if d.Charts, err = s.meetingCharts(c, mv); err != nil {
			return err
		}
	}
	v := s.view(c, "harvest.meeting.title", d)
	// After a rejected POST the page stands in for the meeting itself: links that
	// return "here" (language switch, adjustment status) must lead back to it.
	if status != http.StatusOK {
		v.Path = meetingURL(id, strconv.Itoa(i))
	}
	if c.QueryParam("part") == "slide" {
		v.Path = meetingURL(id, strconv.Itoa(i))
		return s.renderPartial(c, status, "harvest_meeting", "slide", v)
	}
	return s.render(c, status, "harvest_meeting", v)
}

// meetingCharts are the dashboard charts limited to the meeting's month (as stored at
// closing for a closed meeting).
func (s *Server) meetingCharts(c echo.Context, mv harvest.MeetingView) ([]chart, error) {
	agg, err := harvest.MeetingCharts(c.Request().Context(), s.db, scopeOf(c), mv)
	if err != nil {
		return nil, err
	}
	l := s.loc(c)
	return dashboardCharts(agg, l.Lang, func(id string) string { return l.T(id) }), nil
}

func meetingURL(id int64, i string) string {
	u := "/meetings/" + strconv.FormatInt(id, 10)
	if i != "" && i != "0" {
		u += "?i=" + i
	}
	return u
}

// meetingReport is the printable report of a meeting, in the reader's language: for a
// closed meeting, its record as it stood at closing.
func (s *Server) meetingReport(c echo.Context) error {
	mv, err := byPathID(s, c, "id", harvest.GetMeeting)
	if err != nil {
		return err
	}
	ov, err := s.reportMarkers(c, mv)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_report", s.view(c, "harvest.report.title", &meetingModeData{MV: mv, Markers: ov}))
}

// meetingClose freezes the meeting's record (coordinators).
func (s *Server) meetingClose(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := harvest.CloseMeeting(c.Request().Context(), s.db, scopeOf(c), id, s.now()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("meeting2.closed_flash"))
	return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.FormatInt(id, 10)+"/report")
}
