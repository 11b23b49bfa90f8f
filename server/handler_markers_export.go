package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/csvsafe"
	"oogst/locale"
	"oogst/markers"
)

// exportTables builds the matrix and journal tables of a partnership, header first.
func (s *Server) exportTables(c echo.Context, partnershipID int64) (matrix [][]string, journals [][]any, err error) {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	l := s.loc(c)
	ps, err := markers.Periods(ctx, s.db, sc, partnershipID)
	if err != nil {
		return nil, nil, err
	}
	bps, err := markers.Partners(ctx, s.db, sc, partnershipID)
	if err != nil {
		return nil, nil, err
	}
	head := []string{l.T("markers.col.partner"), l.T("markers.col.level"), l.T("markers.col.marker"), l.T("markers.col.status")}
	for _, p := range ps {
		head = append(head, p.Label)
	}
	// The form comes last, so the columns spreadsheets already read stay where they were.
	head = append(head, l.T("ladder.col.form"))
	matrix = append(matrix, head)
	bpName := map[int64]string{}
	markerByID := map[int64]markers.Marker{}
	for _, bp := range bps {
		bpName[bp.ID] = bp.Name
		mx, err := markers.BuildMatrix(ctx, s.db, sc, bp.ID)
		if err != nil {
			return nil, nil, err
		}
		for _, blk := range mx.Levels {
			lvl := l.T("level." + string(blk.Level))
			for _, r := range blk.Rows {
				markerByID[r.Marker.ID] = r.Marker
				status := l.T("markers.status_active")
				if r.Marker.Retired() {
					status = l.T("markers.status_retired")
				}
				row := []string{bp.Name, lvl, markerText(c, s, r.Marker), status}
				for _, cell := range r.Cells {
					row = append(row, ratingLabel(l, cell))
				}
				form := ""
				if r.Marker.Form != markers.FormNone {
					form = l.T(r.Marker.Form.MessageID())
				}
				matrix = append(matrix, append(row, form))
			}
			row := []string{bp.Name, lvl, l.T("markers.matrix.share_row"), ""}
			for _, sh := range blk.Shares {
				row = append(row, shareLabel(l, sh))
			}
			matrix = append(matrix, row)
		}
		row := []string{bp.Name, "", l.T("markers.matrix.share_all"), ""}
		for _, sh := range mx.Totals {
			row = append(row, shareLabel(l, sh))
		}
		matrix = append(matrix, row)
	}
	js, err := markers.Journals(ctx, s.db, sc, partnershipID, 0)
	if err != nil {
		return nil, nil, err
	}
	periodLabel := map[int64]string{}
	for _, p := range ps {
		periodLabel[p.ID] = p.Label
	}
	var uids []int64
	for _, j := range js {
		for _, e := range j.Entries {
			if e.RecordedBy != nil {
				uids = append(uids, *e.RecordedBy)
			}
		}
	}
	names, err := markers.UserNames(ctx, s.db, sc, partnershipID, uids)
	if err != nil {
		return nil, nil, err
	}
	journals = append(journals, anyRow(l.T("markers.col.partner"), l.T("markers.col.period"), l.T("markers.col.level"), l.T("markers.col.marker"),
		l.T("markers.col.rating"), l.T("markers.journal.description"), l.T("markers.journal.evidence"), l.T("markers.journal.factors"),
		l.T("markers.col.recorded_by"), l.T("markers.col.recorded_at"), l.T("markers.journal.unanticipated"), l.T("markers.journal.lessons"), l.T("markers.journal.programme_changes")))
	for _, j := range js {
		tail := []string{j.Unanticipated, j.Lessons, j.ProgrammeChanges}
		if len(j.Entries) == 0 {
			journals = append(journals, anyRow(append([]string{bpName[j.BoundaryPartnerID], periodLabel[j.PeriodID], "", "", "", "", "", "", "", ""}, tail...)...))
		}
		for _, e := range j.Entries {
			m := markerByID[e.MarkerID]
			by := ""
			if e.RecordedBy != nil {
				by = names[*e.RecordedBy]
			}
			row := anyRow(bpName[j.BoundaryPartnerID], periodLabel[j.PeriodID], l.T("level."+string(m.Level)), markerText(c, s, m),
				l.T("rating."+string(e.Rating)), e.Description, e.Evidence, e.Factors, by)
			// A time, so a spreadsheet can sort and filter on it.
			row = append(row, e.RecordedAt)
			journals = append(journals, append(row, anyRow(tail...)...))
		}
	}
	return matrix, journals, nil
}

func shareLabel(l *locale.Localizer, sh markers.Share) string {
	if sh.Recorded == 0 {
		return l.T("markers.matrix.not_recorded")
	}
	return l.T("markers.matrix.share", "Reached", sh.Reached, "Total", sh.Recorded, "Percent", sh.Percent)
}

func ratingLabel(l *locale.Localizer, cell markers.Cell) string {
	switch {
	case !cell.InUse:
		return l.T("markers.matrix.not_in_use")
	case cell.Rating == "":
		return l.T("markers.matrix.not_recorded")
	}
	return l.T("rating." + string(cell.Rating))
}

// markersExport downloads the matrix or the journals as CSV, or both as an XLSX workbook.
func (s *Server) markersExport(c echo.Context) error {
	p, _, err := s.markersPartnership(c)
	if err != nil {
		return err
	}
	matrix, journals, err := s.exportTables(c, p.ID)
	if err != nil {
		return err
	}
	what := "markers." + c.QueryParam("format") + "?what=" + c.QueryParam("what")
	if err := s.logExport(c, p.ID, what); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	name := fmt.Sprintf("oogst-markers-%d", p.ID)
	switch c.QueryParam("format") {
	case "xlsx":
		var buf bytes.Buffer
		if err := writeXLSX(&buf, []xlsxSheet{{Name: "Matrix", Rows: stringRows(matrix)}, {Name: "Journals", Rows: journals}}); err != nil {
			return err
		}
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return c.Blob(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	case "", "csv":
		rows, what := stringRows(matrix), "matrix"
		if c.QueryParam("what") == "journals" {
			rows, what = journals, "journals"
		}
		sep, err := csvSep(s.loc(c), c)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		w := csvsafe.NewWriter(&buf, sep, true)
		for _, r := range rows {
			if err := w.Write(textRow(r)); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+what+`.csv"`)
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
	return errNotFound()
}
