package server

import (
	"context"
	"time"

	"oogst/survey"
)

// retention deletes free text and voice answers older than the retention period. The
// harvest domain adds its own part when outcomes keep copies of the text.
func (s *Server) retention(ctx context.Context, now time.Time) error {
	cutoff := now.AddDate(0, 0, -s.opt.RetentionDays)
	res, err := survey.PurgeBefore(ctx, s.db, s.opt.DataDir, cutoff, now)
	if err != nil {
		return err
	}
	if res.Responses > 0 || res.Attachments > 0 {
		s.log.Info("retention", "responses", res.Responses, "voice_answers", res.Attachments, "cutoff", cutoff.Format(time.DateOnly))
	}
	return nil
}
