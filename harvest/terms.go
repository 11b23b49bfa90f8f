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

// CodeTerms are the codes' operations.
func CodeTerms() Terms[Code] {
	return Terms[Code]{Codes, AddCode, RenameCode, RetireCode}
}

// BarrierTerms are the barriers' operations.
func BarrierTerms() Terms[Barrier] {
	return Terms[Barrier]{Barriers, AddBarrier, RenameBarrier, RetireBarrier}
}
