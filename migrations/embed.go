// Package migrations holds the versioned SQL schema, one set per dialect, embedded in
// the binary. Files are applied by goose (see package db); never edit a released file,
// add a new one.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// FS returns the migration files of one dialect ("postgres" or "sqlite").
func FS(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}
