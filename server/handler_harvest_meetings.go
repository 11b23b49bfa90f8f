package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/people"
)

type meetingsData struct {
	Meetings     []harvest.MeetingRow
	Partnerships []people.PartnershipWithRole // where the caller may prepare meetings
	Options      harvest.FilterOptions
	Statuses     []harvest.Status
	Signs        []string
	Form         meetingForm
	Errors       map[string]string
}

type meetingForm struct {
	PartnershipID                  int64
	Title, Date, Participants, IDs string
	UseFilter                      bool
	RoundID, CodeID                int64
	Status, Sign, Group            string
}

func (s *Server) meetingsData(c echo.Context, f meetingForm) (*meetingsData, error) {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	ms, err := harvest.Meetings(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	opts, err := harvest.Options(ctx, s.db, sc, 0)
	if err != nil {
		return nil, err
	}
	d := &meetingsData{Meetings: ms, Options: opts, Statuses: harvest.Statuses, Signs: harvest.Signs, Form: f}
	for _, p := range opts.Partnerships {
		if sc.Allows(p.ID, people.RoleCoordinator) {
			d.Partnerships = append(d.Partnerships, p)
		}
	}
	return d, nil
}

// meetingsPage lists steering meetings and lets a coordinator prepare one.
func (s *Server) meetingsPage(c echo.Context) error {
	d, err := s.meetingsData(c, meetingForm{Date: s.now().Format(time.DateOnly), UseFilter: true, Status: "coded"})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_meetings", s.view(c, "harvest.meetings.title", d))
}

// meetingCreate prepares a meeting with its agenda.
func (s *Server) meetingCreate(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return err
	}
	v := c.Request().Form
	f := meetingForm{PartnershipID: queryInt(v, "partnership"), Title: v.Get("title"), Date: v.Get("date"),
		Participants: v.Get("participants"), IDs: v.Get("ids"), UseFilter: v.Get("use_filter") == "1",
		RoundID: queryInt(v, "round"), CodeID: queryInt(v, "code"), Status: v.Get("status"), Sign: v.Get("sign"), Group: v.Get("group")}
	in := harvest.MeetingInput{PartnershipID: f.PartnershipID, Title: f.Title, Participants: f.Participants, UseFilter: f.UseFilter,
		Filter:     harvest.Filter{RoundID: f.RoundID, CodeID: f.CodeID, Status: f.Status, Sign: f.Sign, Group: f.Group},
		OutcomeIDs: formIDs(strings.FieldsFunc(f.IDs, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }))}
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(f.Date)); err == nil {
		in.HeldAt = t
	}
	m, err := harvest.CreateMeeting(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, in)
	if fields, ok := fieldErrors(s.loc(c), err); ok {
		d, derr := s.meetingsData(c, f)
		if derr != nil {
			return derr
		}
		d.Errors = fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_meetings", s.view(c, "harvest.meetings.title", d))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.FormatInt(m.ID, 10))
}

type meetingModeData struct {
	MV      harvest.MeetingView
	I       int // 0: opening (open adjustments), 1..n: agenda item
	Item    *harvest.AgendaItem
	Prev    int
	Next    int
	HasNext bool
	Charts  []chart
	Blocks  []string
	Errors  map[string]string
	Adjust  adjustmentForm // the new-adjustment form as typed, after an error
}

// adjustmentForm keeps a rejected adjustment as typed: in a live meeting nobody wants
// to type it twice.
type adjustmentForm struct {
	Description, Owner, Block, DueOn string
}

// meetingMode shows a meeting one outcome at a time in large type.
func (s *Server) meetingMode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	i := int(queryInt(c.QueryParams(), "i"))
	return s.renderMeeting(c, http.StatusOK, id, i, c.QueryParam("charts") == "1", adjustmentForm{}, nil)
}

// renderMeeting draws meeting mode at agenda item i (0: the opening page).
func (s *Server) renderMeeting(c echo.Context, status int, id int64, i int, charts bool, adjust adjustmentForm, errs map[string]string) error {
	mv, err := harvest.GetMeeting(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	if i < 0 || i > len(mv.Items) {
		i = 0
	}
	d := &meetingModeData{MV: mv, I: i, Prev: i - 1, Next: i + 1, HasNext: i < len(mv.Items), Blocks: harvest.Blocks, Adjust: adjust, Errors: errs}
	if i > 0 {
		d.Item = &mv.Items[i-1]
	}
	if charts {
		dd, err := s.dashboardData(c, mv.Meeting.PartnershipID, harvest.AggregateFilter{})
		if err != nil {
			return err
		}
		d.Charts = dd.Charts
	}
	v := s.view(c, "harvest.meeting.title", d)
	// After a rejected POST the page stands in for the meeting itself: links that
	// return "here" (language switch, adjustment status) must lead back to it.
	if status != http.StatusOK {
		v.Path = meetingURL(id, strconv.Itoa(i))
	}
	return s.render(c, status, "harvest_meeting", v)
}

func meetingURL(id int64, i string) string {
	u := "/meetings/" + strconv.FormatInt(id, 10)
	if i != "" && i != "0" {
		u += "?i=" + i
	}
	return u
}

// meetingNote saves the notes on one agenda outcome.
func (s *Server) meetingNote(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	oid, _ := strconv.ParseInt(c.FormValue("outcome"), 10, 64)
	if err := harvest.SaveNote(c.Request().Context(), s.db, scopeOf(c), id, oid, c.FormValue("notes")); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.note_saved"))
	return c.Redirect(http.StatusSeeOther, meetingURL(id, c.FormValue("i")))
}

// meetingAdjustment records an adjustment decided in the meeting.
func (s *Server) meetingAdjustment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := c.FormParams(); err != nil {
		return err
	}
	typed := adjustmentForm{Description: c.FormValue("description"), Owner: c.FormValue("owner"), Block: c.FormValue("block"),
		DueOn: strings.TrimSpace(c.FormValue("due_on"))}
	in := harvest.AdjustmentInput{Description: typed.Description, Owner: typed.Owner, Block: typed.Block,
		OutcomeIDs: formIDs(c.Request().Form["outcome"])}
	if typed.DueOn != "" {
		t, perr := time.Parse(time.DateOnly, typed.DueOn)
		if perr != nil {
			return s.renderMeeting(c, http.StatusUnprocessableEntity, id, int(queryInt(c.Request().Form, "i")), false, typed,
				map[string]string{"due_on": s.loc(c).T("harvest.error.date")})
		}
		in.DueOn = &t
	}
	_, err = harvest.AddAdjustment(c.Request().Context(), s.db, scopeOf(c), id, in)
	if fields, ok := fieldErrors(s.loc(c), err); ok {
		return s.renderMeeting(c, http.StatusUnprocessableEntity, id, int(queryInt(c.Request().Form, "i")), false, typed, fields)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.adjustment_saved"))
	return c.Redirect(http.StatusSeeOther, meetingURL(id, c.FormValue("i")))
}

// adjustmentStatus marks an adjustment done, dropped or open again.
func (s *Server) adjustmentStatus(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := harvest.SetAdjustmentStatus(c.Request().Context(), s.db, scopeOf(c), id, c.FormValue("status")); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.adjustment_saved"))
	return c.Redirect(http.StatusSeeOther, safeNext(c.FormValue("next"), "/meetings"))
}

// meetingReport is the printable report of a meeting, in the reader's language.
func (s *Server) meetingReport(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	mv, err := harvest.GetMeeting(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_report", s.view(c, "harvest.report.title", &meetingModeData{MV: mv}))
}
