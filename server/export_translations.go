package server

import (
	"oogst/harvest"
	"oogst/locale"
)

// translationLabels names the export's translation columns in the caller's language.
func translationLabels(l *locale.Localizer) harvest.TranslationLabels {
	ids := map[string]string{"change": "views.export.col.change", "significance": "views.export.col.significance",
		"contribution": "views.export.col.contribution", "state": "views.export.col.state"}
	return harvest.TranslationLabels{
		Header: func(col, lang string) string { return l.T(ids[col], "Language", lang) },
		Draft:  l.T("views.export.machine_draft"), Checked: l.T("views.export.checked"), Human: l.T("views.export.human"),
	}
}
