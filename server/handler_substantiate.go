package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

// substantiationRequest makes a personal link for an independent person; the link is
// shown once, in the flash message, for the reviewer to pass on.
func (s *Server) substantiationRequest(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	token, sub, err := harvest.RequestSubstantiation(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, c.FormValue("name"), c.FormValue("role"), s.now())
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		d, derr := s.outcomeData(c, id, nil, nil)
		if derr != nil {
			return derr
		}
		d.SubstAsk = substForm{Name: c.FormValue("name"), Role: c.FormValue("role"), Error: fields["name"]}
		v := s.view(c, "harvest.outcome.title", d)
		v.Path = "/outcomes/" + c.Param("id")
		return s.render(c, http.StatusUnprocessableEntity, "harvest_outcome", v)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.subst.link", "Name", sub.Name, "URL", s.opt.BaseURL+"/substantiate/"+token, "Date", s.loc(c).Date(sub.ExpiresAt)))
	return c.Redirect(http.StatusSeeOther, "/outcomes/"+c.Param("id"))
}

type substantiateData struct {
	Sub        harvest.Substantiation
	O          harvest.Outcome
	Agreements []string
	Agreement  string
	Comment    string
	Errors     map[string]string
	Done       bool
}

// substantiatePage is what the independent person sees through their link (no account).
func (s *Server) substantiatePage(c echo.Context) error {
	sub, o, err := harvest.OpenSubstantiation(c.Request().Context(), s.db, c.Param("token"), s.now())
	if err != nil {
		return err
	}
	d := &substantiateData{Sub: sub, O: o, Agreements: harvest.Agreements, Done: sub.AnsweredAt != nil}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, http.StatusOK, "harvest_substantiate", s.view(c, "harvest.subst.title", d))
}

// substantiateAnswer stores the person's answer.
func (s *Server) substantiateAnswer(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	agreement, comment := c.FormValue("agreement"), c.FormValue("comment")
	_, err := harvest.AnswerSubstantiation(ctx, s.db, token, agreement, comment, s.now())
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		sub, o, oerr := harvest.OpenSubstantiation(ctx, s.db, token, s.now())
		if oerr != nil {
			return oerr
		}
		d := &substantiateData{Sub: sub, O: o, Agreements: harvest.Agreements, Agreement: agreement, Comment: comment, Errors: fields}
		v := s.view(c, "harvest.subst.title", d)
		v.Path = "/substantiate/" + token // this page posts to itself; the link page sends no Referer
		c.Response().Header().Set("Referrer-Policy", "no-referrer")
		return s.render(c, http.StatusUnprocessableEntity, "harvest_substantiate", v)
	}
	if err != nil && !apperr.Is(err, apperr.KindConflict) {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/substantiate/"+token)
}
