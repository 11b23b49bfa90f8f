//go:build unix

package db

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes a non-blocking flock on path (created if missing): shared for every
// process that opens the SQLite file, exclusive for a restore. The kernel drops it when
// the process dies, so a crashed server never leaves a stale lock.
func lockFile(path string, exclusive bool) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("db: lock file: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, fmt.Errorf("db: lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// freeBytes is the space left for an unprivileged writer on dir's filesystem.
func freeBytes(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}
