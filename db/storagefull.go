package db

import (
	"errors"
	"syscall"

	"oogst/apperr"
)

// SQLite's primary result codes for a full database or disk and for a failed disk
// read or write (extended codes keep the primary code in their low byte).
const (
	sqliteIOErr = 10
	sqliteFull  = 13
)

// pgDiskFull is PostgreSQL's SQLSTATE disk_full.
const pgDiskFull = "53100"

// IsStorageFull recognises an error that means there is no room left to write: a full
// disk or quota on a file write (ENOSPC, EDQUOT, EFBIG), SQLite's SQLITE_FULL or a disk
// I/O error, PostgreSQL's disk_full. This is the one place that knows these shapes.
func IsStorageFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG) {
		return true
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff {
		case sqliteFull, sqliteIOErr:
			return true
		}
	}
	var pg interface{ SQLState() string }
	return errors.As(err, &pg) && pg.SQLState() == pgDiskFull
}

// StorageFull turns a storage-full error into an apperr of kind KindStorageFull (the
// server answers 503 with Retry-After: try again once an operator made room); any
// other error is returned as it is.
func StorageFull(err error) error {
	if !IsStorageFull(err) || apperr.Is(err, apperr.KindStorageFull) {
		return err
	}
	e := apperr.New(apperr.KindStorageFull, "error.unavailable")
	e.RetryIn = 60
	e.Err = err
	return e
}
