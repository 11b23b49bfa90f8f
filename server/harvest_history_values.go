package server

import (
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/locale"
)

// histValue is one history line's old and new value as a reader sees them.
type histValue struct{ Old, New string }

// historyValueIDs name the message family of each field whose history stores an
// internal value ("self_reliance", "intended"), so the page shows words, not keys.
var historyValueIDs = map[string]string{
	"change_type":           "changetype.outcome.",
	"intended":              "changetype.intent.",
	"reviewer_significance": "significance.outcome.",
	"status":                "status.outcome.",
	"actor":                 "barriers.actor.",
	"contribution_strength": "barriers.strength.",
}

// historyValues translates the values of an outcome's history into the page's language:
// choices through their messages, codes (stored as keys) through their names, the
// substantiation's answer through its rating label.
func (s *Server) historyValues(c echo.Context, pid int64, hist []harvest.HistoryRow) ([]histValue, error) {
	l := s.loc(c)
	opts, err := harvest.Options(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return nil, err
	}
	codeNames := map[string]string{}
	for _, cd := range opts.Codes {
		codeNames[cd.Key] = cd.Name(l.Lang)
	}
	barrierNames := map[string]string{}
	for _, b := range opts.Barriers {
		barrierNames[b.Key] = b.Name(l.Lang)
	}
	out := make([]histValue, len(hist))
	for i, h := range hist {
		if h.Field == "barriers" {
			out[i] = histValue{Old: keyNames(barrierNames, h.OldValue), New: keyNames(barrierNames, h.NewValue)}
			continue
		}
		out[i] = histValue{Old: historyValue(l, codeNames, h.Field, h.OldValue), New: historyValue(l, codeNames, h.Field, h.NewValue)}
	}
	return out, nil
}

func historyValue(l *locale.Localizer, codeNames map[string]string, field, v string) string {
	if v == "" {
		return ""
	}
	switch field {
	case "codes":
		return keyNames(codeNames, v)
	case "substantiation":
		// "Name: agree" — the person's name stays, the answer is translated.
		if i := strings.LastIndex(v, ": "); i >= 0 && l.Has("rating.subst."+v[i+2:]) {
			return v[:i+2] + l.T("rating.subst."+v[i+2:])
		}
		return v
	}
	if prefix, ok := historyValueIDs[field]; ok && l.Has(prefix+v) {
		return l.T(prefix + v)
	}
	return v
}

// keyNames turns a history value of keys ("language, financial") into names.
func keyNames(names map[string]string, v string) string {
	if v == "" {
		return ""
	}
	parts := strings.Split(v, ", ")
	for i, k := range parts {
		if n, ok := names[k]; ok {
			parts[i] = n
		}
	}
	return strings.Join(parts, ", ")
}
