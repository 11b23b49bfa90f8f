//go:build !unix

package db

// lockFile is a no-op where flock does not exist; restore then cannot tell whether a
// server uses the SQLite file, and the README says to stop it first.
func lockFile(string, bool) (func(), error) { return func() {}, nil }

func freeBytes(string) (int64, bool) { return 0, false }
