package survey

import (
	"context"
	"strings"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// StaffCodeLength is the length of the join code of a round for staff of a partner
// organisation: the link is sent by e-mail to people outside Oogst, so it must not be
// guessable (16 of 23 symbols ≈ 72 bits) and it dies when the round closes.
const StaffCodeLength = 16

// GeneratedRound is what another package (markers) needs to send a form it built: the
// form's definition, the round's title and when it closes.
type GeneratedRound struct {
	PartnershipID int64
	Definition    Definition
	Title         string
	ClosesAt      time.Time
}

// OpenGeneratedRound creates a custom form from def, publishes it as version 1 and
// opens an anonymous round for staff (no cursists) with a long join code, all in one
// transaction; then runs in that transaction too, so the caller can record the round
// with its own data (coordinators only).
func OpenGeneratedRound(ctx context.Context, d *db.DB, sc people.Scope, in GeneratedRound, now time.Time, then func(tx *db.DB, r Round) error) (Round, error) {
	if !sc.Member(in.PartnershipID) {
		return Round{}, apperr.NotFound()
	}
	if !sc.Allows(in.PartnershipID, people.RoleCoordinator) {
		return Round{}, apperr.Forbidden()
	}
	if err := in.Definition.ValidateForPublish(); err != nil {
		return Round{}, err
	}
	v := apperr.Invalid{}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		v.Add("title", "error.required")
	}
	if !in.ClosesAt.After(now) {
		v.Add("closes_at", "survey.err.closes_before_opens")
	}
	if err := v.Err(); err != nil {
		return Round{}, err
	}
	now = now.UTC()
	pid, uid := in.PartnershipID, sc.UserID
	enc := in.Definition.Encode()
	var r Round
	err := d.Tx(ctx, func(tx *db.DB) error {
		f := Form{PartnershipID: &pid, Kind: KindCustom, Name: in.Definition.Title[locale.Default], Draft: enc, CreatedAt: now, UpdatedAt: now}
		if err := tx.Q(ctx).Create(&f).Error; err != nil {
			return err
		}
		ver := FormVersion{FormID: f.ID, Version: 1, Definition: enc, PublishedAt: now, PublishedBy: &uid}
		if err := tx.Q(ctx).Create(&ver).Error; err != nil {
			return err
		}
		closes := in.ClosesAt.UTC()
		// One try: a clash of two random 16-symbol codes is not worth a retry loop
		// (a failed insert would also abort a PostgreSQL transaction).
		r = Round{PartnershipID: pid, FormID: f.ID, FormVersionID: ver.ID, Title: in.Title, Code: people.RandomCode(StaffCodeLength),
			OpensAt: now, ClosesAt: &closes, AnonymousAllowed: true, ForStaff: true, CreatedBy: &uid, CreatedAt: now}
		if err := tx.Q(ctx).Create(&r).Error; err != nil {
			return err
		}
		if then != nil {
			return then(tx, r)
		}
		return nil
	})
	if err != nil {
		return Round{}, apperr.Wrapf(err, "survey: open generated round")
	}
	return r, nil
}
