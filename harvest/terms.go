package harvest

import (
	"context"
	"time"

	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// Terms are a partnership vocabulary's operations (vocabulary.go), so that a caller can
// serve codes and barriers alike: the server's pages for both are one.
type Terms[T any] struct {
	List   func(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]T, error)
	Add    func(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (T, error)
	Rename func(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (T, error)
	Retire func(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (T, error)
}

// codes are the first coding dimension (outcome_codes), barriers the second
// (outcome_barriers).
var (
	codes    = vocabulary[Code, *Code]{noun: "code", nameMsg: "harvest.error.code_name", existsMsg: "harvest.error.code_exists"}
	barriers = vocabulary[Barrier, *Barrier]{noun: "barrier", nameMsg: "barriers.error.name", existsMsg: "barriers.error.exists"}
)

// CodeTerms are the codes' operations: List gives those usable in partnership pid
// (presets first, retired ones too); Add creates one of the partnership, which only its
// coordinators and partners may; Rename changes one's names; Retire takes one out of use
// or back in (a retired code stays on the outcomes that have it and still counts in
// aggregates).
func CodeTerms() Terms[Code] {
	return Terms[Code]{codes.of, codes.add, codes.rename, codes.retire}
}

// BarrierTerms are the barriers' operations, as the codes' are.
func BarrierTerms() Terms[Barrier] {
	return Terms[Barrier]{barriers.of, barriers.add, barriers.rename, barriers.retire}
}
