package locale

import (
	"log/slog"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Localizer translates for one request's language, falling back to Dutch.
type Localizer struct {
	Lang string
	l    *i18n.Localizer
}

// Localizer returns the localizer for tag (a shipped language; anything else gives
// Dutch). Each language's localizer is built once, at load, and shared by every request:
// building one parses its tags (16 allocations), and go-i18n's Localizer only reads its
// tags and the loaded bundle, so sharing it across goroutines is safe.
func (b *Bundle) Localizer(tag string) *Localizer {
	if l, ok := b.localizers[tag]; ok {
		return l
	}
	return b.localizers[Default]
}

func (b *Bundle) buildLocalizers() {
	b.localizers = make(map[string]*Localizer, len(Languages))
	for _, lang := range Languages {
		b.localizers[lang.Tag] = &Localizer{Lang: lang.Tag, l: i18n.NewLocalizer(b.b, lang.Tag, Default)}
	}
}

// Dir is the text direction of the localizer's language.
func (l *Localizer) Dir() string { return Dir(l.Lang) }

// T translates message id. Template data come as key, value pairs, as in
// l.T(id, "Date", d).
func (l *Localizer) T(id string, kv ...any) string {
	return l.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(kv)})
}

// N translates a message with CLDR plural forms for count; the count is available to
// the message as {{.Count}}.
func (l *Localizer) N(id string, count int, kv ...any) string {
	data := pairs(kv)
	data["Count"] = count
	return l.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

// Has reports whether id exists in the localizer's language itself (not by fallback).
func (l *Localizer) Has(id string) bool {
	_, tag, err := l.l.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id})
	return err == nil && tag == language.Make(l.Lang)
}

func (l *Localizer) localize(cfg *i18n.LocalizeConfig) string {
	s, err := l.l.Localize(cfg)
	if err != nil && s == "" {
		// Missing even in Dutch: a bug the locale test catches. Show the ID rather
		// than nothing, and say so in the log. (A message missing only in the chosen
		// language has already fallen back to Dutch.)
		slog.Warn("locale: missing message", "id", cfg.MessageID, "lang", l.Lang, "err", err)
		return cfg.MessageID
	}
	return s
}

func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// Negotiate picks the language of a request: an explicit choice (cookie) wins, then
// Accept-Language, then Dutch.
func Negotiate(cookie, acceptLanguage string) string {
	if cookie != "" && Supported(cookie) {
		return cookie
	}
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil {
			for _, t := range tags {
				base, _ := t.Base()
				b := strings.ToLower(base.String())
				if b == "prs" { // Dari is served by the Persian locale
					b = "fa"
				}
				if Supported(b) {
					return b
				}
			}
		}
	}
	return Default
}

// Check localizes id for count in the localizer's own language and returns any error,
// for tests that prove every CLDR plural form is present.
func (l *Localizer) Check(id string, count int) error {
	_, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: map[string]any{"Count": count}})
	return err
}
