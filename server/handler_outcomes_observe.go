package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/people"
)

type observeData struct {
	Partnerships []people.PartnershipWithRole
	Cursists     []harvest.ObservableCursist
	Form         observeForm
	Errors       map[string]string
	Roles        []string
	Signs        []string
	Blocks       []string
}

type observeForm struct {
	PartnershipID, CursistID                           int64
	Role, Date                                         string
	Change, Significance, Sign, Contribution, Language string
	Blocks                                             map[string]bool
}

// observeData gathers the partnerships the caller observes in and, for the chosen
// one, the cursists she may record an observation for.
func (s *Server) observeData(c echo.Context, f observeForm) (*observeData, error) {
	ctx, sc := c.Request().Context(), scopeOf(c)
	if f.PartnershipID != 0 && !sc.Member(f.PartnershipID) {
		return nil, apperr.NotFound()
	}
	ps, err := people.Partnerships(ctx, s.db, sc)
	if err != nil {
		return nil, err
	}
	d := &observeData{Form: f, Roles: harvest.ObserverRoles, Signs: harvest.Signs, Blocks: harvest.Blocks}
	for _, p := range ps {
		if harvest.CanObserve(sc, p.ID) {
			d.Partnerships = append(d.Partnerships, p)
		}
	}
	if len(d.Partnerships) == 0 {
		return nil, apperr.Forbidden()
	}
	if d.Form.PartnershipID == 0 {
		d.Form.PartnershipID = d.Partnerships[0].ID
	}
	if d.Cursists, err = harvest.ObservableCursists(ctx, s.db, sc, d.Form.PartnershipID); err != nil {
		return nil, err
	}
	if d.Form.Blocks == nil {
		d.Form.Blocks = map[string]bool{}
	}
	return d, nil
}

// outcomeObserve is the form on which a mentor, job coach or SPOC (or a reviewer)
// records a change she saw in a cursist.
func (s *Server) outcomeObserve(c echo.Context) error {
	pid := queryInt(c.QueryParams(), "partnership")
	role := "workplace_mentor"
	d, err := s.observeData(c, observeForm{PartnershipID: pid, CursistID: queryInt(c.QueryParams(), "cursist"), Role: role,
		Language: s.loc(c).Lang, Date: s.now().Format(time.DateOnly)})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_observe", s.view(c, "observe.title", d))
}

// outcomeObserveSave stores the observation; on an error the form comes back as typed.
func (s *Server) outcomeObserveSave(c echo.Context) error {
	if _, err := c.FormParams(); err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(c.FormValue("partnership"), 10, 64)
	cid, _ := strconv.ParseInt(c.FormValue("cursist"), 10, 64)
	f := observeForm{PartnershipID: pid, CursistID: cid, Role: c.FormValue("observer_role"), Date: c.FormValue("date"),
		Change: c.FormValue("change"), Significance: c.FormValue("significance"), Sign: c.FormValue("sign"),
		Contribution: c.FormValue("contribution"), Language: c.FormValue("language")}
	f.Blocks = checkedBlocks(c)
	in := harvest.ObservationInput{PartnershipID: pid, CursistID: cid, ObserverRole: f.Role, Language: f.Language,
		Change: f.Change, Significance: f.Significance, Sign: f.Sign, Contribution: f.Contribution, Blocks: c.Request().Form["block"],
		ObservedAt: formDay(f.Date)}
	o, err := harvest.RecordObservation(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, in)
	return s.outcomeRecorded(c, o, err, "observe.saved", func(fields map[string]string) error {
		d, err := s.observeData(c, f)
		if err != nil {
			return err
		}
		d.Errors = fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_observe", s.view(c, "observe.title", d))
	})
}
