package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type auditPage struct {
	PID         int64 // 0: the admin's whole log
	Partnership string
	Action      string
	Actions     []string
	Rows        []people.AuditRow
	Older       int64 // the next page's "before"; 0 on the last page
	Paged       bool  // this is not the newest page
}

func (s *Server) renderAudit(c echo.Context, pid int64) error {
	ctx := c.Request().Context()
	pg := &auditPage{PID: pid, Action: c.QueryParam("action"), Actions: people.AuditActions}
	// A malformed "before" is read as the newest page rather than an error: it only
	// ever comes from our own link, edited by hand.
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	log, err := people.AuditLog(ctx, s.db, scopeOf(c), people.AuditFilter{PartnershipID: pid, Action: pg.Action, Before: before})
	if err != nil {
		return err
	}
	pg.Rows, pg.Older, pg.Paged = log.Rows, log.Older, before > 0
	if pid != 0 {
		p, err := people.PartnershipByID(ctx, s.db, scopeOf(c), pid)
		if err != nil {
			return err
		}
		pg.Partnership = p.Name
	}
	return s.render(c, http.StatusOK, "audit", s.view(c, "people.audit.title", pg))
}

// peopleAudit is a partnership's audit log, for its coordinators.
func (s *Server) peopleAudit(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	return s.renderAudit(c, pid)
}

// adminAudit is the whole audit log, for platform admins.
func (s *Server) adminAudit(c echo.Context) error { return s.renderAudit(c, 0) }
