package server

import (
	"strings"

	"oogst/locale"
	"oogst/markers"
)

// journalConflict compares the stored journal (saved by someone else) with the typed
// one: one row per marker or reflection field where they differ.
func journalConflict(l *locale.Localizer, v markers.JournalView, in markers.JournalInput) *conflictView {
	cv := &conflictView{At: conflictTime(v.Journal.UpdatedAt)}
	if v.Journal.UpdatedBy != nil {
		cv.By = v.Names[*v.Journal.UpdatedBy]
	}
	entry := func(rating, desc, evidence, factors string) string {
		parts := []string{}
		if rating = strings.TrimSpace(rating); rating != "" {
			parts = append(parts, l.T("rating."+rating))
		}
		for _, p := range []string{desc, evidence, factors} {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		return strings.Join(parts, "\n")
	}
	for _, r := range v.Rows {
		typed, ok := in.Entries[r.Marker.ID]
		if !ok {
			continue
		}
		row := conflictRow{Label: r.Marker.Text().In(l.Lang), Yours: entry(typed.Rating, typed.Description, typed.Evidence, typed.Factors)}
		if e := r.Entry; e != nil {
			row.Theirs = entry(string(e.Rating), e.Description, e.Evidence, e.Factors)
		}
		if row.Differs() {
			cv.Rows = append(cv.Rows, row)
		}
	}
	for _, f := range []struct{ label, theirs, yours string }{
		{"markers.journal.unanticipated", v.Journal.Unanticipated, in.Unanticipated},
		{"markers.journal.lessons", v.Journal.Lessons, in.Lessons},
		{"markers.journal.programme_changes", v.Journal.ProgrammeChanges, in.ProgrammeChanges},
	} {
		if row := (conflictRow{l.T(f.label), strings.TrimSpace(f.theirs), strings.TrimSpace(f.yours)}); row.Differs() {
			cv.Rows = append(cv.Rows, row)
		}
	}
	return cv
}
