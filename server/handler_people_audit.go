package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

type auditPage struct {
	PID         int64 // 0: the admin's whole log
	Partnership string
	Action      string
	Actions     []string
	Rows        []people.AuditRow
}

func (s *Server) renderAudit(c echo.Context, pid int64) error {
	ctx := c.Request().Context()
	pg := &auditPage{PID: pid, Action: c.QueryParam("action"), Actions: people.AuditActions}
	rows, err := people.AuditLog(ctx, s.db, scopeOf(c), people.AuditFilter{PartnershipID: pid, Action: pg.Action})
	if err != nil {
		return err
	}
	pg.Rows = rows
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
