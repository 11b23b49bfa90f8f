package server

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/csvsafe"
	"oogst/harvest"
	"oogst/locale"
)

// exportHeaderIDs are the message IDs of harvest.ExportColumns, in the same order.
var exportHeaderIDs = []string{"harvest.export.col.id", "harvest.export.col.partnership", "harvest.export.col.round",
	"harvest.export.col.group", "harvest.export.col.language", "harvest.export.col.date", "harvest.export.col.source",
	"harvest.export.col.status", "harvest.export.col.sign", "harvest.export.col.change", "harvest.export.col.significance",
	"harvest.export.col.contribution", "harvest.export.col.blocks", "harvest.export.col.summary_nl", "harvest.export.col.codes",
	"harvest.export.col.change_type", "harvest.export.col.intended", "harvest.export.col.reviewer_significance",
	"harvest.export.col.exclude_reason", "barriers.export.col.barriers", "barriers.export.col.actor",
	"barriers.export.col.strength", "barriers.export.col.note", "cursiststatus.export.column"}

// exportLabels translates the export's headers and values for the caller's language.
func exportLabels(l *locale.Localizer) harvest.ExportLabels {
	h := make([]string, len(exportHeaderIDs))
	for i, id := range exportHeaderIDs {
		h[i] = l.T(id)
	}
	return harvest.ExportLabels{Headers: h, Value: func(id string) string { return l.T(id) }, Lang: l.Lang, Translation: translationLabels(l),
		CursistStatus: func(status, detail string) string {
			if status == "" {
				return "" // an outcome of no known cursist
			}
			return cursistStatusLabel(l, status, detail)
		}}
}

// exportOutcomes streams the filtered outcomes as CSV or XLSX and logs the export.
func (s *Server) exportOutcomes(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		sc := scopeOf(c)
		f, err := apiOutcomeFilter(c, false)
		if err != nil {
			return err
		}
		sep, err := csvSep(s.loc(c), c)
		if err != nil {
			return err
		}
		name := fmt.Sprintf("oogst-outcomes-%s.%s", s.now().Format("20060102"), format)
		w := c.Response()
		labels := exportLabels(s.loc(c))
		contentType := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		if format == "csv" {
			contentType = "text/csv; charset=utf-8"
		}
		// Logged while the first rows are read; nothing is sent before it is logged.
		gate := gateExport(w, s.exportAudit(c, f.PartnershipID, "outcomes."+format+"?"+filterQuery(f).Encode()), func() {
			w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set(echo.HeaderContentType, contentType)
			w.WriteHeader(http.StatusOK)
		})
		if format == "csv" {
			_, err = harvest.WriteCSV(ctx, s.db, sc, f, labels, sep, gate)
		} else {
			_, err = harvest.WriteXLSX(ctx, s.db, sc, f, labels, s.loc(c).T("harvest.export.sheet"), gate)
		}
		return gate.close(err)
	}
}

// exportAggregates writes a partnership's dashboard numbers as CSV (one block per chart:
// title, then a header of its series, then one row per label) or as an Excel workbook
// (one sheet per chart, counts as numbers). Logged like every export.
func (s *Server) exportAggregates(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		pid, err := pathID(c, "id")
		if err != nil {
			return err
		}
		sep, err := csvSep(s.loc(c), c)
		if err != nil {
			return err
		}
		f, err := apiAggregateFilter(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		d, err := s.dashboardData(c, pid, f)
		if err != nil {
			return err
		}
		l := s.loc(c)
		tables := make([]aggregateTable, len(d.Charts))
		for i, ch := range d.Charts {
			t := aggregateTable{Title: l.T(ch.TitleID), Header: []string{l.T(ch.TitleID)}}
			for _, sr := range ch.Series {
				t.Header = append(t.Header, l.T(sr))
			}
			for _, r := range ch.Rows {
				t.Labels, t.Cells = append(t.Labels, r.Label), append(t.Cells, r.Cells)
			}
			tables[i] = t
		}
		tables = append(tables, crossExportTables(l, pid, d.Filter, d.Agg)...)
		// Built in memory before anything is sent or logged: a handful of small tables.
		var buf bytes.Buffer
		contentType := "text/csv; charset=utf-8"
		if format == "xlsx" {
			contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			err = writeXLSX(&buf, aggregateSheets(tables))
		} else {
			err = writeAggregatesCSV(&buf, tables, sep)
		}
		if err != nil {
			return err
		}
		if err := harvest.LogExport(ctx, s.db, currentUser(c).ID, pid, "aggregates."+format, c.RealIP()); err != nil {
			return err
		}
		w := c.Response()
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="oogst-aggregates-%d-%s.%s"`, pid, s.now().Format("20060102"), format))
		w.Header().Set("Cache-Control", "no-store")
		return c.Blob(http.StatusOK, contentType, buf.Bytes())
	}
}

// aggregateTable is one dashboard chart as a table.
type aggregateTable struct {
	Title  string
	Header []string // the chart's title, then its series
	Labels []string
	Cells  [][]int64
}

func writeAggregatesCSV(w *bytes.Buffer, tables []aggregateTable, sep rune) error {
	cw := csvsafe.NewWriter(w, sep, true)
	for _, t := range tables {
		if err := cw.Write(t.Header); err != nil {
			return err
		}
		for i, label := range t.Labels {
			row := []string{label}
			for _, v := range t.Cells[i] {
				row = append(row, strconv.FormatInt(v, 10))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		if err := cw.Write(nil); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// aggregateSheets gives every chart its own sheet, named after the chart; counts are
// numbers, so the figures can be charted or summed in the spreadsheet.
func aggregateSheets(tables []aggregateTable) []xlsxSheet {
	used := map[string]bool{}
	sheets := make([]xlsxSheet, len(tables))
	for i, t := range tables {
		head := make([]any, len(t.Header))
		for j, h := range t.Header {
			head[j] = h
		}
		rows := [][]any{head}
		for r, label := range t.Labels {
			row := []any{label}
			for _, v := range t.Cells[r] {
				row = append(row, v)
			}
			rows = append(rows, row)
		}
		sheets[i] = xlsxSheet{Name: sheetName(t.Title, i, used), Rows: rows}
	}
	return sheets
}
