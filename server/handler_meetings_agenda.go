package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

type agendaData struct {
	MV         harvest.MeetingView
	Query      string
	Candidates []harvest.AgendaCandidate
	IDs        string
	Errors     map[string]string
}

// meetingAgenda is the agenda editor: reorder, remove, and add outcomes found by
// number or text within the meeting's partnership.
func (s *Server) meetingAgenda(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.renderAgenda(c, http.StatusOK, id, "", nil)
}

func (s *Server) renderAgenda(c echo.Context, status int, id int64, ids string, errs map[string]string) error {
	ctx := c.Request().Context()
	mv, err := harvest.GetMeeting(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	d := &agendaData{MV: mv, Query: c.QueryParam("q"), IDs: ids, Errors: errs}
	if d.Candidates, err = harvest.SearchAgendaCandidates(ctx, s.db, scopeOf(c), id, d.Query); err != nil {
		return err
	}
	v := s.view(c, "meeting2.agenda.title", d)
	if status != http.StatusOK {
		v.Path = "/meetings/" + strconv.FormatInt(id, 10) + "/agenda"
	}
	return s.render(c, status, "harvest_meeting_agenda", v)
}

// meetingAgendaEdit adds (by number or from the search), removes or moves items.
func (s *Server) meetingAgendaEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sc := scopeOf(c)
	oid, _ := strconv.ParseInt(c.FormValue("outcome"), 10, 64)
	switch c.FormValue("action") {
	case "remove":
		err = harvest.RemoveAgendaItem(ctx, s.db, sc, id, oid)
	case "up":
		err = harvest.MoveAgendaItem(ctx, s.db, sc, id, oid, -1)
	case "down":
		err = harvest.MoveAgendaItem(ctx, s.db, sc, id, oid, 1)
	default:
		typed := c.FormValue("ids")
		var ids []int64
		if oid > 0 {
			ids = []int64{oid}
		} else if ids, err = harvest.ParseIDList("ids", typed); err == nil && len(ids) == 0 {
			err = invalidField("ids", "meeting2.error.no_ids")
		}
		if err == nil {
			err = harvest.AddAgendaItems(ctx, s.db, sc, id, ids)
		}
		if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
			return s.renderAgenda(c, http.StatusUnprocessableEntity, id, typed, fields)
		}
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("meeting2.agenda.saved"))
	return c.Redirect(http.StatusSeeOther, "/meetings/"+strconv.FormatInt(id, 10)+"/agenda")
}

// outcomeNextMeeting puts an outcome on the agenda of its partnership's next meeting.
func (s *Server) outcomeNextMeeting(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	back := safeNext(c.FormValue("next"), "/outcomes/"+strconv.FormatInt(id, 10))
	m, err := harvest.AddToNextMeeting(c.Request().Context(), s.db, scopeOf(c), id, s.now())
	if e, ok := asConflict(err); ok {
		// "No next meeting" is news for the reader, not an error page.
		s.flash(c, message(s.loc(c), e))
		return c.Redirect(http.StatusSeeOther, back)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("meeting2.next.added", "Title", m.Title, "Date", m.HeldAt.Format("2006-01-02")))
	return c.Redirect(http.StatusSeeOther, back)
}
