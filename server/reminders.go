package server

import (
	"context"
	"strconv"
	"strings"
	"time"

	"oogst/harvest"
)

// adjustmentReminders e-mails, once per adjustment and due date, that an open
// adjustment is due. It runs daily from Housekeeping when SMTP is configured. An
// adjustment whose mail failed for everyone is tried again the next day.
func (s *Server) adjustmentReminders(ctx context.Context, now time.Time) error {
	list, err := harvest.DueReminders(ctx, s.db, now)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(s.opt.BaseURL, "/")
	sent := 0
	for _, r := range list {
		a := r.Adjustment
		link := base + "/adjustments/" + strconv.FormatInt(a.ID, 10)
		ok := len(r.To) == 0 // nobody to tell: do not try every day
		for _, to := range r.To {
			l := s.bundle.Localizer(to.Language)
			subject := l.T("meeting2.reminder.subject", "Description", a.Description)
			body := l.T("meeting2.reminder.body", "Description", a.Description, "Partnership", r.Partnership,
				"Date", a.DueOn.Format(time.DateOnly), "Link", link)
			if err := s.opt.Mailer.Send(ctx, to.Email, subject, body); err != nil {
				s.log.Warn("adjustment reminder", "adjustment", a.ID, "err", err)
				continue
			}
			ok = true
			sent++
		}
		if ok {
			if err := harvest.MarkReminded(ctx, s.db, a); err != nil {
				return err
			}
		}
	}
	if sent > 0 {
		s.log.Info("adjustment reminders", "sent", sent, "adjustments", len(list))
	}
	return nil
}
