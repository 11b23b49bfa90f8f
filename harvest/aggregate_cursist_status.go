package harvest

import (
	"context"

	"oogst/db"
	"oogst/people"
)

// CursistStatusCount is one row of the split by cursist status: a current status (and
// its stop reason or outflow result), how many cursists have it and how many counted
// outcomes they told. The row with Status "" holds the outcomes of no known cursist
// (anonymous rounds, staff's other sources, erased cursists), so the outcomes add up to
// the dashboard's total and the cursists to the partnership's (or group's) cursists.
type CursistStatusCount struct {
	Status   string `json:"status"`
	Detail   string `json:"detail"`
	Cursists int64  `json:"cursists"`
	Outcomes int64  `json:"outcomes"`
}

// cursistStatusSplit fills a.ByCursistStatus and a.Cursists from the same snapshot as
// the total. Outcomes are summed from cursist_outcome_tally (one row per cursist, round
// and group, kept by triggers) joined with the cursists' current status: its size
// follows the cursists, not the outcomes.
func cursistStatusSplit(ctx context.Context, d *db.DB, pid int64, f AggregateFilter, a *Aggregates) error {
	q := "SELECT c.status AS status, c.status_detail AS detail, SUM(t.n) AS outcomes FROM cursist_outcome_tally t " +
		"JOIN cursists c ON c.id = t.cursist_id WHERE t.partnership_id = ?"
	q, args := f.narrow(q, []any{pid}, "t.round_id", "t.group_name")
	q += " GROUP BY c.status, c.status_detail HAVING SUM(t.n) <> 0"
	var told []CursistStatusCount
	if err := d.Q(ctx).Raw(q, args...).Scan(&told).Error; err != nil {
		return err
	}
	counts, err := people.CountByStatus(ctx, d, pid, f.Group)
	if err != nil {
		return err
	}
	type key struct{ status, detail string }
	at := map[key]int{}
	var out []CursistStatusCount
	row := func(status, detail string) *CursistStatusCount {
		k := key{status, detail}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, CursistStatusCount{Status: status, Detail: detail})
		}
		return &out[i]
	}
	a.Cursists = 0
	for _, c := range counts {
		row(c.Status, c.Detail).Cursists = c.Count
		a.Cursists += c.Count
	}
	var known int64
	for _, t := range told {
		row(t.Status, t.Detail).Outcomes = t.Outcomes
		known += t.Outcomes
	}
	people.SortStatuses(out, func(c CursistStatusCount) (string, string) { return c.Status, c.Detail })
	if rest := a.Total - known; rest != 0 {
		out = append(out, CursistStatusCount{Outcomes: rest})
	}
	if out == nil {
		out = []CursistStatusCount{}
	}
	a.ByCursistStatus = out
	return nil
}
