package demo_test

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/demo"
	"oogst/people"
	"oogst/survey"
)

// TestDemoFollowUpRound: the demo has an open follow-up round, three months after Gent's
// Groep B ended its training, answered by three cursists through their personal links
// while the others have not answered yet; loading again adds nothing.
func TestDemoFollowUpRound(t *testing.T) {
	t.Parallel()
	demo.DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		check := func() (int, int) {
			var r survey.Round
			if err := d.Q(ctx).Where("group_name = ? AND follow_up_months = ?", "Groep B", 3).First(&r).Error; err != nil {
				t.Fatal(err)
			}
			sc := people.Scope{Roles: map[int64]people.Role{r.PartnershipID: people.RoleCoordinator}}
			_, rows, err := survey.RoundLinks(ctx, d, sc, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			answered, waiting := 0, 0
			for _, row := range rows {
				if row.Answered {
					answered++
					if row.Link == nil || row.Link.UsedAt == nil {
						t.Errorf("%s answered without spending her link", row.Cursist.Code)
					}
				} else {
					waiting++
					if row.Token == "" {
						t.Errorf("%s has no link", row.Cursist.Code)
					}
				}
			}
			return answered, waiting
		}
		a, w := check()
		if a != 3 || w == 0 {
			t.Errorf("answered %d, waiting %d; want 3 and some", a, w)
		}
		loadAgain(t, d)
		if a2, w2 := check(); a2 != a || w2 != w {
			t.Errorf("after a second load: %d/%d, want %d/%d", a2, w2, a, w)
		}
		var links int64
		d.Q(ctx).Model(&survey.PersonalLink{}).Count(&links)
		if links != int64(a+w) {
			t.Errorf("%d links for %d cursists", links, a+w)
		}
	})
}
