package markers

import (
	"context"
	"fmt"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// Boundary partners, markers and periods are each kept per partnership and read by
// whoever may see its markers area (readable); these two read any of them.

// listReadable lists the rows of T in the partnerships the caller may see, in order;
// with partnershipID > 0 only that partnership's (NotFound outside the caller's
// reach). noun names the rows in an error.
func listReadable[T any](ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64, order, noun string) ([]T, error) {
	ids := readableIDs(sc)
	if partnershipID > 0 {
		if !readable(sc, partnershipID) {
			return nil, apperr.NotFound()
		}
		ids = []int64{partnershipID}
	}
	var out []T
	if len(ids) == 0 {
		return out, nil
	}
	if err := d.Q(ctx).Where("partnership_id IN ?", ids).Order(order).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: list %s: %w", noun, err)
	}
	return out, nil
}

// loadReadable loads row id of T if it belongs to a partnership the caller may see.
func loadReadable[T any](ctx context.Context, tx *db.DB, sc people.Scope, id int64, noun string) (T, error) {
	var v T
	ids := readableIDs(sc)
	if len(ids) == 0 {
		return v, apperr.NotFound()
	}
	if err := tx.Q(ctx).Where("id = ? AND partnership_id IN ?", id, ids).First(&v).Error; err != nil {
		return v, fmt.Errorf("markers: load %s %d: %w", noun, id, err)
	}
	return v, nil
}

// mayManage refuses a change to partnership pid's markers area: NotFound to whoever
// may not see it, Forbidden to whoever may see but not manage it.
func mayManage(sc people.Scope, pid int64) error {
	if !readable(sc, pid) {
		return apperr.NotFound()
	}
	if !canManage(sc, pid) {
		return apperr.Forbidden()
	}
	return nil
}

// changeManaged makes change, in one transaction, to row id of T loaded by load, once
// it has checked that the caller may manage the row's partnership.
func changeManaged[T any, P interface {
	*T
	partnership() int64
}](ctx context.Context, d *db.DB, sc people.Scope, id int64, load func(context.Context, *db.DB, people.Scope, int64) (T, error), change func(tx *db.DB, v P) error) (T, error) {
	var v T
	err := d.Tx(ctx, func(tx *db.DB) error {
		var err error
		if v, err = load(ctx, tx, sc, id); err != nil {
			return err
		}
		if !canManage(sc, P(&v).partnership()) {
			return apperr.Forbidden()
		}
		return change(tx, &v)
	})
	return v, err
}

func (bp *BoundaryPartner) partnership() int64 { return bp.PartnershipID }

func (p *Period) partnership() int64 { return p.PartnershipID }
