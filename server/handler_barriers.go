package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/locale"
)

// The barriers pages mirror the codes pages (handler_codes.go): the ten presets and a
// partnership's own barriers, with add, rename and retire.

type barriersData struct {
	PartnershipID int64
	Partnership   string
	Barriers      []harvest.Barrier
	CanEdit       bool
	Form          locale.Text
	Errors        map[string]string
}

func barriersPath(pid int64) string {
	return "/partnerships/" + strconv.FormatInt(pid, 10) + "/barriers"
}

// barriersPage lists a partnership's barriers.
func (s *Server) barriersPage(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.barriersData(c, pid)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_barriers", s.view(c, "barriers.manage.title", d))
}

func (s *Server) barriersData(c echo.Context, pid int64) (*barriersData, error) {
	bs, err := harvest.Barriers(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return nil, err
	}
	name, err := partnershipName(c, s, pid)
	if err != nil {
		return nil, err
	}
	return &barriersData{PartnershipID: pid, Partnership: name, Barriers: bs, CanEdit: harvest.CanReview(scopeOf(c), pid)}, nil
}

// barrierAdd creates a partnership barrier.
func (s *Server) barrierAdd(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n := codeNamesFrom(c)
	_, err = harvest.AddBarrier(c.Request().Context(), s.db, scopeOf(c), pid, n)
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		d, derr := s.barriersData(c, pid)
		if derr != nil {
			return derr
		}
		d.Form, d.Errors = n, fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_barriers", s.view(c, "barriers.manage.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("barriers.manage.added"))
	return c.Redirect(http.StatusSeeOther, barriersPath(pid))
}

// barrierUpdate renames, retires or brings back a partnership barrier.
func (s *Server) barrierUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var b harvest.Barrier
	switch c.FormValue("action") {
	case "retire":
		b, err = harvest.RetireBarrier(ctx, s.db, scopeOf(c), id, true, s.now())
	case "restore":
		b, err = harvest.RetireBarrier(ctx, s.db, scopeOf(c), id, false, s.now())
	default:
		b, err = harvest.RenameBarrier(ctx, s.db, scopeOf(c), id, codeNamesFrom(c))
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid && b.PartnershipID != nil {
		s.flash(c, s.loc(c).T("barriers.error.name"))
		return c.Redirect(http.StatusSeeOther, barriersPath(*b.PartnershipID))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("barriers.manage.saved"))
	return c.Redirect(http.StatusSeeOther, barriersPath(*b.PartnershipID))
}
