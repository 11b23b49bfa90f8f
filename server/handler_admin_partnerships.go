package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/people"
)

type adminPartnershipPage struct {
	ID        int64 // 0 for a new partnership
	In        people.PartnershipInput
	Errors    map[string]string
	Languages []locale.Language
	Members   []people.StaffRow
	Roles     []people.Role
	Member    memberForm
	// WorkingLanguages: the languages stories are read in (an existing partnership).
	WorkingLanguages []wlChoice
}

type memberForm struct {
	Email, Role, Group string
	Errors             map[string]string
}

// Has reports whether the form has language tag selected (for the checkboxes).
func (p *adminPartnershipPage) Has(tag string) bool {
	for _, l := range p.In.Languages {
		if l == tag {
			return true
		}
	}
	return false
}

func (s *Server) renderAdminPartnership(c echo.Context, status int, pg *adminPartnershipPage) error {
	pg.Languages, pg.Roles = locale.Languages, people.Roles
	title := "admin.partnership.new"
	if pg.ID != 0 {
		_, members, err := people.AdminPartnership(c.Request().Context(), s.db, scopeOf(c), pg.ID)
		if err != nil {
			return err
		}
		pg.Members = members
		if pg.WorkingLanguages, err = s.workingLanguageChoices(c, pg.ID); err != nil {
			return err
		}
		title = "admin.partnership.edit"
	}
	return s.render(c, status, "admin_partnership", s.view(c, title, pg))
}

func (s *Server) adminPartnershipNew(c echo.Context) error {
	return s.renderAdminPartnership(c, http.StatusOK, &adminPartnershipPage{In: people.PartnershipInput{Languages: []string{"nl", "fr", "en"}}})
}

func (s *Server) adminPartnershipEdit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, _, err := people.AdminPartnership(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	in := people.PartnershipInput{Name: p.Name, Region: p.Region, Languages: strings.Split(p.Languages, ",")}
	if p.ActiveFrom != nil {
		in.ActiveFrom = p.ActiveFrom.Format("2006-01-02")
	}
	if p.ActiveTo != nil {
		in.ActiveTo = p.ActiveTo.Format("2006-01-02")
	}
	return s.renderAdminPartnership(c, http.StatusOK, &adminPartnershipPage{ID: id, In: in})
}

func partnershipInput(c echo.Context) people.PartnershipInput {
	f, _ := c.FormParams()
	return people.PartnershipInput{Name: c.FormValue("name"), Region: c.FormValue("region"), Languages: f["languages"],
		ActiveFrom: c.FormValue("active_from"), ActiveTo: c.FormValue("active_to")}
}

// adminPartnershipSave creates (no :id) or updates a partnership.
func (s *Server) adminPartnershipSave(c echo.Context) error {
	id, err := optionalPathID(c, "id")
	if err != nil {
		return err
	}
	in := partnershipInput(c)
	p, err := people.SavePartnership(c.Request().Context(), s.db, scopeOf(c), id, in, c.RealIP())
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderAdminPartnership(c, status, &adminPartnershipPage{ID: id, In: in, Errors: fe})
	}, s.loc(c).T("admin.saved"), fmt.Sprintf("/admin/partnerships/%d", p.ID))
}

func (s *Server) adminMemberSet(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	mf := memberForm{Email: c.FormValue("email"), Role: c.FormValue("role"), Group: c.FormValue("group")}
	err = people.AdminSetMembership(c.Request().Context(), s.db, scopeOf(c), id, mf.Email, mf.Role, mf.Group, c.RealIP())
	if fe, ok := formErrors(s.loc(c), err, aboveForm); ok {
		p, _, lerr := people.AdminPartnership(c.Request().Context(), s.db, scopeOf(c), id)
		if lerr != nil {
			return lerr
		}
		mf.Errors = fe
		in := people.PartnershipInput{Name: p.Name, Region: p.Region, Languages: strings.Split(p.Languages, ",")}
		return s.renderAdminPartnership(c, formStatus(err), &adminPartnershipPage{ID: id, In: in, Member: mf})
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("admin.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/partnerships/%d#members", id))
}

func (s *Server) adminMemberRemove(c echo.Context) error {
	id, uid, err := pathIDs(c, "id", "uid")
	if err != nil {
		return err
	}
	if err := people.AdminRemoveMembership(c.Request().Context(), s.db, scopeOf(c), id, uid, c.RealIP()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("admin.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/partnerships/%d#members", id))
}
