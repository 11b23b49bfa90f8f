package harvest

import (
	"context"
	"slices"

	"oogst/db"
	"oogst/people"
)

// TranslationLabels are the texts of an export's translation columns: Header names a
// column ("change", "significance", "contribution" or "state") in a working language;
// Draft, Checked and Human say how far a translation can be trusted.
type TranslationLabels struct {
	Header                func(col, lang string) string
	Draft, Checked, Human string
}

// translationCols are the columns written per working language, after the original's.
var translationCols = []string{"change", "significance", "contribution", "state"}

// exportLanguages are the working languages of the partnerships an export can hold
// (the filter's one, or all the caller's), so a Dutch-only partnership's file has no
// empty French columns.
func exportLanguages(ctx context.Context, d *db.DB, sc people.Scope, f Filter, names map[int64]string) ([]string, error) {
	pids := []int64{f.PartnershipID}
	if f.PartnershipID == 0 {
		pids = pids[:0]
		for id := range names {
			pids = append(pids, id)
		}
	}
	m, err := workingLanguages(ctx, d, pids)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range WorkingLanguageChoices {
		for _, langs := range m {
			if slices.Contains(langs, l) {
				out = append(out, l)
				break
			}
		}
	}
	return out, nil
}

// translationHeaders are the headers of the translation columns for langs.
func translationHeaders(l TranslationLabels, langs []string) []string {
	header := l.Header
	if header == nil { // a caller without labels still gets readable headers
		header = func(col, lang string) string { return col + " (" + lang + ")" }
	}
	out := make([]string, 0, len(langs)*len(translationCols))
	for _, lang := range langs {
		for _, col := range translationCols {
			out = append(out, header(col, lang))
		}
	}
	return out
}

// translationCells are o's translations into langs, beside the original; empty where
// there is none. A machine draft nobody checked says so, so nobody quotes it as the
// cursist's words.
func translationCells(o Outcome, l TranslationLabels, langs []string) []string {
	out := make([]string, 0, len(langs)*len(translationCols))
	for _, lang := range langs {
		t, ok := o.In(lang)
		if !ok {
			out = append(out, "", "", "", "")
			continue
		}
		state := l.Human
		switch {
		case t.Draft():
			state = l.Draft
		case t.CheckedAt != nil:
			state = l.Checked
		}
		out = append(out, t.ChangeText, t.SignificanceText, t.ContributionText, state)
	}
	return out
}
