package server

import (
	"html/template"
	"net/url"

	"oogst/harvest"
	"oogst/locale"
)

// The inbox reads the analysis view's filters (counted, intention, type of change;
// block and month are the inbox's own filters), so a cell of a cross-table opens on exactly the outcomes
// it counts, and writes them back into its paging and export links.

func analysisFilter(v url.Values) harvest.AnalysisFilter {
	return harvest.AnalysisFilter{Counted: v.Get("counted") == "1",
		Intended: v.Get("intended"), ChangeType: v.Get("change_type")}
}

func setAnalysisQuery(v url.Values, f harvest.AnalysisFilter) {
	for k, s := range map[string]string{"intended": f.Intended, "change_type": f.ChangeType} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Counted {
		v.Set("counted", "1")
	}
}

// inboxNarrowing is what the inbox says about the analysis filters it was opened with:
// one label per condition, the fields that keep them when the filter form is sent
// again, and a link to the same inbox without them.
type inboxNarrowing struct {
	Labels []string
	Hidden []hiddenField
	Widen  template.URL
}

type hiddenField struct{ Name, Value string }

func narrowing(l *locale.Localizer, f harvest.Filter) *inboxNarrowing {
	a := f.AnalysisFilter
	if a == (harvest.AnalysisFilter{}) {
		return nil
	}
	n := &inboxNarrowing{}
	v := url.Values{}
	setAnalysisQuery(v, a)
	for _, k := range []string{"intended", "change_type", "counted"} {
		if s := v.Get(k); s != "" {
			n.Hidden = append(n.Hidden, hiddenField{k, s})
		}
	}
	said := func(prefix, v string) string {
		if v == harvest.SignNone {
			return l.T("analysis.not_said")
		}
		return l.T(prefix + v)
	}
	if a.Intended != "" {
		n.Labels = append(n.Labels, said("changetype.intent.", a.Intended))
	}
	if a.ChangeType != "" {
		n.Labels = append(n.Labels, said("changetype.outcome.", a.ChangeType))
	}
	if a.Counted {
		n.Labels = append(n.Labels, l.T("analysis.inbox.counted"))
	}
	wide := f
	wide.AnalysisFilter = harvest.AnalysisFilter{}
	n.Widen = template.URL("/outcomes?" + inboxQuery(wide).Encode())
	return n
}
