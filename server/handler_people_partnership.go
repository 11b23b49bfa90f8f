package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// partnershipPage is the coordinator's overview: organisations and staff, with the
// add forms (kept filled in when they fail validation).
type partnershipPage struct {
	people.Overview
	OrgKinds  []people.OrgKind
	Roles     []people.Role
	OrgForm   people.OrgInput
	OrgErr    map[string]string
	StaffForm people.StaffInput
	StaffErr  map[string]string
	RowErr    map[string]string // error of one staff row's change form
	RowUserID int64
	Invite    string // a fresh invitation link, shown once
	// WorkingLanguages are the languages stories are read in (coordinators edit them).
	WorkingLanguages []wlChoice
	CanSetLanguages  bool
}

func (s *Server) renderPartnership(c echo.Context, status int, pid int64, fill func(*partnershipPage)) error {
	ov, err := people.PartnershipOverview(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return err
	}
	pg := &partnershipPage{Overview: ov, OrgKinds: people.OrgKinds, Roles: people.Roles}
	if pg.WorkingLanguages, err = s.workingLanguageChoices(c, pid); err != nil {
		return err
	}
	pg.CanSetLanguages = scopeOf(c).Allows(pid, people.RoleCoordinator)
	if fill != nil {
		fill(pg)
	}
	v := s.view(c, "", pg)
	v.Title = ov.Partnership.Name
	return s.render(c, status, "people_partnership", v)
}

func (s *Server) peoplePartnership(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	return s.renderPartnership(c, http.StatusOK, pid, nil)
}

func (s *Server) peopleAddOrganisation(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	in := people.OrgInput{Name: c.FormValue("name"), Kind: c.FormValue("kind")}
	org, err := people.AddOrganisation(c.Request().Context(), s.db, scopeOf(c), pid, in)
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderPartnership(c, status, pid, func(p *partnershipPage) { p.OrgForm, p.OrgErr = in, fe })
	}, s.loc(c).T("people.org.added", "Name", org.Name), fmt.Sprintf("/people/%d#organisations", pid))
}

func (s *Server) peopleUnlinkOrganisation(c echo.Context) error {
	pid, oid, err := pathIDs(c, "pid", "oid")
	if err != nil {
		return err
	}
	if err := people.UnlinkOrganisation(c.Request().Context(), s.db, scopeOf(c), pid, oid); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("people.org.unlinked"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d#organisations", pid))
}

func staffInput(c echo.Context) people.StaffInput {
	return people.StaffInput{Name: c.FormValue("name"), Email: c.FormValue("email"), Role: c.FormValue("role"),
		OrganisationID: c.FormValue("organisation"), GroupName: c.FormValue("group")}
}

func (s *Server) peopleAddStaff(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := staffInput(c)
	res, err := people.AddStaff(ctx, s.db, scopeOf(c), pid, in, c.RealIP())
	if fe, ok := formErrors(s.loc(c), err, aboveForm); ok {
		return s.renderPartnership(c, formStatus(err), pid, func(p *partnershipPage) { p.StaffForm, p.StaffErr = in, fe })
	}
	if err != nil {
		return err
	}
	if !res.NewAccount {
		s.flash(c, s.loc(c).T("people.staff.added", "Name", res.User.Name))
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d#staff", pid))
	}
	// A new account has no password: show its invitation link once, on this page.
	link, err := s.createInvitation(c, res.User.ID, &pid)
	if err != nil {
		return err
	}
	return s.renderPartnership(c, http.StatusOK, pid, func(p *partnershipPage) { p.Invite = link })
}

func (s *Server) peopleChangeStaff(c echo.Context) error {
	pid, uid, err := pathIDs(c, "pid", "uid")
	if err != nil {
		return err
	}
	return s.staffRowDone(c, pid, uid, people.ChangeStaff(c.Request().Context(), s.db, scopeOf(c), pid, uid, staffInput(c), c.RealIP()), "people.staff.changed")
}

func (s *Server) peopleRemoveStaff(c echo.Context) error {
	pid, uid, err := pathIDs(c, "pid", "uid")
	if err != nil {
		return err
	}
	return s.staffRowDone(c, pid, uid, people.RemoveStaff(c.Request().Context(), s.db, scopeOf(c), pid, uid, c.RealIP()), "people.staff.removed")
}

// staffRowDone answers a change to one staff member's row: the page again with the
// reason on that row, or the staff list with a flash.
func (s *Server) staffRowDone(c echo.Context, pid, uid int64, err error, doneMsg string) error {
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderPartnership(c, status, pid, func(p *partnershipPage) { p.RowErr, p.RowUserID = fe, uid })
	}, s.loc(c).T(doneMsg), fmt.Sprintf("/people/%d#staff", pid))
}
