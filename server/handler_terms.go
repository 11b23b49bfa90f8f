package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/locale"
)

// termPages serve a partnership's list of terms, its codes or its barriers: the presets
// and its own, with add, rename, retire and restore. The two differ only in names
// (handler_codes.go, handler_barriers.go). Both are harvest Categories, which know the
// partnership they belong to.
type termPages[T interface{ Owner() *int64 }] struct {
	terms   harvest.Terms[T]
	segment string // "codes": the list is /partnerships/:id/codes, a term /codes/:id
	keys    termKeys
	// Message IDs of the flashes after adding and saving, and for a rename to an empty
	// or taken name.
	addedID, savedID, nameErrorID string
}

// termKeys are the message IDs the page (harvest_terms.html) shows.
type termKeys struct{ Title, Intro, Preset, Own, Add string }

type termsData[T any] struct {
	PartnershipID int64
	Partnership   string
	Terms         []T
	CanEdit       bool
	Form          locale.Text
	Errors        map[string]string
	Segment       string
	Keys          termKeys
}

func (p termPages[T]) path(pid int64) string {
	return "/partnerships/" + strconv.FormatInt(pid, 10) + "/" + p.segment
}

func termNamesFrom(c echo.Context) locale.Text {
	return locale.StaffText(c.FormValue("name_nl"), c.FormValue("name_fr"), c.FormValue("name_en"))
}

func (p termPages[T]) data(s *Server, c echo.Context, pid int64) (*termsData[T], error) {
	terms, err := p.terms.List(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return nil, err
	}
	name, err := partnershipName(c, s, pid)
	if err != nil {
		return nil, err
	}
	return &termsData[T]{PartnershipID: pid, Partnership: name, Terms: terms, CanEdit: harvest.CanReview(scopeOf(c), pid), Segment: p.segment, Keys: p.keys}, nil
}

// page: GET /partnerships/:id/{segment} lists the partnership's terms.
func (p termPages[T]) page(s *Server, c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := p.data(s, c, pid)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_terms", s.view(c, p.keys.Title, d))
}

// add: POST /partnerships/:id/{segment} creates a partnership term; a refused name
// shows the page again with what was typed.
func (p termPages[T]) add(s *Server, c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	n := termNamesFrom(c)
	_, err = p.terms.Add(c.Request().Context(), s.db, scopeOf(c), pid, n)
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		d, derr := p.data(s, c, pid)
		if derr != nil {
			return derr
		}
		d.Form, d.Errors = n, fields
		return s.render(c, http.StatusUnprocessableEntity, "harvest_terms", s.view(c, p.keys.Title, d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T(p.addedID))
	return c.Redirect(http.StatusSeeOther, p.path(pid))
}

// update: POST /{segment}/:id renames, retires or brings back a partnership term.
func (p termPages[T]) update(s *Server, c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var term T
	switch c.FormValue("action") {
	case "retire":
		term, err = p.terms.Retire(ctx, s.db, scopeOf(c), id, true, s.now())
	case "restore":
		term, err = p.terms.Retire(ctx, s.db, scopeOf(c), id, false, s.now())
	default:
		term, err = p.terms.Rename(ctx, s.db, scopeOf(c), id, termNamesFrom(c))
	}
	owner := term.Owner()
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindInvalid && owner != nil {
		s.flash(c, s.loc(c).T(p.nameErrorID))
		return c.Redirect(http.StatusSeeOther, p.path(*owner))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T(p.savedID))
	return c.Redirect(http.StatusSeeOther, p.path(*owner))
}
