package server

import (
	"fmt"
	"sort"
	"strings"

	"oogst/locale"
)

// outcomeConflict compares the stored outcome (d.O, saved by someone else) with what
// the reviewer typed (d.Form, codes).
func outcomeConflict(l *locale.Localizer, d *outcomeData, codes []int64) *conflictView {
	o := d.O
	cv := &conflictView{}
	if len(d.History) > 0 { // newest first
		cv.By, cv.At = d.History[0].UserName, conflictTime(d.History[0].At)
	}
	enum := func(prefix, v string) string {
		if v == "" {
			return ""
		}
		return l.T(fmt.Sprintf("%s.%s", prefix, v))
	}
	var theirs []string
	for _, cd := range o.Codes {
		theirs = append(theirs, cd.Name(l.Lang))
	}
	names := map[int64]string{}
	for _, ch := range d.Codes {
		names[ch.ID] = ch.Name
	}
	var yours []string
	for _, id := range codes {
		yours = append(yours, names[id])
	}
	sort.Strings(theirs)
	sort.Strings(yours)
	cv.Rows = []conflictRow{
		{l.T("harvest.outcome.summary_nl"), o.SummaryNL, strings.TrimSpace(d.Form.SummaryNL)},
		{l.T("harvest.outcome.codes"), strings.Join(theirs, ", "), strings.Join(yours, ", ")},
		{l.T("harvest.outcome.change_type"), enum("changetype.outcome", o.ChangeType), enum("changetype.outcome", d.Form.ChangeType)},
		{l.T("harvest.outcome.intended"), enum("changetype.intent", o.Intended), enum("changetype.intent", d.Form.Intended)},
		{l.T("harvest.outcome.reviewer_significance"), enum("significance.outcome", o.ReviewerSignificance), enum("significance.outcome", d.Form.Significance)},
		{l.T("harvest.outcome.status"), enum("status.outcome", string(o.Status)), enum("status.outcome", d.Form.Status)},
	}
	cv.Rows = append(cv.Rows, contributionConflictRows(l, d)...)
	return cv
}
