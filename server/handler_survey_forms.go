package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/people"
	"oogst/survey"
)

type surveyFormsData struct {
	Forms        []survey.FormSummary
	Coordinating []people.PartnershipWithRole // partnerships where the caller may create forms
	Errors       map[string]string
}

// coordinating lists the caller's partnerships where they are coordinator.
func (s *Server) coordinating(c echo.Context) ([]people.PartnershipWithRole, error) {
	ps, err := people.Partnerships(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return nil, err
	}
	var out []people.PartnershipWithRole
	for _, p := range ps {
		if p.Role == people.RoleCoordinator {
			out = append(out, p)
		}
	}
	return out, nil
}

// surveyForms: GET /survey/forms lists the built-in and the partnership's forms.
func (s *Server) surveyForms(c echo.Context) error {
	sc := scopeOf(c)
	if !readsForms(sc) {
		return apperr.NotFound()
	}
	fs, err := survey.ListForms(c.Request().Context(), s.db, sc, s.now())
	if err != nil {
		return err
	}
	co, err := s.coordinating(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "survey_forms", s.view(c, "survey.forms.title", &surveyFormsData{Forms: fs, Coordinating: co}))
}

// readsForms: coordinators and partners work with forms; mentors and admins outside a
// partnership do not.
func readsForms(sc people.Scope) bool {
	for _, r := range sc.Roles {
		if r == people.RoleCoordinator || r == people.RolePartner {
			return true
		}
	}
	return false
}

func formInt(c echo.Context, name string) int64 {
	n, _ := strconv.ParseInt(c.FormValue(name), 10, 64)
	return n
}

// surveyFormCreate: POST /survey/forms makes an empty form in a partnership.
func (s *Server) surveyFormCreate(c echo.Context) error {
	f, err := survey.CreateForm(c.Request().Context(), s.db, scopeOf(c), formInt(c, "partnership_id"), c.FormValue("name"), s.now())
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/forms/%d", f.ID))
}

// surveyFormCopy: POST /survey/forms/:id/copy copies a form (e.g. the built-in one)
// into a partnership, to adapt it and confirm its translations.
func (s *Server) surveyFormCopy(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := survey.CopyForm(c.Request().Context(), s.db, scopeOf(c), id, formInt(c, "partnership_id"), s.now())
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("survey.forms.copied"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/forms/%d", f.ID))
}
