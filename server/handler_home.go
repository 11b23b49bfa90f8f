package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/locale"
)

// home is the front door: cursists type a join code, staff go to their dashboard. It
// wears the cursists' layout: one way in for staff (the link under the code box), not
// two.
func (s *Server) home(c echo.Context) error {
	if currentUser(c) != nil && c.QueryParam("join") == "" {
		return c.Redirect(http.StatusSeeOther, "/dashboard")
	}
	return s.renderCursist(c, http.StatusOK, "home", s.view(c, "home.title", nil))
}

// privacyData is the privacy page's data; Back leads to the round a cursist came from.
type privacyData struct {
	RetentionDays int
	Back          string
	// TranslationService and VoiceService name the machine translation and speech to
	// text services, when configured.
	TranslationService, VoiceService string
}

// privacy explains, in every cursist language, what Oogst keeps and for how long.
// Opened from the tablet (?lang=ar&back=/r/CODE?lang=ar) it speaks the flow's
// language and leads back to the round.
func (s *Server) privacy(c echo.Context) error {
	if l := c.QueryParam("lang"); locale.Supported(l) {
		s.useLanguage(c, l)
	}
	d := privacyData{RetentionDays: s.opt.RetentionDays, Back: tabletBack(c.QueryParam("back"))}
	if s.opt.Translator != nil {
		d.TranslationService = s.opt.Translator.Name()
	}
	if s.opt.Transcriber != nil {
		d.VoiceService = s.opt.Transcriber.Name()
	}
	v := s.view(c, "privacy.title", d)
	// The language switch returns here without ?lang, or the choice would not stick.
	q := c.Request().URL.Query()
	q.Del("lang")
	v.Path = "/privacy"
	if len(q) > 0 {
		v.Path += "?" + q.Encode()
	}
	return s.renderCursist(c, http.StatusOK, "privacy", v)
}

// tabletBack accepts only a tablet round address as the way back ("/r/CODE" with an
// optional ?lang=xx); anything else is dropped.
func tabletBack(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/r/") {
		return ""
	}
	code := normaliseJoinCode(strings.TrimPrefix(u.Path, "/r/"))
	if code == "" || len(code) > 16 || strings.ContainsAny(code, "/.") {
		return ""
	}
	out := "/r/" + url.PathEscape(code)
	if l := u.Query().Get("lang"); locale.Supported(l) {
		out += "?lang=" + l
	}
	return out
}

// renderCursist writes a page in the cursists' layout (no staff navigation or login).
func (s *Server) renderCursist(c echo.Context, status int, page string, v *View) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	return s.renderPartial(c, status, page, "cursist_layout", v)
}
