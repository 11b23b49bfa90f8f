package harvest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// A searched list counts and pages from one read of its matches (searchOnce). Its pages
// must be the very pages the usual count-then-list path gives: same total, same rows in
// the same order, the same "older" link, below the cap, at it, and past it.
func TestSearchCountsAndPagesInOnePass(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pid := pagesWorld(t, d, 1)[0]
		sc := coordinatorOf(pid)
		var batch []Outcome
		var want []int64 // the matches' submission minutes, newest first
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < 90; i++ {
			text := "Ik hielp in de keuken"
			if i%3 != 0 {
				text = fmt.Sprintf("Ik las voor in de Bibliotheek (%d)", i)
				want = append(want, int64(i))
			}
			// Pairs share a submission time, so the order's tie on id is exercised.
			batch = append(batch, Outcome{PartnershipID: pid, ChangeText: text, Language: "nl", Status: "coded",
				Source: "reflection", SubmittedAt: at.Add(time.Duration(i/2) * time.Minute)})
		}
		if err := d.Q(ctx).CreateInBatches(batch, 50).Error; err != nil {
			t.Fatal(err)
		}
		slices.Reverse(want)
		minute := map[int64]int64{} // outcome id → its index in batch
		for i, o := range batch {
			minute[o.ID] = int64(i)
		}
		// Cap 50 of 60 matches: pages 1–5 (10 a page) come from the one pass, page 6
		// and beyond the cap by the usual way.
		for _, c := range []struct {
			countCap int
			total    int64
			capped   bool
		}{{100, 60, false}, {50, 50, true}} {
			var got []int64
			var older *Cursor
			for page := 1; page <= 6; page++ {
				f := Filter{Q: "bibliotheek", CountCap: c.countCap, PerPage: 10, Page: page}
				p, err := List(ctx, d, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != c.total || p.Capped != c.capped || len(p.Items) != 10 {
					t.Fatalf("%s cap %d page %d: total %d (capped %v), %d items; want %d (capped %v), 10",
						d.Dialect, c.countCap, page, p.Total, p.Capped, len(p.Items), c.total, c.capped)
				}
				for _, o := range p.Items {
					got = append(got, minute[o.ID])
				}
				if (p.Older == nil) != (page == 6) {
					t.Errorf("%s cap %d page %d: older link %v", d.Dialect, c.countCap, page, p.Older)
				}
				// The usual path (no cap: counted apart, then listed) gives the same rows.
				f.CountCap = 0
				u, err := List(ctx, d, sc, f)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.EqualFunc(u.Items, p.Items, func(a, b Outcome) bool { return a.ID == b.ID }) || u.Total != 60 {
					t.Errorf("%s cap %d page %d: the usual path gives other rows or total %d", d.Dialect, c.countCap, page, u.Total)
				}
				if page == 1 {
					older = p.Older
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s cap %d: pages hold %v, want %v", d.Dialect, c.countCap, got, want)
			}
			// The older link of page 1 carries on where the one pass stopped.
			next, err := List(ctx, d, sc, Filter{Q: "bibliotheek", CountCap: c.countCap, PerPage: 10, Page: 2, Before: older, Known: &Known{Total: c.total, Capped: c.capped}})
			if err != nil {
				t.Fatal(err)
			}
			if len(next.Items) != 10 || minute[next.Items[0].ID] != want[10] {
				t.Errorf("%s cap %d: older link starts at %v, want %d", d.Dialect, c.countCap, next.Items, want[10])
			}
		}
		// Nothing found: an empty first page, counted zero.
		p, err := List(ctx, d, sc, Filter{Q: "zwembad", CountCap: 100, PerPage: 10})
		if err != nil || p.Total != 0 || len(p.Items) != 0 || p.Older != nil {
			t.Errorf("%s no match: %d items, total %d, older %v, err %v", d.Dialect, len(p.Items), p.Total, p.Older, err)
		}
	})
}
