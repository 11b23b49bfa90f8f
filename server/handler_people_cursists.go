package server

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/people"
)

// peopleCursists lists a partnership's cursists: editable for its coordinator, the
// mentor's own group read-only.
func (s *Server) peopleCursists(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	list, err := people.Cursists(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return err
	}
	pg := &cursistsPage{CursistList: list, LangNames: langNames(), KeepsStatus: people.StatusKeeper(scopeOf(c), pid), StatusLabels: map[int64]string{}}
	for _, cu := range list.Cursists {
		pg.StatusLabels[cu.ID] = cursistStatusLabel(s.loc(c), cu.Status, cu.StatusDetail)
	}
	v := s.view(c, "", pg)
	v.Title = s.loc(c).T("people.cursists.title", "Name", list.Partnership.Name)
	return s.render(c, http.StatusOK, "people_cursists", v)
}

type cursistsPage struct {
	people.CursistList
	LangNames map[string]string
	// KeepsStatus: the caller changes the statuses of the cursists listed (a coordinator,
	// or a mentor for her group); StatusLabels names each cursist's current status.
	KeepsStatus  bool
	StatusLabels map[int64]string
}

func langNames() map[string]string {
	m := map[string]string{}
	for _, l := range locale.Languages {
		m[l.Tag] = l.Name
	}
	return m
}

type cursistFormPage struct {
	PID         int64
	Partnership string
	CursistID   int64 // 0 for a new cursist
	In          people.CursistInput
	Errors      map[string]string
	Languages   []locale.Language
}

func cursistInput(c echo.Context) people.CursistInput {
	return people.CursistInput{Code: c.FormValue("code"), FirstName: c.FormValue("first_name"), NativeName: c.FormValue("display_name_native"), Group: c.FormValue("group"),
		Language: c.FormValue("language"), Consent: c.FormValue("consent") == "1", ConsentVersion: c.FormValue("consent_version"),
		Active: c.FormValue("active") == "1", FormID: c.FormValue("form_id"), IP: c.RealIP()}
}

func (s *Server) renderCursistForm(c echo.Context, status int, pg *cursistFormPage) error {
	p, err := people.PartnershipByID(c.Request().Context(), s.db, scopeOf(c), pg.PID)
	if err != nil {
		return err
	}
	pg.Partnership, pg.Languages = p.Name, locale.Languages
	title := "people.cursist.new_title"
	if pg.CursistID != 0 {
		title = "people.cursist.edit_title"
	}
	return s.render(c, status, "people_cursist_form", s.view(c, title, pg))
}

func (s *Server) peopleCursistNew(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	if err := people.RequireCoordinator(scopeOf(c), pid); err != nil {
		return err
	}
	// A fresh one-time id per form shown: a double click sends it twice, and the
	// second submission finds the cursist the first one made.
	in := people.CursistInput{Language: locale.Default, Active: true, FormID: uuid.NewString()}
	return s.renderCursistForm(c, http.StatusOK, &cursistFormPage{PID: pid, In: in})
}

func (s *Server) peopleCursistCreate(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	in := cursistInput(c)
	in.Active = true
	cu, err := people.CreateCursist(c.Request().Context(), s.db, scopeOf(c), pid, in, s.now())
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderCursistForm(c, status, &cursistFormPage{PID: pid, In: in, Errors: fe})
	}, s.loc(c).T("people.cursist.created", "Code", cu.Code), fmt.Sprintf("/people/%d/cursists", pid))
}

func (s *Server) peopleCursistEdit(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	cu, err := people.CursistByID(c.Request().Context(), s.db, scopeOf(c), pid, cid)
	if err != nil {
		return err
	}
	in := people.CursistInput{Code: cu.Code, FirstName: cu.FirstName, NativeName: cu.DisplayNameNative, Group: cu.GroupName, Language: cu.PreferredLanguage,
		Consent: cu.ConsentAt != nil, ConsentVersion: cu.ConsentVersion, Active: cu.Active}
	return s.renderCursistForm(c, http.StatusOK, &cursistFormPage{PID: pid, CursistID: cid, In: in})
}

func (s *Server) peopleCursistUpdate(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	in := cursistInput(c)
	cu, err := people.UpdateCursist(c.Request().Context(), s.db, scopeOf(c), pid, cid, in, s.now())
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderCursistForm(c, status, &cursistFormPage{PID: pid, CursistID: cid, In: in, Errors: fe})
	}, s.loc(c).T("people.cursist.saved", "Code", cu.Code), fmt.Sprintf("/people/%d/cursists", pid))
}

func (s *Server) peopleCursistDeactivate(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	if err := people.DeactivateCursist(c.Request().Context(), s.db, scopeOf(c), pid, cid, c.RealIP()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("people.cursist.deactivated"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d/cursists", pid))
}
