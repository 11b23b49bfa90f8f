package demo

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
	"oogst/people"
)

// loadCursistStatuses gives every partnership cursists in every status: most in
// training, some paused (one of them back in training), some stopped for one of the
// seed's reasons and some finished with an outflow result. Changes go through the same
// operation the status page uses, dated in the past months; a partnership whose
// cursists already have a history is left alone.
func loadCursistStatuses(ctx context.Context, d *db.DB) (int, string, error) {
	created := 0
	now := time.Now().UTC()
	day := func(daysAgo int) string { return now.AddDate(0, 0, -daysAgo).Format(time.DateOnly) }
	reason, outflow := 0, 0
	for _, ps := range partnerships {
		p, sc, err := asCoordinator(ctx, d, ps)
		if err != nil {
			return created, "", fmt.Errorf("demo: cursist statuses: %w", err)
		}
		var have int64
		if err := d.Q(ctx).Model(&people.StatusChange{}).Where("partnership_id = ?", p.ID).Count(&have).Error; err != nil {
			return created, "", fmt.Errorf("demo: cursist statuses of %s: %w", ps.name, err)
		}
		if have > 0 {
			continue
		}
		var cs []people.Cursist
		if err := d.Q(ctx).Where("partnership_id = ?", p.ID).Order("id").Find(&cs).Error; err != nil {
			return created, "", fmt.Errorf("demo: cursists of %s: %w", ps.name, err)
		}
		for i, c := range cs {
			var changes []people.StatusInput
			switch i % 8 {
			case 2: // paused for health or family reasons, back in training since
				if i%16 == 2 {
					changes = []people.StatusInput{{Status: people.StatusPaused, EffectiveOn: day(150)}, {Status: people.StatusInTraining, EffectiveOn: day(60)}}
				} else {
					changes = []people.StatusInput{{Status: people.StatusPaused, EffectiveOn: day(40 + i)}}
				}
			case 5:
				changes = []people.StatusInput{{Status: people.StatusStopped, Reason: people.StopReasons[reason%len(people.StopReasons)], EffectiveOn: day(90 + i)}}
				reason++
			case 6, 7:
				changes = []people.StatusInput{{Status: people.StatusFinished, Outflow: people.OutflowResults[outflow%len(people.OutflowResults)], EffectiveOn: day(20 + i)}}
				outflow++
			}
			for _, in := range changes {
				if _, err := people.SetCursistStatus(ctx, d, sc, p.ID, c.ID, in, now); err != nil {
					return created, "", fmt.Errorf("demo: status of %s: %w", c.Code, err)
				}
				created++
			}
		}
	}
	return created, "", nil
}
