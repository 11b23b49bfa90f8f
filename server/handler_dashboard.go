package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/markers"
	"oogst/people"
	"oogst/survey"
)

// homeTask is one line of the start page's task list: what waits, and the page where
// it is done (already filtered).
type homeTask struct {
	Text   string
	Href   string
	Urgent bool // overdue: shown first and marked
}

// homeCard is one partnership with the caller's tasks in it.
type homeCard struct {
	people.PartnershipWithRole
	Tasks []homeTask
}

type dashboardData struct {
	Partnerships []people.PartnershipWithRole
	Cards        []homeCard
	Tasks        int // all tasks together; 0: "nothing waits"
}

// dashboard is a staff member's start page: per partnership, what waits for them in
// their role, each line a link to the page where it is done.
func (s *Server) dashboard(c echo.Context) error {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	d := &dashboardData{Partnerships: ps}
	tasks, err := s.homeTasks(c)
	if err != nil {
		return err
	}
	for _, p := range ps {
		card := homeCard{PartnershipWithRole: p, Tasks: tasks[p.ID]}
		d.Tasks += len(card.Tasks)
		d.Cards = append(d.Cards, card)
	}
	return s.render(c, http.StatusOK, "dashboard", s.view(c, "dashboard.title", d))
}

// homeTasks gathers the task lines per partnership. Every count comes from a domain
// query scoped to the caller: a coordinator of A sees nothing of B, a mentor only the
// rounds of her group.
func (s *Server) homeTasks(c echo.Context) (map[int64][]homeTask, error) {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	l := s.loc(c)
	now := s.now()
	out := map[int64][]homeTask{}
	add := func(pid int64, t homeTask) {
		if t.Urgent {
			out[pid] = append([]homeTask{t}, out[pid]...)
			return
		}
		out[pid] = append(out[pid], t)
	}
	review, err := harvest.Tasks(ctx, s.db, sc, now)
	if err != nil {
		return nil, err
	}
	for _, r := range review {
		if r.Overdue > 0 {
			add(r.PartnershipID, homeTask{Text: l.N("staffwork.home.adjustments_overdue", int(r.Overdue)), Href: "/meetings", Urgent: true})
		}
		if r.ToReview > 0 {
			add(r.PartnershipID, homeTask{Text: l.N("staffwork.home.to_review", int(r.ToReview)), Href: fmt.Sprintf("/outcomes?partnership=%d&status=new", r.PartnershipID)})
		}
		if r.Answers > 0 {
			add(r.PartnershipID, homeTask{Text: l.N("staffwork.home.answers", int(r.Answers)), Href: fmt.Sprintf("/outcomes?partnership=%d&status=coded", r.PartnershipID)})
		}
		if r.DueSoon > 0 {
			add(r.PartnershipID, homeTask{Text: l.N("staffwork.home.adjustments_due", int(r.DueSoon), "Days", harvest.DueSoonDays), Href: "/meetings"})
		}
	}
	props, err := markers.PendingProposals(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	for _, p := range props {
		add(p.PartnershipID, homeTask{Text: l.N("staffwork.home.proposals", p.Pending, "Partner", p.Partner, "Period", p.Period),
			Href: fmt.Sprintf("/markers/partners/%d/journals/%d", p.BoundaryPartnerID, p.PeriodID)})
	}
	rounds, err := survey.ListRounds(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	for _, r := range rounds {
		if r.ForStaff || r.OpensAt.After(now) || r.ClosedAt != nil || (r.ClosesAt != nil && !r.ClosesAt.After(now)) {
			continue
		}
		add(r.PartnershipID, homeTask{Text: l.N("staffwork.home.round_open", int(r.Responses), "Title", r.Title), Href: fmt.Sprintf("/survey/rounds/%d", r.ID)})
	}
	for _, pid := range sc.PartnershipIDs() {
		if !markers.Recorder(sc, pid) {
			continue
		}
		per, ok, err := markers.CurrentPeriod(ctx, s.db, sc, pid, now)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		cs, err := markers.JournalCompleteness(ctx, s.db, sc, pid, per.ID)
		if err != nil {
			return nil, err
		}
		for _, j := range cs {
			if !j.Complete() {
				add(pid, homeTask{Text: l.T("staffwork.home.journal_incomplete", "Partner", j.Partner, "Period", per.Label, "Recorded", j.Recorded, "Total", j.Total),
					Href: fmt.Sprintf("/markers/partners/%d/journals/%d", j.BoundaryPartnerID, per.ID)})
			}
		}
	}
	return out, nil
}
