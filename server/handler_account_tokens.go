package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type tokensPage struct {
	Tokens []people.APIToken
	Name   string
	Errors map[string]string
	Raw    string // a token just made, shown once
}

func (s *Server) renderTokens(c echo.Context, status int, pg *tokensPage) error {
	ts, err := people.Tokens(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	pg.Tokens = ts
	return s.render(c, status, "account_tokens", s.view(c, "people.tokens.title", pg))
}

// accountTokens lists the caller's personal API tokens.
func (s *Server) accountTokens(c echo.Context) error {
	return s.renderTokens(c, http.StatusOK, &tokensPage{})
}

// accountTokenCreate makes a token and shows it once; only its hash is kept.
func (s *Server) accountTokenCreate(c echo.Context) error {
	name := c.FormValue("name")
	raw, _, err := people.CreateToken(c.Request().Context(), s.db, currentUser(c).ID, name)
	if fe, ok := formErrors(s.loc(c), err, aboveForm); ok {
		return s.renderTokens(c, formStatus(err), &tokensPage{Name: name, Errors: fe})
	}
	if err != nil {
		return err
	}
	return s.renderTokens(c, http.StatusOK, &tokensPage{Raw: raw})
}

func (s *Server) accountTokenRevoke(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := people.RevokeToken(c.Request().Context(), s.db, scopeOf(c), id, c.RealIP()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("people.tokens.revoked"))
	return c.Redirect(http.StatusSeeOther, "/account/tokens")
}
