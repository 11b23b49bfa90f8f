package db_test

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"oogst/apperr"
	"oogst/db"
)

// TestStorageFullShapes: a full disk on a file write, PostgreSQL's disk_full and
// wrapped versions of them become KindStorageFull; other errors pass unchanged.
// (SQLite's SQLITE_FULL is checked for real in server/storagefull_test.go.)
func TestStorageFullShapes(t *testing.T) {
	t.Parallel()
	full := []error{
		&fs.PathError{Op: "write", Path: "/data/uploads/x", Err: syscall.ENOSPC},
		fmt.Errorf("survey: sync: %w", syscall.EDQUOT),
		fmt.Errorf("harvest: insert: %w", &pgconn.PgError{Code: "53100", Message: "could not extend file"}),
	}
	for _, err := range full {
		if !apperr.Is(db.StorageFull(err), apperr.KindStorageFull) {
			t.Errorf("%v: not recognised as storage full", err)
		}
	}
	other := []error{errors.New("boom"), syscall.EACCES, &pgconn.PgError{Code: "23505"}, apperr.NotFound()}
	for _, err := range other {
		if got := db.StorageFull(err); got != err {
			t.Errorf("%v: changed into %v", err, got)
		}
	}
}
