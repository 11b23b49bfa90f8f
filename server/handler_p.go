package server

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
	"oogst/survey"
)

// personalEntry: GET /p/:token is a cursist's personal link into a round. It runs the
// tablet flow already knowing who she is (the language choice is still offered, in
// her language first); once her reflection is in, the link is spent and says so.
func (s *Server) personalEntry(c echo.Context) error {
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	c.Response().Header().Set("Cache-Control", "no-store")
	token := c.Param("token")
	ctx := c.Request().Context()
	e, err := survey.OpenLink(ctx, s.db, token)
	if apperr.Is(err, apperr.KindNotFound) {
		return s.personalGone(c, http.StatusNotFound, s.loc(c).Lang, "reachtablet.gone_title", "reachtablet.gone_text")
	}
	if err != nil {
		return err
	}
	_, _, def, err := survey.RoundByCode(ctx, s.db, e.Round.Code)
	if err != nil {
		return err
	}
	lang := c.QueryParam("lang")
	if e.Spent() {
		if !locale.Supported(lang) {
			lang = e.Language
		}
		return s.personalGone(c, http.StatusGone, lang, "reachtablet.spent_title", "reachtablet.spent_text")
	}
	now := s.now()
	if !e.Round.IsOpen(now) && e.Round.ClosedSince(now) == nil {
		return s.personalGone(c, http.StatusConflict, e.Language, "reachtablet.not_open_title", "reachtablet.not_open_text")
	}
	base := "/p/" + url.PathEscape(token)
	if lang == "" && slices.Contains(def.Languages, e.Language) {
		// Her language first; "another language" leads to the language step.
		return c.Redirect(http.StatusSeeOther, base+"?lang="+e.Language)
	}
	r := &tabletRound{Code: e.Round.Code, Open: e.Round.IsOpen(now), Closed: e.Round.ClosedSince(now) != nil, Languages: def.Languages}
	name := e.Cursist.FirstName
	if e.Cursist.DisplayNameNative != "" {
		name = e.Cursist.DisplayNameNative
	}
	if name == "" {
		name = e.Cursist.Code
	}
	d := tabletShellData{Code: e.Round.Code, Base: base, Closed: r.Closed}
	d.Island.Personal = &tabletPersonal{Token: token, Code: e.Cursist.Code, Name: name}
	return s.renderTabletShell(c, r, d, lang)
}

// personalGone is the calm screen of a link that opens nothing (any more), in lang.
func (s *Server) personalGone(c echo.Context, status int, lang, title, text string) error {
	if !locale.Supported(lang) {
		lang = locale.Default
	}
	l := s.bundle.Localizer(lang)
	d := tabletShellData{Base: "/", Chosen: true, Gone: &tabletGone{Title: l.T(title), Text: l.T(text)}}
	d.Privacy = "/privacy?lang=" + lang
	v := s.view(c, "", d)
	v.L = l
	v.Lang, v.Dir = lang, locale.Dir(lang)
	v.Title = l.T(title)
	return s.renderPartial(c, status, "tablet", "tablet", v)
}
