package harvest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"oogst/apperr"
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

// barriersFor lists the presets plus the barriers of partnerships pids.
func barriersFor(ctx context.Context, d *db.DB, pids []int64, withRetired bool) ([]Barrier, error) {
	q := d.Q(ctx).Model(&Barrier{})
	if len(pids) > 0 {
		q = q.Where("partnership_id IS NULL OR partnership_id IN ?", pids)
	} else {
		q = q.Where("partnership_id IS NULL")
	}
	if !withRetired {
		q = q.Where("retired_at IS NULL")
	}
	var out []Barrier
	if err := q.Order("partnership_id IS NOT NULL, position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("harvest: list barriers: %w", err)
	}
	return out, nil
}

// Barriers lists the barriers usable in partnership pid (presets first), retired ones too.
func Barriers(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]Barrier, error) {
	if !sc.Member(pid) {
		return nil, apperr.NotFound()
	}
	return barriersFor(ctx, d, []int64{pid}, true)
}

// AddBarrier creates a barrier of partnership pid; only its coordinators and partners may.
func AddBarrier(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (Barrier, error) {
	if !sc.Member(pid) {
		return Barrier{}, apperr.NotFound()
	}
	if !canReview(sc, pid) {
		return Barrier{}, apperr.Forbidden()
	}
	nl, fr, en := trimNames(n)
	if nl == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "barriers.error.name")
		return Barrier{}, v.Err()
	}
	key := strings.Trim(codeKey.ReplaceAllString(strings.ToLower(nl), "_"), "_")
	if key == "" {
		key = "barrier"
	}
	p := pid
	b := Barrier{PartnershipID: &p, Key: key, NameNL: nl, NameFR: fr, NameEN: en, Position: 100}
	err := d.Tx(ctx, func(tx *db.DB) error {
		var clash int64
		if err := tx.Q(ctx).Model(&Barrier{}).Where("(partnership_id IS NULL OR partnership_id = ?) AND (key = ? OR name_nl = ?)", pid, key, nl).Count(&clash).Error; err != nil {
			return err
		}
		if clash > 0 {
			return &apperr.Error{Kind: apperr.KindConflict, Msg: apperr.Msg("barriers.error.exists"),
				Fields: map[string]apperr.Message{"name_nl": apperr.Msg("barriers.error.exists")}}
		}
		return tx.Q(ctx).Create(&b).Error
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return Barrier{}, err
		}
		return Barrier{}, fmt.Errorf("harvest: add barrier: %w", err)
	}
	return b, nil
}

// editableBarrier finds a barrier of a partnership the caller reviews; presets are
// shared by every partnership and cannot be changed by one of them.
func editableBarrier(ctx context.Context, d *db.DB, sc people.Scope, id int64) (Barrier, error) {
	var b Barrier
	err := d.Q(ctx).Where("id = ?", id).Take(&b).Error
	if err == nil && b.PartnershipID != nil && !sc.Member(*b.PartnershipID) {
		return b, apperr.NotFound()
	}
	if err != nil {
		return b, fmt.Errorf("harvest: get barrier %d: %w", id, err)
	}
	if b.PartnershipID == nil || !canReview(sc, *b.PartnershipID) {
		return b, apperr.Forbidden()
	}
	return b, nil
}

// RenameBarrier changes a partnership barrier's names.
func RenameBarrier(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (Barrier, error) {
	b, err := editableBarrier(ctx, d, sc, id)
	if err != nil {
		return b, err
	}
	nl, fr, en := trimNames(n)
	if nl == "" {
		v := apperr.Invalid{}
		v.Add("name_nl", "barriers.error.name")
		return b, v.Err()
	}
	b.NameNL, b.NameFR, b.NameEN = nl, fr, en
	if err := d.Q(ctx).Model(&b).Updates(map[string]any{"name_nl": nl, "name_fr": fr, "name_en": en}).Error; err != nil {
		return b, fmt.Errorf("harvest: rename barrier %d: %w", id, err)
	}
	return b, nil
}

// RetireBarrier takes a barrier out of use (retire true) or back in. Retired barriers
// stay on the outcomes that have them and still count in aggregates.
func RetireBarrier(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (Barrier, error) {
	b, err := editableBarrier(ctx, d, sc, id)
	if err != nil {
		return b, err
	}
	var at *time.Time
	if retire {
		t := now.UTC()
		at = &t
	}
	if err := d.Q(ctx).Model(&b).Update("retired_at", at).Error; err != nil {
		return b, fmt.Errorf("harvest: retire barrier %d: %w", id, err)
	}
	b.RetiredAt = at
	return b, nil
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
