package locale

import "time"

// dateLayouts is the one way each staff language writes a day. Belgian Dutch and French
// write day/month/year; English gets the month's abbreviation so "02/12" cannot be
// read as February. Cursist languages without their own entry use the Dutch one.
var dateLayouts = map[string]string{
	"nl": "02-01-2006",
	"fr": "02/01/2006",
	"en": "2 Jan 2006",
}

// DateLayout returns the layout of a day in lang.
func DateLayout(lang string) string {
	if l, ok := dateLayouts[lang]; ok {
		return l
	}
	return dateLayouts[Default]
}

// FormatDate writes a day in lang's one date format; a zero or nil time is "".
func FormatDate(lang string, t any) string {
	tt, ok := timeOf(t)
	if !ok {
		return ""
	}
	return tt.Format(DateLayout(lang))
}

// FormatDateTime writes a moment: the date as FormatDate, then the time (24 h).
func FormatDateTime(lang string, t any) string {
	tt, ok := timeOf(t)
	if !ok {
		return ""
	}
	return tt.Format(DateLayout(lang) + " 15:04")
}

// Date and DateTime are FormatDate and FormatDateTime in the localizer's language, for
// templates ({{$.L.Date .StartsOn}}), partials included.
func (l *Localizer) Date(t any) string     { return FormatDate(l.Lang, t) }
func (l *Localizer) DateTime(t any) string { return FormatDateTime(l.Lang, t) }

func timeOf(t any) (time.Time, bool) {
	switch v := t.(type) {
	case time.Time:
		return v, !v.IsZero()
	case *time.Time:
		if v == nil || v.IsZero() {
			return time.Time{}, false
		}
		return *v, true
	}
	return time.Time{}, false
}
