package server

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/people"
	"oogst/survey"
)

// formChangedBy fills who last changed a form's draft, and when.
func (s *Server) formChangedBy(c echo.Context, f survey.Form) *conflictView {
	cv := &conflictView{At: conflictTime(f.UpdatedAt)}
	if f.UpdatedBy != nil {
		// Best effort: the conflict page still helps without the name.
		cv.By, _ = people.UserName(c.Request().Context(), s.db, *f.UpdatedBy)
	}
	return cv
}

// settingsConflict compares the stored titles and languages (d.Def, before the typed
// definition replaces it) with the typed ones.
func (s *Server) settingsConflict(c echo.Context, d *surveyFormData, typed survey.Definition) *conflictView {
	l := s.loc(c)
	cv := s.formChangedBy(c, d.Form)
	for _, lang := range d.AllLangs {
		if row := (conflictRow{fmt.Sprintf("%s (%s)", l.T("survey.form.title_per_language"), lang.Name), d.Def.Title[lang.Tag], typed.Title[lang.Tag]}); row.Differs() {
			cv.Rows = append(cv.Rows, row)
		}
	}
	cv.Rows = append(cv.Rows, conflictRow{l.T("survey.form.languages"), strings.Join(d.Def.Languages, ", "), strings.Join(typed.Languages, ", ")})
	return cv
}

// questionConflict compares the stored question qid (d.Def) with the typed one.
func (s *Server) questionConflict(c echo.Context, d *surveyFormData, typed survey.Definition, qid string) *conflictView {
	l := s.loc(c)
	cv := s.formChangedBy(c, d.Form)
	var theirs, yours survey.Question
	if q, ok := d.Def.Question(qid); ok {
		theirs = *q
	}
	if q, ok := typed.Question(qid); ok {
		yours = *q
	}
	add := func(label, a, b string) {
		if row := (conflictRow{label, a, b}); row.Differs() {
			cv.Rows = append(cv.Rows, row)
		}
	}
	add(l.T("survey.form.type"), string(theirs.Type), string(yours.Type))
	add(l.T("survey.form.required"), yesNo(theirs.Required), yesNo(yours.Required))
	for _, lang := range d.AllLangs {
		add(fmt.Sprintf("%s (%s)", l.T("survey.form.text"), lang.Name), theirs.Text[lang.Tag], yours.Text[lang.Tag])
		add(fmt.Sprintf("%s (%s)", l.T("survey.form.help"), lang.Name), theirs.Help[lang.Tag], yours.Help[lang.Tag])
	}
	add(l.T("survey.form.options"), optionList(theirs), optionList(yours))
	return cv
}

func yesNo(b bool) string {
	if b {
		return "✓"
	}
	return "–"
}

func optionList(q survey.Question) string {
	parts := make([]string, 0, len(q.Options))
	for _, o := range q.Options {
		parts = append(parts, o.ID+": "+o.Text["nl"])
	}
	return strings.Join(parts, "\n")
}
