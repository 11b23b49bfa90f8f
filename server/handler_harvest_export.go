package server

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

// exportHeaderIDs are the message IDs of harvest.ExportColumns, in the same order.
var exportHeaderIDs = []string{"harvest.export.col.id", "harvest.export.col.partnership", "harvest.export.col.round",
	"harvest.export.col.group", "harvest.export.col.language", "harvest.export.col.date", "harvest.export.col.source",
	"harvest.export.col.status", "harvest.export.col.sign", "harvest.export.col.change", "harvest.export.col.significance",
	"harvest.export.col.contribution", "harvest.export.col.blocks", "harvest.export.col.summary_nl", "harvest.export.col.codes",
	"harvest.export.col.change_type", "harvest.export.col.intended", "harvest.export.col.reviewer_significance",
	"harvest.export.col.exclude_reason"}

// exportLabels translates the export's headers and values for the caller's language.
func (s *Server) exportLabels(c echo.Context) harvest.ExportLabels {
	l := s.loc(c)
	h := make([]string, len(exportHeaderIDs))
	for i, id := range exportHeaderIDs {
		h[i] = l.T(id)
	}
	return harvest.ExportLabels{Headers: h, Value: func(id string) string { return l.T(id) }, Lang: l.Lang}
}

// exportOutcomes streams the filtered outcomes as CSV or XLSX and logs the export.
func (s *Server) exportOutcomes(format string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		sc := scopeOf(c)
		f := outcomeFilter(c.QueryParams())
		if f.PartnershipID != 0 && !sc.Member(f.PartnershipID) {
			return apperr.NotFound()
		}
		f.Page, f.PerPage = 0, 0
		name := fmt.Sprintf("oogst-outcomes-%s.%s", s.now().Format("20060102"), format)
		if err := harvest.LogExport(ctx, s.db, currentUser(c).ID, f.PartnershipID, "outcomes."+format+"?"+filterQuery(f).Encode(), c.RealIP()); err != nil {
			return err
		}
		w := c.Response()
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Cache-Control", "no-store")
		labels := s.exportLabels(c)
		if format == "csv" {
			w.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, err := harvest.WriteCSV(ctx, s.db, sc, f, labels, w)
			return err
		}
		w.Header().Set(echo.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.WriteHeader(http.StatusOK)
		_, err := harvest.WriteXLSX(ctx, s.db, sc, f, labels, s.loc(c).T("harvest.export.sheet"), w)
		return err
	}
}

// exportAggregates writes a partnership's dashboard numbers as CSV: one block per chart
// (title, then a header of its series, then one row per label). Logged like every export.
func (s *Server) exportAggregates(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	d, err := s.dashboardData(c, pid, harvest.AggregateFilter{RoundID: queryInt(c.QueryParams(), "round"), Group: c.QueryParam("group")})
	if err != nil {
		return err
	}
	if err := harvest.LogExport(ctx, s.db, currentUser(c).ID, pid, "aggregates.csv", c.RealIP()); err != nil {
		return err
	}
	l := s.loc(c)
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="oogst-aggregates-%d-%s.csv"`, pid, s.now().Format("20060102")))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write([]byte("\ufeff")); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, ch := range d.Charts {
		head := []string{l.T(ch.TitleID)}
		for _, sr := range ch.Series {
			head = append(head, l.T(sr))
		}
		if err := cw.Write(neutralised(head)); err != nil {
			return err
		}
		for _, r := range ch.Rows {
			row := []string{r.Label}
			for _, v := range r.Cells {
				row = append(row, strconv.FormatInt(v, 10))
			}
			if err := cw.Write(neutralised(row)); err != nil {
				return err
			}
		}
		if err := cw.Write(nil); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func neutralised(in []string) []string {
	for i := range in {
		in[i] = harvest.Neutralise(in[i])
	}
	return in
}
