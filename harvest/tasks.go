package harvest

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
	"oogst/people"
)

// ReviewTasks is what waits for a reviewer in one partnership, for the start page.
type ReviewTasks struct {
	PartnershipID int64
	ToReview      int64 // outcomes with status new
	Answers       int64 // substantiation answers on outcomes not yet marked substantiated
	Overdue       int64 // open adjustments past their due day
	DueSoon       int64 // open adjustments due within DueSoonDays
}

// DueSoonDays is how far ahead an open adjustment counts as "due".
const DueSoonDays = 14

// Tasks counts, per partnership the caller reviews, the outcomes to review, the
// substantiation answers to look at and the adjustments due or overdue on day today.
// Mentors and partnerships the caller only mentors in are left out.
func Tasks(ctx context.Context, d *db.DB, sc people.Scope, today time.Time) ([]ReviewTasks, error) {
	pids := reviewerPartnerships(sc)
	out := make([]ReviewTasks, 0, len(pids))
	if len(pids) == 0 {
		return out, nil
	}
	byP := map[int64]*ReviewTasks{}
	for _, pid := range pids {
		out = append(out, ReviewTasks{PartnershipID: pid})
	}
	for i := range out {
		byP[out[i].PartnershipID] = &out[i]
	}
	type count struct {
		PartnershipID int64
		N             int64
	}
	var news []count
	if err := d.Q(ctx).Model(&Outcome{}).Select("partnership_id, COUNT(*) AS n").Where("partnership_id IN ? AND status = ?", pids, StatusNew).
		Group("partnership_id").Scan(&news).Error; err != nil {
		return nil, fmt.Errorf("harvest: tasks, outcomes to review: %w", err)
	}
	for _, c := range news {
		byP[c.PartnershipID].ToReview = c.N
	}
	var answers []count
	if err := d.Q(ctx).Table("substantiations s").Select("s.partnership_id, COUNT(*) AS n").
		Joins("JOIN outcomes o ON o.id = s.outcome_id").
		Where("s.partnership_id IN ? AND s.answered_at IS NOT NULL AND o.status IN ?", pids, []Status{StatusNew, StatusCoded}).
		Group("s.partnership_id").Scan(&answers).Error; err != nil {
		return nil, fmt.Errorf("harvest: tasks, substantiation answers: %w", err)
	}
	for _, c := range answers {
		byP[c.PartnershipID].Answers = c.N
	}
	// Few open adjustments per partnership: their days are compared here, the same way
	// on both databases.
	var adj []Adjustment
	if err := d.Q(ctx).Where("partnership_id IN ? AND status = ? AND due_on IS NOT NULL", pids, "open").Find(&adj).Error; err != nil {
		return nil, fmt.Errorf("harvest: tasks, adjustments: %w", err)
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, a := range adj {
		due := a.DueOn.UTC()
		due = time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
		switch {
		case due.Before(day):
			byP[a.PartnershipID].Overdue++
		case !due.After(day.AddDate(0, 0, DueSoonDays)):
			byP[a.PartnershipID].DueSoon++
		}
	}
	return out, nil
}
