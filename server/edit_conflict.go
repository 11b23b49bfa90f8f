package server

import (
	"strconv"
	"time"
)

// conflictView is shown above an edit form whose save was refused because someone
// else saved the record in between: who and when, and both versions side by side. The
// form below it keeps what the person typed and carries the new version, so sending it
// again (after merging by hand) saves over the version they have now seen.
type conflictView struct {
	By   string // who saved the newer version ("" when unknown)
	At   string // when, "2006-01-02 15:04" UTC
	Rows []conflictRow
}

// conflictRow is one field: the stored value and the typed one.
type conflictRow struct {
	Label, Theirs, Yours string
}

// Differs marks rows where the two versions disagree.
func (r conflictRow) Differs() bool { return r.Theirs != r.Yours }

func conflictTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// formVersion reads the version an edit form was loaded at; nil when absent (a client
// without it saves without the check, as before).
func formVersion(v string) *int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return nil
	}
	return &n
}
