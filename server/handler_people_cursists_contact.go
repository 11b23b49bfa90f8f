package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type cursistContactData struct {
	PID, CursistID int64
	Cursist        people.Cursist
	Contact        *people.Contact
	RecordedBy     string
	Loc            *time.Location
	Email          string // as typed
	Errors         map[string]string
}

// peopleCursistContact: GET /people/:pid/cursists/:cid/contact shows the cursist's
// e-mail address (kept only with her consent, who recorded it and when) to change or
// remove.
func (s *Server) peopleCursistContact(c echo.Context) error {
	return s.cursistContactPage(c, http.StatusOK, "", nil)
}

func (s *Server) cursistContactPage(c echo.Context, status int, typed string, errs map[string]string) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cu, err := people.CursistByID(ctx, s.db, scopeOf(c), pid, cid)
	if err != nil {
		return err
	}
	d := &cursistContactData{PID: pid, CursistID: cid, Cursist: cu, Loc: brussels, Email: typed, Errors: errs}
	ct, ok, err := people.ContactOf(ctx, s.db, cid)
	if err != nil {
		return err
	}
	if ok {
		d.Contact = &ct
		if d.Email == "" {
			d.Email = ct.Email
		}
		if ct.ConsentRecordedBy != nil {
			if u, err := people.UserByID(ctx, s.db, *ct.ConsentRecordedBy); err == nil {
				d.RecordedBy = u.Name
			}
		}
	}
	v := s.view(c, "", d)
	v.Title = s.loc(c).T("reach.contact.title", "Code", cu.Code)
	return s.render(c, status, "people_cursist_contact", v)
}

// peopleCursistContactSave: POST /people/:pid/cursists/:cid/contact keeps an address
// with the consent the coordinator confirms.
func (s *Server) peopleCursistContactSave(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	email := c.FormValue("email")
	err = people.SetContact(c.Request().Context(), s.db, scopeOf(c), pid, cid, email, c.FormValue("email_consent") == "1", s.now())
	if msgs, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.cursistContactPage(c, http.StatusUnprocessableEntity, email, msgs)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("reach.contact.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d/cursists/%d/contact", pid, cid))
}

// peopleCursistContactDelete: POST /people/:pid/cursists/:cid/contact/delete forgets it.
func (s *Server) peopleCursistContactDelete(c echo.Context) error {
	pid, cid, err := cursistPath(c)
	if err != nil {
		return err
	}
	if err := people.RemoveContact(c.Request().Context(), s.db, scopeOf(c), pid, cid); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("reach.contact.removed"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/people/%d/cursists/%d/contact", pid, cid))
}
