package harvest

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// The inbox counts an index-answered filter up to its cap, but a code filter or a text
// search (tested row by row) only up to probeCountCap, and says there are more.
func TestRowByRowFiltersCountToASmallerCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := pagesWorld(t, d, 1)[0]
		sc := coordinatorOf(pid)
		n := probeCountCap + 300
		var batch []Outcome
		for i := 0; i < n; i++ {
			batch = append(batch, Outcome{PartnershipID: pid, ChangeText: "Ik ging naar de bibliotheek", Language: "nl", Status: "coded",
				Source: "reflection", SubmittedAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)})
		}
		if err := d.Q(ctx).CreateInBatches(batch, 500).Error; err != nil {
			t.Fatal(err)
		}
		code := Code{Category{Key: "zelfstandig_test", NameNL: "Zelfstandig"}}
		if err := d.Q(ctx).Create(&code).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Exec("INSERT INTO outcome_code_links (outcome_id, code_id) SELECT id, ? FROM outcomes", code.ID).Error; err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			f      Filter
			total  int64
			capped bool
		}{
			{Filter{Status: "coded", CountCap: 10_000}, int64(n), false},
			{Filter{Status: "coded", CountCap: 100}, 100, true},
			{Filter{CodeID: code.ID, CountCap: 10_000}, probeCountCap, true},
			{Filter{Q: "BIBLIOTHEEK", CountCap: 10_000}, probeCountCap, true},
			{Filter{Q: "bibliotheek", Status: "coded", CodeID: code.ID, CountCap: 10_000}, probeCountCap, true},
			{Filter{Q: "bibliotheek", CodeID: code.ID, CountCap: 50}, 50, true},
			{Filter{Q: "bibliotheek", CodeID: code.ID}, int64(n), false}, // no cap: the API counts all
		} {
			f := c.f
			f.PerPage = 25
			p, err := List(ctx, d, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != c.total || p.Capped != c.capped || len(p.Items) != 25 {
				t.Errorf("%s %+v: total %d (capped %v), %d items; want %d (capped %v), 25", d.Dialect, c.f, p.Total, p.Capped, len(p.Items), c.total, c.capped)
			}
		}
	})
}
