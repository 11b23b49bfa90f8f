package demo

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
)

func TestHarvestDemoIsIdempotentAndVaried(t *testing.T) {
	t.Parallel()
	DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var n1 int64
		d.Q(ctx).Model(&harvest.Outcome{}).Count(&n1)
		// 20 seeded outcomes in each of four partnerships, plus the four reflections of
		// the demo round DEMO42 and the three of Gent's follow-up round, which become
		// outcomes through the survey's sink.
		if n1 != 4*20+4+3 {
			t.Errorf("outcomes = %d, want 87", n1)
		}
		n, _, err := harvestDemo(ctx, d)
		if err != nil || n != 0 {
			t.Errorf("second run created %d (%v)", n, err)
		}
		var signs, statuses, langs, meetings, open int64
		d.Q(ctx).Model(&harvest.Outcome{}).Distinct("sign").Count(&signs)
		d.Q(ctx).Model(&harvest.Outcome{}).Distinct("status").Count(&statuses)
		d.Q(ctx).Model(&harvest.Outcome{}).Distinct("language").Count(&langs)
		d.Q(ctx).Model(&harvest.Meeting{}).Count(&meetings)
		d.Q(ctx).Model(&harvest.Adjustment{}).Where("status = 'open'").Count(&open)
		// Open adjustments: one per harvest partnership from its meetings, and one from
		// its strategy journal's programme change (demo/omjournals.go).
		if signs < 3 || statuses != 5 || langs < 5 || meetings != 8 || open != 4+4 {
			t.Errorf("variety: signs %d statuses %d languages %d meetings %d open adjustments %d", signs, statuses, langs, meetings, open)
		}
		// The dashboard of a demo partnership has numbers in every chart: Gent has its
		// 19 seeded (not excluded) outcomes in three rounds plus the 4 of round DEMO42 and
		// the 3 of the follow-up round.
		var p people.Partnership
		d.Q(ctx).Where("name = ?", "Nieuwe krachten voor de Gentse Kinderopvang").Take(&p)
		var u people.User
		d.Q(ctx).Where("email = ?", "coordinator@gent.demo").Take(&u)
		sc, _ := people.LoadScope(ctx, d, u.ID)
		a, err := harvest.Aggregate(ctx, d, sc, p.ID, harvest.AggregateFilter{})
		if err != nil || a.Total != 19+4+3 || len(a.ByRound) != 3+1+1 || len(a.ByCode) < 5 || len(a.ByBlock) < 4 || len(a.ByGroup) != 2 {
			t.Errorf("demo aggregates: total %d rounds %d codes %d blocks %d groups %d (%v)", a.Total, len(a.ByRound), len(a.ByCode), len(a.ByBlock), len(a.ByGroup), err)
		}
	})
}
