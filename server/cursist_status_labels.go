package server

import (
	"oogst/locale"
	"oogst/people"
)

// The message IDs of the cursist statuses, their stop reasons and outflow results,
// written out so the locale test sees every one of them used.
var (
	cursistStatusIDs = map[string]string{
		people.StatusInTraining: "cursiststatus.status.in_training",
		people.StatusPaused:     "cursiststatus.status.paused",
		people.StatusStopped:    "cursiststatus.status.stopped",
		people.StatusFinished:   "cursiststatus.status.finished",
	}
	stopReasonIDs = map[string]string{
		"competences_language": "cursiststatus.reason.competences_language",
		"health":               "cursiststatus.reason.health",
		"pregnancy":            "cursiststatus.reason.pregnancy",
		"financial_work":       "cursiststatus.reason.financial_work",
		"expectations":         "cursiststatus.reason.expectations",
		"family":               "cursiststatus.reason.family",
		"other":                "cursiststatus.reason.other",
	}
	outflowIDs = map[string]string{
		"childcare_work":   "cursiststatus.outflow.childcare_work",
		"other_work":       "cursiststatus.outflow.other_work",
		"further_study":    "cursiststatus.outflow.further_study",
		"looking_for_work": "cursiststatus.outflow.looking_for_work",
	}
)

// cursistStatusLabel names a status with its detail ("Stopped: health"); status ""
// is the row of outcomes whose cursist is not known.
func cursistStatusLabel(l *locale.Localizer, status, detail string) string {
	id, ok := cursistStatusIDs[status]
	if !ok {
		return l.T("cursiststatus.no_cursist")
	}
	label := l.T(id)
	var did string
	switch status {
	case people.StatusStopped:
		did = stopReasonIDs[detail]
	case people.StatusFinished:
		did = outflowIDs[detail]
	}
	if did == "" {
		return label
	}
	return l.T("cursiststatus.with_detail", "Status", label, "Detail", l.T(did))
}

// statusOption is one choice of a status form's select.
type statusOption struct {
	Value, Label string
}

func statusOptions(l *locale.Localizer, values []string, ids map[string]string) []statusOption {
	out := make([]statusOption, len(values))
	for i, v := range values {
		out[i] = statusOption{Value: v, Label: l.T(ids[v])}
	}
	return out
}
