package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"strings"
	"syscall"
)

// IsDown recognises errors that mean the database cannot be reached now.
func IsDown(err error) bool {
	if err == nil {
		return false
	}
	// A network operation failed (dialing or talking to the database). Not net.Error:
	// syscall.Errno satisfies that interface too, and a permission or disk error is
	// no outage.
	var oe *net.OpError
	if errors.As(err, &oe) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "failed to connect", "the database system is shutting down",
		"the database system is starting up", "terminating connection", "conn closed", "unexpected EOF", "broken pipe",
		"admin_shutdown", "SQLSTATE 57P01", "SQLSTATE 57P03", "no such host"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
