package server

import (
	"io"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
)

// exportAudit returns the writing of an export's audit-log rows (logExport) as a
// function that no longer needs the request's echo.Context, so it can run while the
// export reads its first rows.
func (s *Server) exportAudit(c echo.Context, partnershipID int64, what string) func() error {
	ids := []int64{partnershipID}
	if partnershipID == 0 {
		ids = scopeOf(c).PartnershipIDs()
	}
	ctx, uid, ip := c.Request().Context(), currentUser(c).ID, c.RealIP()
	return func() error {
		for _, pid := range ids {
			if err := harvest.LogExport(ctx, s.db, uid, pid, what, ip); err != nil {
				return err
			}
		}
		return nil
	}
}

// auditGate holds an export's response until its audit-log rows are committed. The
// commit waits for the disk and the export's first read for the database: run side by
// side, the first byte waits for the slower of the two instead of both, and still not
// a byte leaves unlogged. open sends the headers, once the log is written.
type auditGate struct {
	w      io.Writer
	open   func()
	done   chan error
	err    error
	passed bool
}

// gateExport starts audit and returns the gate the export writes through.
func gateExport(w io.Writer, audit func() error, open func()) *auditGate {
	g := &auditGate{w: w, open: open, done: make(chan error, 1)}
	go func() { g.done <- audit() }()
	return g
}

func (g *auditGate) Write(p []byte) (int, error) {
	if !g.passed {
		g.passed = true
		if g.err = <-g.done; g.err == nil {
			g.open()
		}
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.w.Write(p)
}

// close waits for the audit if nothing was written yet (without sending headers, so a
// failed export can still answer with its error) and returns the audit's error, which
// goes before the export's own: an export that failed to be logged is reported as that.
func (g *auditGate) close(exportErr error) error {
	if !g.passed {
		g.passed = true
		g.err = <-g.done
	}
	if g.err != nil {
		return g.err
	}
	return exportErr
}
