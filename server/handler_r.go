package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
	"oogst/survey"
)

// tabletRound is what the tablet pages need to know about a round before its form is
// fetched over the API: whether it takes answers and in which languages.
type tabletRound struct {
	Code      string
	Open      bool
	Closed    bool // took answers and no longer does (not: not yet open)
	Languages []string
}

// findTabletRound looks a round up by its (normalised) join code; nil when unknown.
// Unknown codes count against the caller's join-code rate limit, as in the API.
func (s *Server) findTabletRound(c echo.Context, code string) (*tabletRound, error) {
	var out *tabletRound
	err := s.withJoinLimit(c, func() error {
		r, _, def, err := survey.RoundByCode(c.Request().Context(), s.db, code)
		if err != nil {
			return err
		}
		out = &tabletRound{Code: r.Code, Open: r.IsOpen(s.now()), Closed: r.ClosedSince(s.now()) != nil, Languages: def.Languages}
		return nil
	})
	if apperr.Is(err, apperr.KindNotFound) {
		return nil, nil
	}
	return out, err
}

// tabletLanguage is one button of the language step.
type tabletLanguage struct {
	Tag  string `json:"tag"`
	Name string `json:"name"`
	Dir  string `json:"dir"`
}

// tabletIsland is the JSON data island the tablet script starts from (no inline
// script: the CSP forbids it).
type tabletIsland struct {
	Code      string                       `json:"code"`
	Lang      string                       `json:"lang"`
	Dir       string                       `json:"dir"`
	Messages  map[string]string            `json:"msgs"`
	Plurals   map[string]map[string]string `json:"plurals"`
	Fallbacks []string                     `json:"nl"` // message IDs shown in Dutch: not yet translated
	VoiceJS   string                       `json:"voice"`
	Cache     []string                     `json:"cache"` // what the service worker keeps for offline use
	Langs     []string                     `json:"langs"` // the round's languages, all kept for offline use
	// Round is the round JSON in this language, so the first screen needs no second
	// round trip (on slow classroom wifi one costs about half a second).
	Round *apiPublicRound `json:"round,omitempty"`
	// Personal: the page was opened through a cursist's personal link; the flow does
	// not ask who she is and the reflection carries the link's token.
	Personal *tabletPersonal `json:"personal,omitempty"`
}

// tabletPersonal is the cursist a personal link names.
type tabletPersonal struct {
	Token string `json:"token"`
	Code  string `json:"code"`
	Name  string `json:"name"`
}

type tabletShellData struct {
	Code      string
	Base      string // the page's own address without ?lang: /r/{code} or /p/{token}
	Gone      *tabletGone
	Chosen    bool // a language was chosen: the script runs the flow
	Closed    bool // the round is closed: a calm "hand the tablet on" screen
	Languages []tabletLanguage
	Island    tabletIsland
	Privacy   string // the privacy page in this language, with a way back here
}

// tabletShell is the one page of the tablet flow. Without ?lang it shows the language
// buttons (plain links, no script needed); with it, it renders in that language and
// direction and the script drives consent, identity, questions, review and sending.
func (s *Server) tabletShell(c echo.Context) error {
	raw := c.Param("code")
	code := normaliseJoinCode(raw)
	if code != raw && code != "" {
		q := ""
		if l := c.QueryParam("lang"); l != "" {
			q = "?lang=" + url.QueryEscape(l)
		}
		return c.Redirect(http.StatusMovedPermanently, "/r/"+url.PathEscape(code)+q)
	}
	r, err := s.findTabletRound(c, code)
	if err != nil {
		return err
	}
	if r == nil || !r.Open && !r.Closed {
		return s.tabletUnknownCode(c, raw)
	}
	d := tabletShellData{Code: code, Base: "/r/" + url.PathEscape(code), Closed: r.Closed}
	return s.renderTabletShell(c, r, d, c.QueryParam("lang"))
}

// tabletGone is a calm one-message screen (a spent or unknown personal link).
type tabletGone struct{ Title, Text string }

// renderTabletShell draws the tablet page of round r at d.Base, in lang when the round
// offers it (else the language step).
func (s *Server) renderTabletShell(c echo.Context, r *tabletRound, d tabletShellData, lang string) error {
	code := d.Code
	for _, l := range locale.Languages {
		if slices.Contains(r.Languages, l.Tag) {
			d.Languages = append(d.Languages, tabletLanguage{Tag: l.Tag, Name: l.Name, Dir: locale.Dir(l.Tag)})
		}
	}
	d.Chosen = slices.Contains(r.Languages, lang)
	if !d.Chosen {
		// The language step speaks the browser's language when the round offers it.
		lang = s.loc(c).Lang
		if !slices.Contains(r.Languages, lang) {
			lang = locale.Default
		}
	}
	personal := d.Island.Personal
	d.Island = s.tabletIsland(code, lang)
	d.Island.Personal = personal
	back := d.Base
	if d.Chosen {
		back += "?lang=" + lang
	}
	d.Privacy = "/privacy?lang=" + lang + "&back=" + url.QueryEscape(back)
	for _, l := range d.Languages {
		d.Island.Langs = append(d.Island.Langs, l.Tag)
	}
	if d.Chosen && !d.Closed {
		pr, err := s.publicRound(c.Request().Context(), code, lang)
		if err != nil {
			return err
		}
		round := toAPIPublicRound(pr)
		d.Island.Round = &round
	}
	v := s.view(c, "", d)
	v.L = s.bundle.Localizer(lang)
	v.Lang, v.Dir = lang, locale.Dir(lang)
	v.Title = v.L.T("tablet.title")
	c.Response().Header().Set("Cache-Control", "no-cache")
	return s.renderPartial(c, http.StatusOK, "tablet", "tablet", v)
}

// tabletIsland collects every tablet message in lang as raw templates (the script fills
// in {{.N}}-style fields and picks plural forms with Intl.PluralRules).
func (s *Server) tabletIsland(code, lang string) tabletIsland {
	is := tabletIsland{
		Code: code, Lang: lang, Dir: locale.Dir(lang),
		Messages: map[string]string{}, Plurals: map[string]map[string]string{},
		VoiceJS: s.assetURL("js/tablet-voice.js"),
	}
	ids := slices.Concat(s.bundle.Files["tablet."+locale.Default+".toml"], s.bundle.Files["tablet2."+locale.Default+".toml"], s.bundle.Files["tablet3."+locale.Default+".toml"], s.bundle.Files["tablet4."+locale.Default+".toml"])
	for _, id := range ids {
		forms, fellBack := s.bundle.PluralForms(lang, id)
		if fellBack {
			is.Fallbacks = append(is.Fallbacks, id)
		}
		if len(forms) == 1 && forms["other"] != "" {
			is.Messages[id] = forms["other"]
		} else {
			is.Plurals[id] = forms
		}
	}
	slices.Sort(is.Fallbacks)
	is.Cache = []string{s.assetURL("css/tablet.css"), s.assetURL("js/tablet.js"), s.assetURL("js/tablet-session.js"), s.assetURL("js/tablet-ui.js"),
		s.assetURL("img/oogst.svg"), is.VoiceJS}
	return is
}

// assetURL is the versioned address of a static file (as the asset template func).
func (s *Server) assetURL(p string) string {
	return "/static/" + p + "?v=" + s.views.assets[strings.TrimPrefix(p, "/")]
}
