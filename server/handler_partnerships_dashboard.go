package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

type harvestDashboardData struct {
	PartnershipID int64
	Partnership   string
	Agg           harvest.Aggregates
	Charts        []chart
	Filter        harvest.AggregateFilter
	Options       harvest.FilterOptions
	CanReview     bool
	// ByCursistStatus is the split by the cursists' current status, labelled.
	ByCursistStatus []cursistStatusRow
}

// cursistStatusRow is one line of the dashboard's split by cursist status.
type cursistStatusRow struct {
	Label              string
	Cursists, Outcomes int64
	NoCursist          bool // the outcomes of no known cursist
}

// harvestDashboard shows a partnership's aggregates as SVG bar charts with their tables.
func (s *Server) harvestDashboard(c echo.Context) error {
	pid, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.dashboardData(c, pid, harvest.AggregateFilter{RoundID: queryInt(c.QueryParams(), "round"), Group: c.QueryParam("group")})
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_dashboard", s.view(c, "harvest.dashboard.title", d))
}

func (s *Server) dashboardData(c echo.Context, pid int64, f harvest.AggregateFilter) (*harvestDashboardData, error) {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	agg, err := harvest.Aggregate(ctx, s.db, sc, pid, f)
	if err != nil {
		return nil, err
	}
	name, err := partnershipName(c, s, pid)
	if err != nil {
		return nil, err
	}
	l := s.loc(c)
	d := &harvestDashboardData{PartnershipID: pid, Partnership: name, Agg: agg, Filter: f,
		Charts: dashboardCharts(agg, l.Lang, func(id string) string { return l.T(id) }), CanReview: harvest.CanReview(sc, pid)}
	// Only reviewers read every story the figures count: a partner's inbox holds none,
	// a mentor's only her group's, so for them a link would show other numbers.
	if d.CanReview {
		d.Charts = linkDashboard(d.Charts, agg, pid, f)
	}
	for _, r := range agg.ByCursistStatus {
		d.ByCursistStatus = append(d.ByCursistStatus, cursistStatusRow{Label: cursistStatusLabel(l, r.Status, r.Detail), Cursists: r.Cursists, Outcomes: r.Outcomes, NoCursist: r.Status == ""})
	}
	// Round and group choices come from the aggregates themselves (no stories needed).
	for _, r := range agg.ByRound {
		d.Options.Rounds = append(d.Options.Rounds, harvest.RoundOption{ID: r.RoundID, Title: r.Title})
	}
	for _, g := range agg.ByGroup {
		d.Options.Groups = append(d.Options.Groups, g.Key)
	}
	return d, nil
}

type compareData struct {
	Cmp    harvest.Comparison
	Member map[int64]bool // partnerships whose own dashboard the caller may open
	Cells  [][]int64      // code row × partnership column
	Blocks []labelledRow  // building block rows
	Status []labelledRow  // review status rows
}

// labelledRow is one row of the comparison: a label's message ID and a count per
// partnership column.
type labelledRow struct {
	LabelID string
	Counts  []int64
}

// harvestCompare puts the aggregates of the caller's partnerships (admins: all) side by
// side: numbers only, never a story.
func (s *Server) harvestCompare(c echo.Context) error {
	cmp, err := harvest.Compare(c.Request().Context(), s.db, scopeOf(c))
	if err != nil {
		return err
	}
	d := &compareData{Cmp: cmp, Member: map[int64]bool{}}
	for _, id := range scopeOf(c).PartnershipIDs() {
		d.Member[id] = true
	}
	for _, code := range cmp.Codes {
		row := make([]int64, len(cmp.Partnerships))
		for j, p := range cmp.Partnerships {
			row[j] = p.Codes[code.ID]
		}
		d.Cells = append(d.Cells, row)
	}
	for _, b := range cmp.Blocks {
		row := labelledRow{LabelID: "block.outcome." + b}
		for _, p := range cmp.Partnerships {
			row.Counts = append(row.Counts, p.Blocks[b])
		}
		d.Blocks = append(d.Blocks, row)
	}
	for _, st := range cmp.Statuses {
		row := labelledRow{LabelID: "status.outcome." + string(st)}
		for _, p := range cmp.Partnerships {
			row.Counts = append(row.Counts, p.Statuses[string(st)])
		}
		d.Status = append(d.Status, row)
	}
	return s.render(c, http.StatusOK, "harvest_compare", s.view(c, "harvest.compare.title", d))
}
