package server

import (
	"html/template"

	"oogst/harvest"
)

// linkDashboard makes every bar and table cell of the dashboard's charts a link to the
// inbox filtered to exactly the outcomes it counts, as the analysis view's cells are
// (issue 17): the steering group clicks from a figure to its stories. The responses
// chart counts answers, not outcomes, and a group named "" (outcomes of no group)
// has no inbox filter, so those stay plain numbers.
func linkDashboard(charts []chart, a harvest.Aggregates, pid int64, f harvest.AggregateFilter) []chart {
	// bySign links a cell split by sign: one link per sign.
	bySign := func(set func(*harvest.Filter)) []template.URL {
		b := inboxBase(pid, f)
		set(&b)
		var out []template.URL
		for _, s := range []string{"positive", "negative", "both", harvest.SignNone} {
			b.Sign = s
			out = append(out, inboxHref(b))
		}
		return out
	}
	one := func(set func(*harvest.Filter)) []template.URL {
		b := inboxBase(pid, f)
		set(&b)
		return []template.URL{inboxHref(b)}
	}
	for i, ch := range charts {
		var hrefs [][]template.URL
		switch ch.ID {
		case "codes":
			for _, c := range a.ByCode {
				hrefs = append(hrefs, bySign(func(b *harvest.Filter) { b.CodeID = c.CodeID }))
			}
		case "barriers":
			for _, c := range a.ByBarrier {
				hrefs = append(hrefs, bySign(func(b *harvest.Filter) { b.BarrierID = c.BarrierID }))
			}
		case "trend":
			for _, r := range a.ByRound {
				hrefs = append(hrefs, bySign(func(b *harvest.Filter) { b.RoundID = r.RoundID }))
			}
		case "blocks":
			for _, k := range a.ByBlock {
				hrefs = append(hrefs, one(func(b *harvest.Filter) { b.Block = k.Key }))
			}
		case "periods":
			for _, k := range a.ByPeriod {
				hrefs = append(hrefs, one(func(b *harvest.Filter) { b.Month = k.Key }))
			}
		case "status":
			for _, k := range a.ByStatus {
				hrefs = append(hrefs, one(func(b *harvest.Filter) { b.Status = k.Key }))
			}
		case "groups":
			for _, k := range a.ByGroup {
				if k.Key == "" {
					hrefs = append(hrefs, nil)
					continue
				}
				hrefs = append(hrefs, one(func(b *harvest.Filter) { b.Group = k.Key }))
			}
		default:
			continue
		}
		charts[i] = linkChart(ch, hrefs)
	}
	return charts
}
