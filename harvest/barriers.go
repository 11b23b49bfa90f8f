package harvest

import (
	"context"
	"fmt"
	"time"

	"oogst/db"
	"oogst/locale"
	"oogst/people"
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

// barriers are the second coding dimension (outcome_barriers).
var barriers = vocabulary[Barrier, *Barrier]{noun: "barrier", nameMsg: "barriers.error.name", existsMsg: "barriers.error.exists"}

// barriersFor lists the presets plus the barriers of partnerships pids.
func barriersFor(ctx context.Context, d *db.DB, pids []int64, withRetired bool) ([]Barrier, error) {
	return barriers.list(ctx, d, pids, withRetired)
}

// Barriers lists the barriers usable in partnership pid (presets first), retired ones too.
func Barriers(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]Barrier, error) {
	return barriers.of(ctx, d, sc, pid)
}

// AddBarrier creates a barrier of partnership pid; only its coordinators and partners may.
func AddBarrier(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (Barrier, error) {
	return barriers.add(ctx, d, sc, pid, n)
}

// RenameBarrier changes a partnership barrier's names.
func RenameBarrier(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (Barrier, error) {
	return barriers.rename(ctx, d, sc, id, n)
}

// RetireBarrier takes a barrier out of use (retire true) or back in. Retired barriers
// stay on the outcomes that have them and still count in aggregates.
func RetireBarrier(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (Barrier, error) {
	return barriers.retire(ctx, d, sc, id, retire, now)
}

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
