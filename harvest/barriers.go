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
// global preset (PartnershipID nil: the seed's ten categories) or a partnership's own.
type Barrier struct {
	ID            int64      `gorm:"primaryKey" json:"id"`
	PartnershipID *int64     `json:"partnership_id,omitempty"`
	Key           string     `json:"key"`
	NameNL        string     `gorm:"column:name_nl" json:"name_nl"`
	NameFR        string     `gorm:"column:name_fr" json:"name_fr"`
	NameEN        string     `gorm:"column:name_en" json:"name_en"`
	Position      int        `json:"-"`
	RetiredAt     *time.Time `json:"retired_at,omitempty"`
	CreatedAt     time.Time  `json:"-"`
}

func (Barrier) TableName() string { return "outcome_barriers" }

// Names is the barrier's name in every staff language.
func (b Barrier) Names() locale.Text { return locale.StaffText(b.NameNL, b.NameFR, b.NameEN) }

// Name is the barrier's name in lang, falling back to Dutch.
func (b Barrier) Name(lang string) string { return b.Names().In(lang) }

// Preset reports whether the barrier is one of the seed's ten categories.
func (b Barrier) Preset() bool { return b.PartnershipID == nil }

// BarrierLink attaches a barrier to an outcome.
type BarrierLink struct {
	OutcomeID int64 `gorm:"primaryKey"`
	BarrierID int64 `gorm:"primaryKey"`
}

func (BarrierLink) TableName() string { return "outcome_barrier_links" }

// barriers are the second coding dimension (outcome_barriers).
var barriers = vocabulary[Barrier]{
	noun: "barrier", nameMsg: "barriers.error.name", existsMsg: "barriers.error.exists",
	owner: func(b Barrier) *int64 { return b.PartnershipID },
	build: func(pid int64, key, nl, fr, en string) Barrier {
		return Barrier{PartnershipID: &pid, Key: key, NameNL: nl, NameFR: fr, NameEN: en, Position: 100}
	},
	setNames:  func(b *Barrier, nl, fr, en string) { b.NameNL, b.NameFR, b.NameEN = nl, fr, en },
	setRetire: func(b *Barrier, at *time.Time) { b.RetiredAt = at },
}

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
