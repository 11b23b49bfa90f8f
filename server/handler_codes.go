package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/locale"
)

type codesData struct {
	PartnershipID int64
	Partnership   string
	Codes         []harvest.Code
	CanEdit       bool
	Form          locale.Text
	Errors        map[string]string
}

// codesPage lists a partnership's codes: the presets and its own, with add/rename/retire.
func (s *Server) codesPage(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.codesData(c, pid)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_codes", s.view(c, "harvest.codes.title", d))
}

func (s *Server) codesData(c echo.Context, pid int64) (*codesData, error) {
	codes, err := harvest.Codes(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return nil, err
	}
	name, err := partnershipName(c, s, pid)
	if err != nil {
		return nil, err
	}
	return &codesData{PartnershipID: pid, Partnership: name, Codes: codes, CanEdit: harvest.CanReview(scopeOf(c), pid)}, nil
}

func codeNamesFrom(c echo.Context) locale.Text {
	return locale.StaffText(c.FormValue("name_nl"), c.FormValue("name_fr"), c.FormValue("name_en"))
}

// codeAdd creates a partnership code.
func (s *Server) codeAdd(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n := codeNamesFrom(c)
	_, err = harvest.AddCode(c.Request().Context(), s.db, scopeOf(c), pid, n)
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		d, derr := s.codesData(c, pid)
		if derr != nil {
			return derr
		}
		d.Form, d.Errors = n, fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_codes", s.view(c, "harvest.codes.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.codes.added"))
	return c.Redirect(http.StatusSeeOther, "/partnerships/"+strconv.FormatInt(pid, 10)+"/codes")
}

// codeUpdate renames, retires or brings back a partnership code.
func (s *Server) codeUpdate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var code harvest.Code
	switch c.FormValue("action") {
	case "retire":
		code, err = harvest.RetireCode(ctx, s.db, scopeOf(c), id, true, s.now())
	case "restore":
		code, err = harvest.RetireCode(ctx, s.db, scopeOf(c), id, false, s.now())
	default:
		code, err = harvest.RenameCode(ctx, s.db, scopeOf(c), id, codeNamesFrom(c))
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid && code.PartnershipID != nil {
		s.flash(c, s.loc(c).T("harvest.error.code_name"))
		return c.Redirect(http.StatusSeeOther, "/partnerships/"+strconv.FormatInt(*code.PartnershipID, 10)+"/codes")
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.codes.saved"))
	return c.Redirect(http.StatusSeeOther, "/partnerships/"+strconv.FormatInt(*code.PartnershipID, 10)+"/codes")
}
