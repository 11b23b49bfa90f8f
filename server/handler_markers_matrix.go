package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/markers"
	"oogst/people"
)

// matrixView is a matrix with the marker texts in the page's language.
type matrixView struct {
	markers.Matrix
	Texts   map[int64]string
	Colspan int // marker column + one per period + trend
	Ratings []markers.Rating
}

// trendMessages label a marker's trend in the matrix.
var trendMessages = map[markers.Trend]string{markers.TrendUp: "staffwork.trend.up", markers.TrendDown: "staffwork.trend.down", markers.TrendSame: "staffwork.trend.same"}

// TrendLabel is the message id for a trend ("" when there is none).
func (matrixView) TrendLabel(t markers.Trend) string { return trendMessages[t] }

func (s *Server) matrixView(c echo.Context, bpID int64) (matrixView, error) {
	mx, err := markers.BuildMatrix(c.Request().Context(), s.db, scopeOf(c), bpID)
	if err != nil {
		return matrixView{}, err
	}
	return s.matrixViewOf(c, mx), nil
}

func (s *Server) matrixViewOf(c echo.Context, mx markers.Matrix) matrixView {
	v := matrixView{Matrix: mx, Texts: map[int64]string{}, Colspan: len(mx.Periods) + 2, Ratings: markers.Ratings}
	for _, blk := range mx.Levels {
		for _, r := range blk.Rows {
			v.Texts[r.Marker.ID] = markerText(c, s, r.Marker)
		}
	}
	return v
}

// markersMatrix is the heat map of one boundary partner: markers by level × periods.
func (s *Server) markersMatrix(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.matrixView(c, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "markers_matrix", s.view(c, "markers.matrix.title", &v))
}

type overviewData struct {
	Partnership  people.PartnershipWithRole
	Periods      []markers.Period
	Shares       map[markers.Level][]markers.Share
	Totals       []markers.Share
	Levels       []markers.Level
	Matrices     []matrixView
	Journals     map[int64][]markers.JournalSummary // boundary partner →
	PeriodLabels map[int64]string
	Partnerships []people.PartnershipWithRole
	Completeness map[int64][]markers.Completeness // period → per boundary partner
}

// markersOverview is the printable overview for the steering meeting: the partnership's
// shares per level and period, then each boundary partner's matrix and reflections.
func (s *Server) markersOverview(c echo.Context) error {
	ctx := c.Request().Context()
	p, all, err := s.markersPartnership(c)
	if err != nil {
		return err
	}
	sc := scopeOf(c)
	ps, err := markers.Periods(ctx, s.db, sc, p.ID)
	if err != nil {
		return err
	}
	byLevel, totals, err := markers.PartnershipShares(ctx, s.db, sc, p.ID)
	if err != nil {
		return err
	}
	d := &overviewData{Partnership: p, Periods: ps, Levels: markers.Levels, Shares: map[markers.Level][]markers.Share{}, Journals: map[int64][]markers.JournalSummary{}, PeriodLabels: map[int64]string{}, Partnerships: all}
	find := func(list []markers.Share, l markers.Level, pid int64) markers.Share {
		for _, s := range list {
			if s.PeriodID == pid && s.Level == l {
				return s
			}
		}
		return markers.Share{Level: l, PeriodID: pid}
	}
	for _, per := range ps {
		d.PeriodLabels[per.ID] = per.Label
		for _, l := range markers.Levels {
			d.Shares[l] = append(d.Shares[l], find(byLevel, l, per.ID))
		}
		d.Totals = append(d.Totals, find(totals, "", per.ID))
	}
	cs, err := markers.JournalCompleteness(ctx, s.db, sc, p.ID, 0)
	if err != nil {
		return err
	}
	d.Completeness = map[int64][]markers.Completeness{}
	for _, c := range cs {
		d.Completeness[c.PeriodID] = append(d.Completeness[c.PeriodID], c)
	}
	mxs, err := markers.BuildMatrices(ctx, s.db, sc, p.ID)
	if err != nil {
		return err
	}
	js, err := markers.Journals(ctx, s.db, sc, p.ID, 0)
	if err != nil {
		return err
	}
	for _, j := range js {
		d.Journals[j.BoundaryPartnerID] = append(d.Journals[j.BoundaryPartnerID], j)
	}
	for _, mx := range mxs {
		d.Matrices = append(d.Matrices, s.matrixViewOf(c, mx))
	}
	return s.render(c, http.StatusOK, "markers_overview", s.view(c, "markers.overview.title", d))
}
