package server

import (
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

// negativeListSize is how many negative outcomes the analysis view lists; the link
// under the list opens all of them in the inbox.
const negativeListSize = 10

type analysisData struct {
	*harvestDashboardData
	Crosses       []crossTable
	Months        chart
	Intents       chart
	Types         chart
	Negative      harvest.Page
	NegativeHref  template.URL
	NegativeTotal int64
	NegativeN     int // NegativeTotal for the plural message
}

// harvestAnalysis is the steering group's analysis of one partnership: which building
// block contributed to which change, per code and per sign, the month axis, intention
// and type of change, and the negative outcomes. Every figure links to the inbox
// filtered to exactly the outcomes it counts.
func (s *Server) harvestAnalysis(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f := harvest.AggregateFilter{RoundID: queryInt(c.QueryParams(), "round"), Group: c.QueryParam("group")}
	dd, err := s.dashboardData(c, pid, f)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	l := s.loc(c)
	a := dd.Agg
	d := &analysisData{harvestDashboardData: dd, Crosses: analysisCrosses(l, pid, f, a)}

	months := continuousMonths(a.ByPeriod)
	var labels []string
	var vals [][]int64
	var hrefs [][]template.URL
	for _, m := range months {
		labels, vals = append(labels, m.Key), append(vals, []int64{m.Count})
		hrefs = append(hrefs, []template.URL{monthLink(pid, f, m.Key)})
	}
	d.Months = linkChart(newChart("months", "analysis.chart.months", []string{"harvest.chart.outcomes"}, []string{"s-one"}, labels, vals), hrefs)

	intents, err := harvest.IntentionCounts(ctx, s.db, scopeOf(c), pid, f)
	if err != nil {
		return err
	}
	d.Intents = intentChart(l, pid, f, intents, "analysis.chart.intended", append(append([]string{}, harvest.Intentions...), ""),
		"changetype.intent.", func(i harvest.IntentCount) string { return i.Intended }, func(h *harvest.Filter, v string) { h.Intended = v })
	d.Types = intentChart(l, pid, f, intents, "analysis.chart.change_type", append(append([]string{}, harvest.ChangeTypes...), ""),
		"changetype.outcome.", func(i harvest.IntentCount) string { return i.ChangeType }, func(h *harvest.Filter, v string) { h.ChangeType = v })

	neg := inboxBase(pid, f)
	neg.Sign = "negative"
	d.NegativeHref = inboxHref(neg)
	for _, sc := range a.BySign {
		if sc.Sign == "negative" {
			d.NegativeTotal = sc.Count
		}
	}
	d.NegativeN = int(d.NegativeTotal)
	neg.PerPage, neg.Known = negativeListSize, &harvest.Known{Total: d.NegativeTotal}
	if d.Negative, err = harvest.List(ctx, s.db, scopeOf(c), neg); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_analysis", s.view(c, "analysis.title", d))
}

// intentChart is one bar per value of intention or type of change ("" last, as not
// said), each bar linking to its outcomes.
func intentChart(l interface{ T(string, ...any) string }, pid int64, f harvest.AggregateFilter, counts []harvest.IntentCount, titleID string,
	values []string, prefix string, of func(harvest.IntentCount) string, set func(*harvest.Filter, string)) chart {
	by := map[string]int64{}
	for _, c := range counts {
		by[of(c)] += c.Count
	}
	var labels []string
	var vals [][]int64
	var hrefs [][]template.URL
	for _, v := range values {
		if by[v] == 0 {
			continue
		}
		label := l.T("analysis.not_said")
		if v != "" {
			label = l.T(prefix + v)
		}
		h := inboxBase(pid, f)
		set(&h, signKey(v))
		labels, vals, hrefs = append(labels, label), append(vals, []int64{by[v]}), append(hrefs, []template.URL{inboxHref(h)})
	}
	return linkChart(newChart(titleID[len("analysis.chart."):], titleID, []string{"harvest.chart.outcomes"}, []string{"s-one"}, labels, vals), hrefs)
}
