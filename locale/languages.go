// Package locale loads Oogst's one go-i18n bundle from the embedded locale files,
// negotiates a language per request and localizes messages (plurals via CLDR).
package locale

// Language is one language Oogst speaks.
type Language struct {
	Tag  string // BCP 47 tag, also the locale file suffix
	Name string // the language's own name in its own script
	RTL  bool
	// Staff is true for languages the staff UI is translated into; cursist-facing
	// screens are translated into every language.
	Staff bool
}

// Default is the language of last resort and the source language of every text.
const Default = "nl"

// Languages is every language shipped, Dutch first.
var Languages = []Language{
	{Tag: "nl", Name: "Nederlands", Staff: true},
	{Tag: "fr", Name: "Français", Staff: true},
	{Tag: "en", Name: "English", Staff: true},
	{Tag: "ar", Name: "العربية", RTL: true},
	{Tag: "tr", Name: "Türkçe"},
	{Tag: "es", Name: "Español"},
	{Tag: "uk", Name: "Українська"},
	{Tag: "ru", Name: "Русский"},
	{Tag: "ro", Name: "Română"},
	{Tag: "pl", Name: "Polski"},
	{Tag: "fa", Name: "فارسی / دری", RTL: true},
}

// Lookup returns the language with tag, if shipped.
func Lookup(tag string) (Language, bool) {
	for _, l := range Languages {
		if l.Tag == tag {
			return l, true
		}
	}
	return Language{}, false
}

// Supported reports whether tag is a shipped language.
func Supported(tag string) bool {
	_, ok := Lookup(tag)
	return ok
}

// Dir is the text direction of a language tag: "rtl" or "ltr".
func Dir(tag string) string {
	if l, ok := Lookup(tag); ok && l.RTL {
		return "rtl"
	}
	return "ltr"
}

// TextDir is the dir attribute for free text written in language tag: "rtl" for a
// right-to-left language, otherwise "auto", so that text whose language was recorded
// loosely (an interview typed in Arabic and filed as Dutch) still reads the right way.
func TextDir(tag string) string {
	if Dir(tag) == "rtl" {
		return "rtl"
	}
	return "auto"
}

// Tags returns the tags of every shipped language.
func Tags() []string {
	out := make([]string, len(Languages))
	for i, l := range Languages {
		out[i] = l.Tag
	}
	return out
}
