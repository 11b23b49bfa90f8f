package apperr

import "errors"

// errStale marks a conflict caused by saving over a version someone else changed.
var errStale = errors.New("stale version")

// Stale says a save was based on an older version of the record than the stored one:
// someone else saved in between. Kind Conflict (HTTP 409); nothing was written.
func Stale() *Error {
	return &Error{Kind: KindConflict, Msg: Msg("edit.error.stale"), Err: errStale}
}

// IsStale reports whether err is a refused save over a changed version.
func IsStale(err error) bool {
	return Is(err, KindConflict) && errors.Is(err, errStale)
}
