package server

import (
	"html/template"

	"oogst/harvest"
)

// Server-side SVG bar charts for the dashboard and meeting mode: horizontal bars, big
// labels, readable on a projector. The template draws them from these numbers; colours
// come from classes in harvest.css (the CSP forbids style attributes).

const (
	chartWidth  = 800
	chartLabelW = 300
	chartRowH   = 38
	chartBarH   = 26
)

type chartSeg struct {
	X, W  int
	Class string
	Value int64
	Href  template.URL
}

type chartRow struct {
	Label        string
	Short        string // fits the bar chart's label column; the table has the full label
	Y, TextY     int
	Segs         []chartSeg
	Total        int64
	TotalX       int
	Cells        []int64        // the values again, for the data table
	Hrefs        []template.URL // per value: the inbox filtered to its outcomes (nil: no links)
	NonZeroTotal bool
}

type chart struct {
	ID      string
	TitleID string
	Series  []string // label ids of the stacked series (legend and table columns)
	Classes []string
	Rows    []chartRow
	Height  int
	Width   int
}

// newChart lays out rows of stacked values. Series and classes name each stack part.
func newChart(id, titleID string, series, classes []string, labels []string, values [][]int64) chart {
	ch := chart{ID: id, TitleID: titleID, Series: series, Classes: classes, Width: chartWidth}
	var max int64
	for _, vs := range values {
		var t int64
		for _, v := range vs {
			t += v
		}
		if t > max {
			max = t
		}
	}
	scale := float64(chartWidth-chartLabelW-60) / float64(maxI(max, 1))
	for i, label := range labels {
		y := i * chartRowH
		r := chartRow{Label: label, Short: shorten(label, 30), Y: y + (chartRowH-chartBarH)/2, TextY: y + chartRowH/2 + 6, Cells: values[i]}
		x := chartLabelW
		for j, v := range values[i] {
			w := int(float64(v)*scale + 0.5)
			if v > 0 && w < 2 {
				w = 2
			}
			if v > 0 {
				r.Segs = append(r.Segs, chartSeg{X: x, W: w, Class: classes[j], Value: v})
			}
			x += w
			r.Total += v
		}
		r.TotalX = x + 8
		ch.Rows = append(ch.Rows, r)
	}
	ch.Height = maxInt(len(labels), 1) * chartRowH
	return ch
}

// shorten cuts a label to n characters with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func maxI(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

var signSeries = []string{"sign.outcome.positive", "sign.outcome.negative", "sign.outcome.both", "sign.outcome.none"}
var signClasses = []string{"s-pos", "s-neg", "s-both", "s-none"}

// dashboardCharts turns aggregates into the dashboard's charts; label translates
// dynamic labels (blocks, statuses) and lang picks code names.
func dashboardCharts(a harvest.Aggregates, lang string, label func(string) string) []chart {
	var out []chart
	{
		var labels []string
		var vals [][]int64
		for _, c := range a.ByCode {
			labels = append(labels, c.Code.Name(lang))
			vals = append(vals, []int64{c.Positive, c.Negative, c.Both, c.Unsigned})
		}
		out = append(out, newChart("codes", "harvest.chart.codes", signSeries, signClasses, labels, vals))
	}
	out = append(out, barrierChart(a, lang))
	one := func(id, titleID string, kcs []harvest.KeyCount, prefix string) chart {
		var labels []string
		var vals [][]int64
		for _, k := range kcs {
			l := k.Key
			if prefix != "" {
				l = label(prefix + k.Key)
			}
			labels = append(labels, l)
			vals = append(vals, []int64{k.Count})
		}
		return newChart(id, titleID, []string{"harvest.chart.outcomes"}, []string{"s-one"}, labels, vals)
	}
	out = append(out, one("blocks", "harvest.chart.blocks", a.ByBlock, "block.outcome."))
	{
		var labels []string
		var vals [][]int64
		for _, r := range a.ByRound {
			labels = append(labels, r.Title)
			vals = append(vals, []int64{r.Responses, max(r.Invited-r.Responses, 0)})
		}
		out = append(out, newChart("responses", "harvest.chart.responses", []string{"harvest.chart.responses_series", "harvest.chart.not_responded"}, []string{"s-one", "s-none"}, labels, vals))
	}
	{
		// Trend: per round, stacked by sign, rounds in the order of ByRound.
		idx := map[int64]int{}
		var labels []string
		var vals [][]int64
		for _, r := range a.ByRound {
			idx[r.RoundID] = len(labels)
			labels = append(labels, r.Title)
			vals = append(vals, make([]int64, 4))
		}
		for _, t := range a.Trend {
			i, ok := idx[t.RoundID]
			if !ok {
				continue
			}
			switch t.Sign {
			case "positive":
				vals[i][0] += t.Count
			case "negative":
				vals[i][1] += t.Count
			case "both":
				vals[i][2] += t.Count
			default:
				vals[i][3] += t.Count
			}
		}
		out = append(out, newChart("trend", "harvest.chart.trend", signSeries, signClasses, labels, vals))
	}
	out = append(out, one("groups", "harvest.chart.groups", a.ByGroup, ""))
	out = append(out, one("periods", "harvest.chart.periods", a.ByPeriod, ""))
	out = append(out, one("status", "harvest.chart.status", a.ByStatus, "status.outcome."))
	return out
}

// linkChart gives every bar and table cell of ch its inbox link: hrefs[row][value].
func linkChart(ch chart, hrefs [][]template.URL) chart {
	for i := range ch.Rows {
		if i >= len(hrefs) {
			break
		}
		if hrefs[i] == nil {
			continue // a row without an inbox filter stays plain
		}
		r := &ch.Rows[i]
		r.Hrefs = hrefs[i]
		k := 0
		for j, v := range r.Cells {
			if v > 0 && k < len(r.Segs) {
				r.Segs[k].Href = hrefs[i][j]
				k++
			}
		}
	}
	return ch
}
