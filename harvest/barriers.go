package harvest

import (
	"context"
	"fmt"

	"oogst/db"
)

// Barrier is a barrier category (drempel), the second coding dimension beside codes: a
// global preset (the seed's ten categories) or a partnership's own.
type Barrier struct{ Category }

func (Barrier) TableName() string { return "outcome_barriers" }

// BarrierLink attaches a barrier to an outcome.
type BarrierLink struct {
	OutcomeID int64 `gorm:"primaryKey"`
	BarrierID int64 `gorm:"primaryKey"`
}

func (BarrierLink) TableName() string { return "outcome_barrier_links" }

// loadBarriers fills the Barriers of outcomes (idx: outcome id → position in list).
func loadBarriers(ctx context.Context, d *db.DB, list []Outcome, idx map[int64]int, ids []int64) error {
	var rows []struct {
		OutcomeID int64
		Barrier
	}
	err := d.Q(ctx).Table("outcome_barrier_links l").
		Select("l.outcome_id, b.*").Joins("JOIN outcome_barriers b ON b.id = l.barrier_id").
		Where("l.outcome_id IN ?", ids).Order("b.position, b.id").Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("harvest: load barriers: %w", err)
	}
	for _, r := range rows {
		list[idx[r.OutcomeID]].Barriers = append(list[idx[r.OutcomeID]].Barriers, r.Barrier)
	}
	return nil
}

// BarrierKeys are the keys of the outcome's barriers, in order (the API's `barriers`).
func (o Outcome) BarrierKeys() []string {
	out := make([]string, len(o.Barriers))
	for i, b := range o.Barriers {
		out[i] = b.Key
	}
	return out
}
