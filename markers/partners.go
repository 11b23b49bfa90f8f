package markers

import (
	"context"
	"fmt"
	"strings"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

// PartnerInput is a boundary partner as typed in a form.
type PartnerInput struct {
	PartnershipID    int64
	OrganisationID   *int64
	Name             string
	OutcomeChallenge string
	// Examples are keys of ExampleMarkers to add as starting markers (create only).
	Examples []string
	// Lang picks nothing: examples are stored in all three languages.
}

const (
	maxName = 200
	maxText = 4000
)

// Partners lists boundary partners the caller may see, by partnership then name. With
// partnershipID > 0 only that partnership; outside the caller's reach that is NotFound.
func Partners(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) ([]BoundaryPartner, error) {
	return listReadable[BoundaryPartner](ctx, d, sc, partnershipID, "partnership_id, name", "boundary partners")
}

// Partner returns one boundary partner the caller may see (d may be a transaction).
func Partner(ctx context.Context, d *db.DB, sc people.Scope, id int64) (BoundaryPartner, error) {
	return loadReadable[BoundaryPartner](ctx, d, sc, id, "boundary partner")
}

// Organisations lists the organisations of a partnership, for linking a boundary partner.
func Organisations(ctx context.Context, d *db.DB, sc people.Scope, partnershipID int64) ([]people.Organisation, error) {
	if !readable(sc, partnershipID) {
		return nil, apperr.NotFound()
	}
	var out []people.Organisation
	err := d.Q(ctx).Joins("JOIN partnership_organisations po ON po.organisation_id = organisations.id").
		Where("po.partnership_id = ?", partnershipID).Order("organisations.name").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("markers: organisations of partnership %d: %w", partnershipID, err)
	}
	return out, nil
}

func (in *PartnerInput) validate(ctx context.Context, tx *db.DB, selfID int64) error {
	in.Name = strings.TrimSpace(in.Name)
	in.OutcomeChallenge = strings.TrimSpace(in.OutcomeChallenge)
	v := apperr.Invalid{}
	switch {
	case in.Name == "":
		v.Add("name", "markers.error.name_required")
	case len([]rune(in.Name)) > maxName:
		v.Add("name", "markers.error.too_long", "Max", maxName)
	default:
		var n int64
		if err := tx.Q(ctx).Model(&BoundaryPartner{}).Where("partnership_id = ? AND LOWER(name) = LOWER(?) AND id <> ?", in.PartnershipID, in.Name, selfID).Count(&n).Error; err != nil {
			return fmt.Errorf("markers: check name: %w", err)
		}
		if n > 0 {
			v.Add("name", "markers.error.name_taken")
		}
	}
	if len([]rune(in.OutcomeChallenge)) > maxText {
		v.Add("outcome_challenge", "markers.error.too_long", "Max", maxText)
	}
	if in.OrganisationID != nil {
		var n int64
		if err := tx.Q(ctx).Model(&people.PartnershipOrganisation{}).Where("partnership_id = ? AND organisation_id = ?", in.PartnershipID, *in.OrganisationID).Count(&n).Error; err != nil {
			return fmt.Errorf("markers: check organisation: %w", err)
		}
		if n == 0 {
			v.Add("organisation_id", "markers.error.organisation_unknown")
		}
	}
	for _, key := range in.Examples {
		if _, ok := exampleByKey(key); !ok {
			v.Add("examples", "markers.error.example_unknown")
		}
	}
	return v.Err()
}

// CreatePartner adds a boundary partner (coordinators), with the chosen example markers.
func CreatePartner(ctx context.Context, d *db.DB, sc people.Scope, in PartnerInput) (BoundaryPartner, error) {
	var bp BoundaryPartner
	if err := mayManage(sc, in.PartnershipID); err != nil {
		return bp, err
	}
	err := d.Tx(ctx, func(tx *db.DB) error {
		if err := in.validate(ctx, tx, 0); err != nil {
			return err
		}
		bp = BoundaryPartner{PartnershipID: in.PartnershipID, OrganisationID: in.OrganisationID, Name: in.Name, OutcomeChallenge: in.OutcomeChallenge}
		if err := tx.Q(ctx).Create(&bp).Error; err != nil {
			return fmt.Errorf("markers: create boundary partner: %w", err)
		}
		for _, key := range in.Examples {
			ex, _ := exampleByKey(key)
			if _, err := addMarkerTx(ctx, tx, sc, bp, MarkerInput{Level: ex.Level, Form: formOfExample(ex), Text: ex.Text}); err != nil {
				return err
			}
		}
		return nil
	})
	return bp, err
}

// UpdatePartner changes a boundary partner's name, organisation and outcome challenge.
func UpdatePartner(ctx context.Context, d *db.DB, sc people.Scope, id int64, in PartnerInput) (BoundaryPartner, error) {
	return changeManaged(ctx, d, sc, id, Partner, func(tx *db.DB, bp *BoundaryPartner) error {
		in.PartnershipID = bp.PartnershipID
		in.Examples = nil
		if err := in.validate(ctx, tx, bp.ID); err != nil {
			return err
		}
		bp.Name, bp.OrganisationID, bp.OutcomeChallenge = in.Name, in.OrganisationID, in.OutcomeChallenge
		if err := tx.Q(ctx).Save(bp).Error; err != nil {
			return fmt.Errorf("markers: update boundary partner %d: %w", id, err)
		}
		return nil
	})
}
