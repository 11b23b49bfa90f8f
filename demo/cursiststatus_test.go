package demo

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
)

// The demo has cursists in every status, every stop reason and every outflow result,
// a paused cursist back in training, and a Gent dashboard whose split by cursist status
// has outcomes of several statuses; a second run adds nothing.
func TestDemoCursistsInEveryStatus(t *testing.T) {
	t.Parallel()
	DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var rows []people.StatusCount
		if err := d.Q(ctx).Model(&people.Cursist{}).Select("status, status_detail AS detail, COUNT(*) AS count").Group("status, status_detail").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range rows {
			seen[r.Status] = true
			seen[r.Status+"/"+r.Detail] = true
		}
		for _, st := range people.CursistStatuses {
			if !seen[st] {
				t.Errorf("no demo cursist %s", st)
			}
		}
		for _, r := range people.StopReasons {
			if !seen["stopped/"+r] {
				t.Errorf("no demo cursist stopped for %s", r)
			}
		}
		for _, o := range people.OutflowResults {
			if !seen["finished/"+o] {
				t.Errorf("no demo cursist finished into %s", o)
			}
		}
		var resumed int64
		d.Q(ctx).Model(&people.StatusChange{}).Where("status = ?", people.StatusInTraining).Count(&resumed)
		if resumed == 0 {
			t.Error("no paused cursist back in training")
		}
		if n, _, err := loadCursistStatuses(ctx, d); err != nil || n != 0 {
			t.Errorf("second run made %d changes (%v)", n, err)
		}

		p, sc, err := asCoordinator(ctx, d, partnerships[4]) // Gent
		if err != nil {
			t.Fatal(err)
		}
		ag, err := harvest.Aggregate(ctx, d, sc, p.ID, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		told := map[string]bool{}
		var sum int64
		for _, r := range ag.ByCursistStatus {
			sum += r.Outcomes
			if r.Outcomes > 0 {
				told[r.Status] = true
			}
		}
		if sum != ag.Total || len(told) < 3 || !told[""] {
			t.Errorf("Gent's split by cursist status: %+v (total %d)", ag.ByCursistStatus, ag.Total)
		}
	})
}
