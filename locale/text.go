package locale

// Text is one text in several languages: language tag → text. Dutch (Default) is the
// source every other language is translated from. Survey forms carry it in all the
// cursists' languages; staff texts (progress markers, outcome codes) in nl, fr and en,
// kept in one column per language (see StaffText and Staff).
type Text map[string]string

// StaffLanguages are the languages staff texts are written in, in the order forms show them.
var StaffLanguages = []string{"nl", "fr", "en"}

// StaffText is a staff text from its three columns; every staff language is present
// (maybe empty), so it reads the same in JSON whichever were filled.
func StaffText(nl, fr, en string) Text { return Text{"nl": nl, "fr": fr, "en": en} }

// Staff returns the three columns of a staff text (nl, fr, en).
func (t Text) Staff() (nl, fr, en string) { return t["nl"], t["fr"], t["en"] }

// Get returns the text in lang, or the Dutch text with fallback=true when lang has none.
func (t Text) Get(lang string) (s string, fallback bool) {
	if v := t[lang]; v != "" {
		return v, false
	}
	return t[Default], lang != Default
}

// In returns the text in lang, falling back to Dutch.
func (t Text) In(lang string) string {
	s, _ := t.Get(lang)
	return s
}

// Equal reports whether both texts say the same in every language (an empty text and
// a missing one are the same).
func (t Text) Equal(o Text) bool {
	for k, v := range t {
		if o[k] != v {
			return false
		}
	}
	for k, v := range o {
		if t[k] != v {
			return false
		}
	}
	return true
}
