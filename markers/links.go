package markers

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// The harvest package is built separately; markers stores outcome ids and the pages
// link to /outcomes/{id}, where harvest applies its own tenancy. Linking checks in the
// outcomes table that the outcome exists in the marker's own partnership, so a link
// never leads to a 404.

// OutcomeLinks lists the outcomes linked to a marker.
func OutcomeLinks(ctx context.Context, d *db.DB, sc people.Scope, markerID int64) ([]OutcomeLink, error) {
	if _, _, err := markerTx(ctx, d, sc, markerID); err != nil {
		return nil, err
	}
	var out []OutcomeLink
	if err := d.Q(ctx).Where("marker_id = ?", markerID).Order("outcome_id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("markers: outcome links of %d: %w", markerID, err)
	}
	return out, nil
}

// LinkOutcome records that outcome outcomeID supports the marker (coordinators).
// Linking twice is harmless.
func LinkOutcome(ctx context.Context, d *db.DB, sc people.Scope, markerID, outcomeID int64) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		m, err := managedMarker(ctx, tx, sc, markerID)
		if err != nil {
			return err
		}
		if outcomeID <= 0 {
			v := apperr.Invalid{}
			v.Add("outcome_id", "markers.error.outcome_id")
			return v.Err()
		}
		var n int64
		if err := tx.Q(ctx).Table("outcomes").Where("id = ? AND partnership_id = ?", outcomeID, m.PartnershipID).Count(&n).Error; err != nil {
			return fmt.Errorf("markers: check outcome %d: %w", outcomeID, err)
		}
		if n == 0 {
			// Unknown, or of another partnership: the same answer, so nothing is revealed.
			v := apperr.Invalid{}
			v.Add("outcome_id", "staffwork.error.outcome_unknown", "ID", outcomeID)
			return v.Err()
		}
		l := OutcomeLink{MarkerID: m.ID, OutcomeID: outcomeID, PartnershipID: m.PartnershipID, CreatedBy: userRef(sc)}
		if err := tx.Q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&l).Error; err != nil {
			return fmt.Errorf("markers: link outcome %d to marker %d: %w", outcomeID, markerID, err)
		}
		return nil
	})
}

// UnlinkOutcome removes a link (coordinators).
func UnlinkOutcome(ctx context.Context, d *db.DB, sc people.Scope, markerID, outcomeID int64) error {
	return d.Tx(ctx, func(tx *db.DB) error {
		if _, err := managedMarker(ctx, tx, sc, markerID); err != nil {
			return err
		}
		if err := tx.Q(ctx).Where("marker_id = ? AND outcome_id = ?", markerID, outcomeID).Delete(&OutcomeLink{}).Error; err != nil {
			return fmt.Errorf("markers: unlink outcome: %w", err)
		}
		return nil
	})
}
