package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"oogst/frontend"
	"oogst/locale"
	"oogst/people"
)

// views holds one parsed template set per page, each with the layout and partials.
type views struct {
	pages  map[string]*template.Template
	assets map[string]string // static path → content hash, for cache busting
}

func loadViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, assets: map[string]string{}}
	static := frontend.Static()
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v.assets[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: hash assets: %w", err)
	}
	funcs := template.FuncMap{
		"asset": func(p string) (string, error) {
			h, ok := v.assets[p]
			if !ok {
				return "", fmt.Errorf("unknown asset %q", p)
			}
			return "/static/" + p + "?v=" + h, nil
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"inc":     func(n int) int { return n + 1 },
		"dir":     locale.Dir,
		"textdir": locale.TextDir,
		"query":   url.QueryEscape,
		"csvAlt":  csvAlt,
		// langname is a language's own name ("Nederlands", "العربية"), or the tag.
		"langname": func(tag string) string {
			if l, ok := locale.Lookup(tag); ok {
				return l.Name
			}
			return tag
		},
	}
	tfs := frontend.Templates()
	pages, err := fs.Glob(tfs, "*.html")
	if err != nil {
		return nil, err
	}
	partials, _ := fs.Glob(tfs, "partials/*.html")
	// The layout and partials are parsed once and cloned for each page: parsing them
	// again per page made up most of a server's start.
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(tfs, append([]string{"layout.html"}, partials...)...)
	if err != nil {
		return nil, fmt.Errorf("server: parse layout and partials: %w", err)
	}
	for _, p := range pages {
		if p == "layout.html" {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(tfs, p)
		}
		if err != nil {
			return nil, fmt.Errorf("server: parse template %s: %w", p, err)
		}
		v.pages[strings.TrimSuffix(p, ".html")] = t
	}
	return v, nil
}

// sharedViews is parsed once per process: views are read-only once loaded (templates
// execute concurrently), so every Server of a process, as in tests, can share them.
var sharedViews = sync.OnceValues(loadViews)

// NavItem is one link of the main navigation.
type NavItem struct {
	Href, Label string
	Current     bool
}

// View is what every page template receives.
type View struct {
	L         *locale.Localizer
	Lang      string
	Dir       string
	Title     string
	CSRF      string
	Path      string
	User      *people.User
	Scope     people.Scope
	Nav       []NavItem
	Languages []locale.Language
	Flash     string
	Data      any
}

// view builds the common part of a page's data.
func (s *Server) view(c echo.Context, titleID string, data any) *View {
	l := s.loc(c)
	v := &View{
		L: l, Lang: l.Lang, Dir: l.Dir(), CSRF: csrfToken(c), Path: c.Request().URL.RequestURI(),
		User: currentUser(c), Scope: scopeOf(c), Languages: uiLanguages(s.loc(c), c), Data: data,
	}
	if m := c.Request().Method; m != http.MethodGet && m != http.MethodHead {
		v.Path = pageBehindPost(c)
	}
	if titleID != "" {
		v.Title = l.T(titleID)
	}
	if v.User != nil {
		v.Nav = nav(c, l)
	}
	v.Flash = s.sessions.PopString(c.Request().Context(), "flash")
	return v
}

// uiLanguages is the language switcher's list: staff see the staff languages (plus the
// current one), everyone else every language.
func uiLanguages(l *locale.Localizer, c echo.Context) []locale.Language {
	if currentUser(c) == nil {
		return locale.Languages
	}
	cur := l.Lang
	var out []locale.Language
	for _, l := range locale.Languages {
		if l.Staff || l.Tag == cur {
			out = append(out, l)
		}
	}
	return out
}

// flash stores a one-time message shown on the next page.
func (s *Server) flash(c echo.Context, msg string) {
	s.sessions.Put(c.Request().Context(), "flash", msg)
}

// render writes a page with the layout.
func (s *Server) render(c echo.Context, status int, page string, v *View) error {
	t, ok := s.views.pages[page]
	if !ok {
		return fmt.Errorf("server: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("server: render %s: %w", page, err)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// renderPartial writes one named template of a page without the layout (for printouts
// and fragments).
func (s *Server) renderPartial(c echo.Context, status int, page, name string, v *View) error {
	t, ok := s.views.pages[page]
	if !ok {
		return fmt.Errorf("server: no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, v); err != nil {
		return fmt.Errorf("server: render %s/%s: %w", page, name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func queryPart(s string) string {
	if i := strings.Index(s, "?"); i >= 0 {
		return s[i:]
	}
	return ""
}

// pageBehindPost is where "this page" is when a POST is answered with a page (a form
// shown again with its errors): the page the form was sent from, as the same-origin
// Referer names it, so the language switch does not lead to a POST-only address.
func pageBehindPost(c echo.Context) string {
	ref, err := url.Parse(c.Request().Referer())
	if err != nil || ref.Host != c.Request().Host || !strings.HasPrefix(ref.Path, "/") {
		return "/"
	}
	return ref.RequestURI()
}
