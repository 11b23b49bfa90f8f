package demo_test

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/demo"
	"oogst/markers"
	"oogst/people"
)

func TestDemoMarkers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		sum, err := demo.Load(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Created != 0 {
			t.Errorf("second run created %d rows", sum.Created)
		}
		var ps []people.Partnership
		if err := d.Find(&ps).Error; err != nil {
			t.Fatal(err)
		}
		if len(ps) != 8 {
			t.Fatalf("%d partnerships", len(ps))
		}
		var admin people.User
		d.Where("email = ?", "admin@oogst.demo").First(&admin)
		sc := people.Scope{UserID: admin.ID, Roles: map[int64]people.Role{}}
		for _, p := range ps {
			sc.Roles[p.ID] = people.RoleCoordinator
		}
		for _, p := range ps {
			bps, err := markers.Partners(ctx, d, sc, p.ID)
			if err != nil || len(bps) < 2 {
				t.Errorf("%s: %d boundary partners (%v)", p.Name, len(bps), err)
				continue
			}
			levels := map[markers.Level]bool{}
			for _, bp := range bps {
				ms, _ := markers.Markers(ctx, d, sc, bp.ID, false)
				for _, m := range ms {
					levels[m.Level] = true
				}
			}
			if len(levels) != 3 {
				t.Errorf("%s: levels %v", p.Name, levels)
			}
			js, err := markers.Journals(ctx, d, sc, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			periods, ratings := map[int64]bool{}, map[markers.Rating]bool{}
			for _, j := range js {
				periods[j.PeriodID] = true
				for _, e := range j.Entries {
					ratings[e.Rating] = true
				}
			}
			if len(periods) < 2 || len(ratings) < 3 {
				t.Errorf("%s: journals in %d periods with ratings %v", p.Name, len(periods), ratings)
			}
		}
	})
}
