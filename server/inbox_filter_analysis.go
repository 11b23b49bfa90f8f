package server

import (
	"net/url"

	"oogst/harvest"
)

// The inbox reads the analysis view's filters (building block, month, counted,
// intention, type of change), so a cell of a cross-table opens on exactly the outcomes
// it counts, and writes them back into its paging and export links.

func analysisFilter(v url.Values) harvest.AnalysisFilter {
	return harvest.AnalysisFilter{Block: v.Get("block"), Month: v.Get("month"), Counted: v.Get("counted") == "1",
		Intended: v.Get("intended"), ChangeType: v.Get("change_type")}
}

func setAnalysisQuery(v url.Values, f harvest.AnalysisFilter) {
	for k, s := range map[string]string{"block": f.Block, "month": f.Month, "intended": f.Intended, "change_type": f.ChangeType} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Counted {
		v.Set("counted", "1")
	}
}
