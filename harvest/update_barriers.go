package harvest

import (
	"context"
	"fmt"
	"slices"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// barrierPlan is an outcome's barrier links before and after a change.
type barrierPlan struct {
	old, new         []int64
	oldKeys, newKeys string
}

func (p barrierPlan) changed() bool { return !sameIDs(p.old, p.new) }

// planBarriers works out the outcome's new barriers from ch and checks them against
// what its partnership may use: the presets and its own, and a retired barrier may stay
// on an outcome but not be added anew. Problems go into v.
func planBarriers(ctx context.Context, tx *db.DB, o Outcome, ch Change, v apperr.Invalid) (barrierPlan, error) {
	var p barrierPlan
	if err := tx.Q(ctx).Model(&BarrierLink{}).Where("outcome_id = ?", o.ID).Order("barrier_id").Pluck("barrier_id", &p.old).Error; err != nil {
		return p, fmt.Errorf("harvest: barriers of outcome %d: %w", o.ID, err)
	}
	p.new = p.old
	if ch.BarrierIDs == nil && len(ch.AddBarrierIDs) == 0 && len(ch.RemoveBarrierIDs) == 0 {
		return p, nil
	}
	want := p.old
	if ch.BarrierIDs != nil {
		want = *ch.BarrierIDs
	}
	want = append(slices.Clone(want), ch.AddBarrierIDs...)
	p.new = []int64{}
	for _, id := range want {
		if !slices.Contains(ch.RemoveBarrierIDs, id) && !slices.Contains(p.new, id) {
			p.new = append(p.new, id)
		}
	}
	slices.Sort(p.new)
	if !p.changed() {
		return p, nil
	}
	var known []Barrier
	all := append(slices.Clone(p.old), p.new...)
	if err := tx.Q(ctx).Where("id IN ? AND (partnership_id IS NULL OR partnership_id = ?)", all, o.PartnershipID).Find(&known).Error; err != nil {
		return p, fmt.Errorf("harvest: check barriers: %w", err)
	}
	byID := map[int64]Barrier{}
	for _, b := range known {
		byID[b.ID] = b
	}
	for _, id := range p.new {
		b, ok := byID[id]
		if !ok || (b.RetiredAt != nil && !slices.Contains(p.old, id)) {
			v.Add("barriers", "barriers.error.unknown")
			break
		}
	}
	keys := map[int64]string{}
	for id, b := range byID {
		keys[id] = b.Key
	}
	p.oldKeys, p.newKeys = keysOf(p.old, keys), keysOf(p.new, keys)
	return p, nil
}

// apply writes the planned links; the rollup's triggers count them.
func (p barrierPlan) apply(ctx context.Context, tx *db.DB, outcomeID int64) error {
	if !p.changed() {
		return nil
	}
	var gone []int64
	for _, id := range p.old {
		if !slices.Contains(p.new, id) {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		if err := tx.Q(ctx).Where("outcome_id = ? AND barrier_id IN ?", outcomeID, gone).Delete(&BarrierLink{}).Error; err != nil {
			return fmt.Errorf("harvest: unlink barriers of outcome %d: %w", outcomeID, err)
		}
	}
	for _, id := range p.new {
		if slices.Contains(p.old, id) {
			continue
		}
		if err := tx.Q(ctx).Create(&BarrierLink{OutcomeID: outcomeID, BarrierID: id}).Error; err != nil {
			return fmt.Errorf("harvest: link barrier %d to outcome %d: %w", id, outcomeID, err)
		}
	}
	return nil
}

// LinkBarriers adds barriers to several outcomes at once (all or none).
func LinkBarriers(ctx context.Context, d *db.DB, sc people.Scope, userID int64, ids, barrierIDs []int64) error {
	return Bulk(ctx, d, sc, userID, ids, Change{AddBarrierIDs: barrierIDs})
}

// UnlinkBarriers takes barriers off several outcomes at once (all or none).
func UnlinkBarriers(ctx context.Context, d *db.DB, sc people.Scope, userID int64, ids, barrierIDs []int64) error {
	return Bulk(ctx, d, sc, userID, ids, Change{RemoveBarrierIDs: barrierIDs})
}
