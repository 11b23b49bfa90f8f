package server

import (
	"context"
	"fmt"
	"time"

	"oogst/survey"
)

// sendLinkMail writes a personal link to its cursist in her language.
func (s *Server) sendLinkMail(ctx context.Context, m survey.LinkMail, subjectID, bodyID string) error {
	l := s.bundle.Localizer(m.Language)
	subject := l.T(subjectID, "Partnership", m.Partnership)
	body := l.T(bodyID, "Partnership", m.Partnership, "Link", s.personalURL(m.Token))
	if err := s.opt.Mailer.Send(ctx, m.Email, subject, body); err != nil {
		return fmt.Errorf("mail personal link %d: %w", m.Link.ID, err)
	}
	return nil
}

// linkReminders e-mails, once, the personal links of open follow-up rounds that are
// still unused a week after they were mailed. Runs daily from Housekeeping with SMTP.
func (s *Server) linkReminders(ctx context.Context, now time.Time) error {
	due, err := survey.DueLinkReminders(ctx, s.db, now)
	if err != nil {
		return err
	}
	for _, m := range due {
		if err := s.sendLinkMail(ctx, m, "reachtablet.reminder_subject", "reachtablet.reminder_body"); err != nil {
			s.log.Warn("personal link reminder", "link", m.Link.ID, "err", err)
			continue
		}
		if err := survey.MarkLinkReminded(ctx, s.db, m.Link.ID, now); err != nil {
			return err
		}
	}
	return nil
}
