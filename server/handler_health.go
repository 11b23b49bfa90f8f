package server

import (
	"context"
	"net/http"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether the database answers and the data directory has room, so a load
// balancer can route around us (and an operator's monitor sees a filling disk before
// writes start failing).
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		c.Response().Header().Set("Retry-After", "5")
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
	}
	if s.opt.MinFreeBytes > 0 {
		free, err := s.opt.FreeSpace(s.opt.DataDir)
		if err != nil {
			s.log.Warn("readyz: free space", "err", err)
		}
		if err != nil || free < uint64(s.opt.MinFreeBytes) {
			c.Response().Header().Set("Retry-After", "60")
			return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": string(s.db.Dialect), "disk": "full"})
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "database": string(s.db.Dialect)})
}

// diskFree is the space an unprivileged process may still write under dir.
func diskFree(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}
