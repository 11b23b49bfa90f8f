package harvest

import (
	"context"
	"time"

	"oogst/db"
	"oogst/locale"
	"oogst/people"
)

// codes are the first coding dimension (outcome_codes).
var codes = vocabulary[Code, *Code]{noun: "code", nameMsg: "harvest.error.code_name", existsMsg: "harvest.error.code_exists"}

// codesFor lists the presets plus the codes of partnerships pids.
func codesFor(ctx context.Context, d *db.DB, pids []int64, withRetired bool) ([]Code, error) {
	return codes.list(ctx, d, pids, withRetired)
}

// Codes lists the codes usable in partnership pid (presets first), retired ones too.
func Codes(ctx context.Context, d *db.DB, sc people.Scope, pid int64) ([]Code, error) {
	return codes.of(ctx, d, sc, pid)
}

// AddCode creates a code of partnership pid; only its coordinators and partners may.
func AddCode(ctx context.Context, d *db.DB, sc people.Scope, pid int64, n locale.Text) (Code, error) {
	return codes.add(ctx, d, sc, pid, n)
}

// RenameCode changes a partnership code's names.
func RenameCode(ctx context.Context, d *db.DB, sc people.Scope, id int64, n locale.Text) (Code, error) {
	return codes.rename(ctx, d, sc, id, n)
}

// RetireCode takes a code out of use (retire true) or back in. Retired codes stay on
// the outcomes that have them and still count in aggregates.
func RetireCode(ctx context.Context, d *db.DB, sc people.Scope, id int64, retire bool, now time.Time) (Code, error) {
	return codes.retire(ctx, d, sc, id, retire, now)
}
