package server

import (
	"html/template"
	"sort"
	"strconv"

	"golang.org/x/text/language"
	xmessage "golang.org/x/text/message"

	"oogst/harvest"
	"oogst/locale"
)

// A cross-table of the analysis view: one row per value of one dimension, one column per
// value of the other, each cell a count, its share of the row and a link to the inbox
// filtered to exactly the outcomes it counts.

type crossCell struct {
	Count int64
	Pct   string // the row share, written the locale's way ("" for an empty row)
	Href  template.URL
}

type crossRow struct {
	Label string
	Cells []crossCell
	Total crossCell // the row's own count: outcomes with the row's value
}

type crossTable struct {
	ID      string
	TitleID string
	NoteID  string   // how the shares are read
	Cols    []string // column labels
	Rows    []crossRow
}

// inboxBase is the inbox filter every analysis link starts from: the partnership's
// counted outcomes (every status but excluded, as the rollup counts), narrowed like
// the view.
func inboxBase(pid int64, f harvest.AggregateFilter) harvest.Filter {
	return harvest.Filter{PartnershipID: pid, RoundID: f.RoundID, Group: f.Group, AnalysisFilter: harvest.AnalysisFilter{Counted: true}}
}

// inboxHref is the inbox's address for f (every status; counted narrows it).
func inboxHref(f harvest.Filter) template.URL {
	return template.URL("/outcomes?" + inboxQuery(f).Encode())
}

// percent writes n/total as a whole percentage with the locale's message (French puts a
// space before the sign).
func percent(l *locale.Localizer, n, total int64) string {
	if total <= 0 {
		return ""
	}
	p := (n*1000/total + 5) / 10
	return l.T("analysis.percent", "Percent", formatInt(l.Lang, p))
}

// formatInt writes n with the locale's digit grouping (1.234, 1 234, 1,234).
func formatInt(lang string, n int64) string {
	return xmessage.NewPrinter(language.Make(lang)).Sprintf("%d", n)
}

// signKey is how a link asks for a sign: "" (not said) is asked as none.
func signKey(s string) string {
	if s == "" {
		return harvest.SignNone
	}
	return s
}

// crossRowOf is one row of cols cells: its total links to base, cell i counts count(i)
// of total and links to base narrowed by narrow(&f, i).
func crossRowOf(l *locale.Localizer, label string, total int64, base harvest.Filter, cols int, narrow func(f *harvest.Filter, i int), count func(i int) int64) crossRow {
	r := crossRow{Label: label, Total: crossCell{Count: total, Href: inboxHref(base)}}
	for i := range cols {
		f := base
		narrow(&f, i)
		n := count(i)
		r.Cells = append(r.Cells, crossCell{Count: n, Pct: percent(l, n, total), Href: inboxHref(f)})
	}
	return r
}

// signColumns are the sign columns of a "× sign" table, "" (not said) last, with their labels.
func signColumns(l *locale.Localizer) (signs, labels []string) {
	signs = append(append([]string{}, harvest.Signs...), "")
	for _, s := range signs {
		labels = append(labels, l.T("sign.outcome."+signKey(s)))
	}
	return signs, labels
}

// bySign sums counts per row key and sign, and per row key.
func bySign(n int, at func(i int) (key, sign string, count int64)) (cells map[string]map[string]int64, totals map[string]int64) {
	cells, totals = map[string]map[string]int64{}, map[string]int64{}
	for i := range n {
		k, s, c := at(i)
		if cells[k] == nil {
			cells[k] = map[string]int64{}
		}
		cells[k][s] += c
		totals[k] += c
	}
	return cells, totals
}

// signTable fills t as a "× sign" table: a row per key (in the order of keys) that any
// outcome has, a column per sign. at reads the i-th of the n counts by key and sign;
// label names a row and narrow sets its key on the row's inbox filter.
func signTable(l *locale.Localizer, pid int64, f harvest.AggregateFilter, t crossTable, keys []string, n int,
	at func(i int) (key, sign string, count int64), label func(key string) string, narrow func(base *harvest.Filter, key string)) crossTable {
	signs, labels := signColumns(l)
	t.Cols = labels
	cells, totals := bySign(n, at)
	for _, k := range keys {
		if totals[k] == 0 {
			continue
		}
		base := inboxBase(pid, f)
		narrow(&base, k)
		t.Rows = append(t.Rows, crossRowOf(l, label(k), totals[k], base, len(signs),
			func(f *harvest.Filter, i int) { f.Sign = signKey(signs[i]) },
			func(i int) int64 { return cells[k][signs[i]] }))
	}
	return t
}

// codeBlockTable is code × building block: of the outcomes with a code, how many credit
// each block (an outcome may name several blocks, so a row can add up past 100%).
func codeBlockTable(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) crossTable {
	t := crossTable{ID: "code-block", TitleID: "analysis.cross.code_block", NoteID: "analysis.cross.code_block_note"}
	for _, b := range harvest.Blocks {
		t.Cols = append(t.Cols, l.T("block.outcome."+b))
	}
	cells := map[int64]map[string]int64{}
	for _, c := range a.Cross.CodeBlock {
		if cells[c.CodeID] == nil {
			cells[c.CodeID] = map[string]int64{}
		}
		cells[c.CodeID][c.Block] = c.Count
	}
	for _, c := range a.ByCode {
		base := inboxBase(pid, f)
		base.CodeID = c.CodeID
		t.Rows = append(t.Rows, crossRowOf(l, c.Code.Name(l.Lang), c.Total, base, len(harvest.Blocks),
			func(f *harvest.Filter, i int) { f.Block = harvest.Blocks[i] },
			func(i int) int64 { return cells[c.CodeID][harvest.Blocks[i]] }))
	}
	return t
}

// blockSignTable is building block × sign: of the outcomes crediting a block, how many
// are positive, negative, both or not said (each row adds up to 100%).
func blockSignTable(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) crossTable {
	t := crossTable{ID: "block-sign", TitleID: "analysis.cross.block_sign", NoteID: "analysis.cross.block_sign_note"}
	return signTable(l, pid, f, t, harvest.Blocks, len(a.Cross.BlockSign),
		func(i int) (string, string, int64) {
			c := a.Cross.BlockSign[i]
			return c.Block, c.Sign, c.Count
		},
		func(b string) string { return l.T("block.outcome." + b) },
		func(base *harvest.Filter, b string) { base.Block = b })
}

// codeBarrierTable is code × barrier: of the outcomes with a code, how many name each
// barrier that any counted outcome names (an outcome can name several).
func codeBarrierTable(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) crossTable {
	t := crossTable{ID: "code-barrier", TitleID: "analysis.cross.code_barrier", NoteID: "analysis.cross.code_barrier_note"}
	bars := append([]harvest.BarrierCount{}, a.ByBarrier...)
	sort.SliceStable(bars, func(i, j int) bool {
		if bars[i].Barrier.Position != bars[j].Barrier.Position {
			return bars[i].Barrier.Position < bars[j].Barrier.Position
		}
		return bars[i].BarrierID < bars[j].BarrierID
	})
	for _, b := range bars {
		t.Cols = append(t.Cols, b.Barrier.Name(l.Lang))
	}
	cells := map[[2]int64]int64{}
	for _, c := range a.Cross.CodeBarrier {
		cells[[2]int64{c.CodeID, c.BarrierID}] = c.Count
	}
	if len(bars) == 0 {
		return t
	}
	for _, c := range a.ByCode {
		base := inboxBase(pid, f)
		base.CodeID = c.CodeID
		t.Rows = append(t.Rows, crossRowOf(l, c.Code.Name(l.Lang), c.Total, base, len(bars),
			func(f *harvest.Filter, i int) { f.BarrierID = bars[i].BarrierID },
			func(i int) int64 { return cells[[2]int64{c.CodeID, bars[i].BarrierID}] }))
	}
	return t
}

// actorSignTable is social actor × sign: who changed, and in which direction (each row
// adds up to 100%).
func actorSignTable(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) crossTable {
	t := crossTable{ID: "actor-sign", TitleID: "analysis.cross.actor_sign", NoteID: "analysis.cross.actor_sign_note"}
	return signTable(l, pid, f, t, append(append([]string{}, harvest.Actors...), ""), len(a.Cross.ActorSign),
		func(i int) (string, string, int64) {
			c := a.Cross.ActorSign[i]
			return c.Actor, c.Sign, c.Count
		},
		func(actor string) string {
			if actor == "" {
				return l.T("analysis.not_said")
			}
			return l.T("analysis.actor." + actor)
		},
		func(base *harvest.Filter, actor string) { base.Actor = signKey(actor) })
}

// analysisCrosses are the view's cross-tables in the order the page shows them.
func analysisCrosses(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) []crossTable {
	return []crossTable{codeBlockTable(l, pid, f, a), blockSignTable(l, pid, f, a), codeBarrierTable(l, pid, f, a), actorSignTable(l, pid, f, a)}
}

// crossExportTables are the cross-tables for the aggregates export: counts only.
func crossExportTables(l *locale.Localizer, pid int64, f harvest.AggregateFilter, a harvest.Aggregates) []aggregateTable {
	var out []aggregateTable
	for _, t := range analysisCrosses(l, pid, f, a) {
		at := aggregateTable{Title: l.T(t.TitleID), Header: append(append([]string{l.T(t.TitleID)}, t.Cols...), l.T("analysis.cross.total"))}
		for _, r := range t.Rows {
			var cells []int64
			for _, c := range r.Cells {
				cells = append(cells, c.Count)
			}
			at.Labels, at.Cells = append(at.Labels, r.Label), append(at.Cells, append(cells, r.Total.Count))
		}
		out = append(out, at)
	}
	return out
}

// monthLink is the inbox address of one month of the month axis.
func monthLink(pid int64, f harvest.AggregateFilter, month string) template.URL {
	base := inboxBase(pid, f)
	base.Month = month
	return inboxHref(base)
}

// continuousMonths lists every month from the first to the last counted one, months
// without outcomes as zero, so the axis shows gaps as gaps.
func continuousMonths(counts []harvest.KeyCount) []harvest.KeyCount {
	by := map[string]int64{}
	first, last := "", ""
	for _, k := range counts {
		if len(k.Key) != 7 {
			continue
		}
		by[k.Key] += k.Count
		if first == "" || k.Key < first {
			first = k.Key
		}
		if k.Key > last {
			last = k.Key
		}
	}
	var out []harvest.KeyCount
	if first == "" {
		return out
	}
	y, _ := strconv.Atoi(first[:4])
	m, _ := strconv.Atoi(first[5:])
	for i := 0; i < 1200; i++ {
		key := strconv.Itoa(y) + "-" + twoDigits(m)
		out = append(out, harvest.KeyCount{Key: key, Count: by[key]})
		if key >= last {
			break
		}
		if m++; m > 12 {
			m, y = 1, y+1
		}
	}
	return out
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
