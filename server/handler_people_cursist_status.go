package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// cursistStatusPage is a cursist's status: the current one, the history and the form
// for a change. Coordinators keep it for every cursist, mentors for their own group.
type cursistStatusPage struct {
	PID         int64
	Partnership string
	Cursist     people.Cursist
	Current     string // the current status's label
	History     []statusEntry
	In          people.StatusInput
	Errors      map[string]string
	Statuses    []statusOption
	Reasons     []statusOption
	Outflows    []statusOption
	Today       string
}

type statusEntry struct {
	people.StatusChange
	Label string
}

func (s *Server) renderCursistStatus(c echo.Context, status int, pid, cid int64, pg *cursistStatusPage) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	cu, err := people.CursistForStatus(ctx, s.db, sc, pid, cid)
	if err != nil {
		return err
	}
	hist, err := people.StatusHistory(ctx, s.db, sc, pid, cid)
	if err != nil {
		return err
	}
	p, err := people.PartnershipByID(ctx, s.db, sc, pid)
	if err != nil {
		return err
	}
	l := s.loc(c)
	pg.PID, pg.Partnership, pg.Cursist = pid, p.Name, cu
	pg.Current = cursistStatusLabel(l, cu.Status, cu.StatusDetail)
	for _, h := range hist {
		pg.History = append(pg.History, statusEntry{StatusChange: h, Label: cursistStatusLabel(l, h.Status, h.Detail)})
	}
	pg.Statuses = statusOptions(l, people.CursistStatuses, cursistStatusIDs)
	pg.Reasons = statusOptions(l, people.StopReasons, stopReasonIDs)
	pg.Outflows = statusOptions(l, people.OutflowResults, outflowIDs)
	pg.Today = s.now().UTC().Format(time.DateOnly)
	v := s.view(c, "", pg)
	v.Title = l.T("cursiststatus.title", "Code", cu.Code)
	return s.render(c, status, "people_cursist_status", v)
}

// peopleCursistStatus shows a cursist's status and the form to change it.
func (s *Server) peopleCursistStatus(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	in := people.StatusInput{EffectiveOn: s.now().UTC().Format(time.DateOnly)}
	return s.renderCursistStatus(c, http.StatusOK, pid, cid, &cursistStatusPage{In: in})
}

// peopleCursistStatusSet records a status change; a refused one comes back with the
// reasons beside the fields and everything typed kept.
func (s *Server) peopleCursistStatusSet(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	in := people.StatusInput{Status: c.FormValue("status"), Reason: c.FormValue("reason"), Outflow: c.FormValue("outflow"),
		EffectiveOn: c.FormValue("effective_on"), IP: c.RealIP()}
	cu, err := people.SetCursistStatus(c.Request().Context(), s.db, scopeOf(c), pid, cid, in, s.now())
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderCursistStatus(c, status, pid, cid, &cursistStatusPage{In: in, Errors: fe})
	}, s.loc(c).T("cursiststatus.saved", "Code", cu.Code, "Status", cursistStatusLabel(s.loc(c), cu.Status, cu.StatusDetail)), fmt.Sprintf("/people/%d/cursists", pid))
}
