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
		Filter: harvest.Filter{RoundID: f.RoundID, CodeID: f.CodeID, Status: f.Status, Sign: f.Sign, Group: f.Group}, HeldAt: formDay(f.Date)}
	var m harvest.Meeting
	ids, err := harvest.ParseIDList("ids", f.IDs)
	if err == nil {
		in.OutcomeIDs = ids
		m, err = harvest.CreateMeeting(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, in)
	}
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
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

// meetingNote saves the notes on one agenda outcome.
func (s *Server) meetingNote(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	oid, _ := strconv.ParseInt(c.FormValue("outcome"), 10, 64)
	ctx := c.Request().Context()
	if _, err := c.FormParams(); err != nil {
		return err
	}
	var saveErr error
	if _, ok := c.Request().Form["base"]; ok {
		saveErr = harvest.SaveNoteOver(ctx, s.db, scopeOf(c), id, oid, c.FormValue("notes"), c.FormValue("base"))
	} else {
		saveErr = harvest.SaveNote(ctx, s.db, scopeOf(c), id, oid, c.FormValue("notes"))
	}
	if msg, _ := asConflict(saveErr); msg.ID == "meeting2.error.note_conflict" && wantsJSON(c) {
		// Someone else saved these notes meanwhile: meeting mode merges both texts.
		if cur, err := harvest.Note(ctx, s.db, scopeOf(c), id, oid); err == nil {
			return c.JSON(http.StatusConflict, map[string]any{"error": s.loc(c).T("meeting2.error.note_conflict"), "current": cur})
		}
	}
	if saveErr != nil {
		return saveErr
	}
	// Meeting mode saves notes in the background (on change, and before moving on).
	if wantsJSON(c) {
		return c.JSON(http.StatusOK, map[string]any{"saved": true})
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
		OwnerOrganisationID: ownerOrg(c), OutcomeIDs: formIDs(c.Request().Form["outcome"])}
	if in.DueOn, err = formDate("due_on", typed.DueOn); err == nil {
		_, err = harvest.AddAdjustment(c.Request().Context(), s.db, scopeOf(c), id, in)
	}
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.renderMeeting(c, http.StatusUnprocessableEntity, id, int(queryInt(c.Request().Form, "i")), false, typed, fields)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.meeting.adjustment_saved"))
	return c.Redirect(http.StatusSeeOther, meetingURL(id, c.FormValue("i")))
}
