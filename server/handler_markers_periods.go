package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/markers"
	"oogst/people"
)

type periodsData struct {
	Partnership  people.PartnershipWithRole
	Partnerships []people.PartnershipWithRole
	Periods      []markers.Period
	CanManage    bool
	Form         markers.PeriodInput
	Errors       map[string]string
}

// markersPeriods lists a partnership's monitoring periods, with a form to add one.
func (s *Server) markersPeriods(c echo.Context) error {
	return s.renderPeriods(c, http.StatusOK, &periodsData{})
}

func (s *Server) renderPeriods(c echo.Context, status int, d *periodsData) error {
	p, all, err := s.markersPartnership(c)
	if err != nil {
		return err
	}
	ps, err := markers.Periods(c.Request().Context(), s.db, scopeOf(c), p.ID)
	if err != nil {
		return err
	}
	d.Partnership, d.Partnerships, d.Periods, d.CanManage = p, all, ps, isCoordinator(c, p.ID)
	return s.render(c, status, "markers_periods", s.view(c, "markers.periods.title", d))
}

// markersPeriodCreate adds a period.
func (s *Server) markersPeriodCreate(c echo.Context) error {
	pid, err := strconv.ParseInt(c.FormValue("partnership_id"), 10, 64)
	if err != nil {
		return errNotFound()
	}
	in := markers.PeriodInput{PartnershipID: pid, Label: c.FormValue("label"), StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on")}
	_, err = markers.CreatePeriod(c.Request().Context(), s.db, scopeOf(c), in)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		c.QueryParams().Set("partnership", strconv.FormatInt(pid, 10))
		return s.renderPeriods(c, http.StatusUnprocessableEntity, &periodsData{Form: in, Errors: fe})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.period.created", "Label", in.Label))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/periods?partnership=%d", pid))
}

type periodFormData struct {
	Period markers.Period
	Form   markers.PeriodInput
	Errors map[string]string
}

// markersPeriodEdit shows the edit form of a period.
func (s *Server) markersPeriodEdit(c echo.Context) error {
	p, err := byPathID(s, c, "id", markers.GetPeriod)
	if err != nil {
		return err
	}
	if !isCoordinator(c, p.PartnershipID) {
		return errForbidden()
	}
	d := &periodFormData{Period: p, Form: markers.PeriodInput{Label: p.Label, StartsOn: p.StartsOn.Format(markers.DateLayout), EndsOn: p.EndsOn.Format(markers.DateLayout)}}
	return s.render(c, http.StatusOK, "markers_period_form", s.view(c, "markers.period.edit_title", d))
}

// markersPeriodUpdate saves a period.
func (s *Server) markersPeriodUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	in := markers.PeriodInput{Label: c.FormValue("label"), StartsOn: c.FormValue("starts_on"), EndsOn: c.FormValue("ends_on")}
	p, err := markers.UpdatePeriod(c.Request().Context(), s.db, scopeOf(c), id, in)
	if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.render(c, http.StatusUnprocessableEntity, "markers_period_form", s.view(c, "markers.period.edit_title", &periodFormData{Period: p, Form: in, Errors: fe}))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("markers.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/markers/periods?partnership=%d", p.PartnershipID))
}
