package server

import (
	"context"
	"time"

	"oogst/harvest"
	"oogst/survey"
)

// retention deletes free text and voice answers older than the retention period: in
// the survey's responses and in the outcomes harvested from them.
func (s *Server) retention(ctx context.Context, now time.Time) error {
	cutoff := now.AddDate(0, 0, -s.opt.RetentionDays)
	res, err := survey.PurgeBefore(ctx, s.db, s.opt.DataDir, cutoff, now)
	if err != nil {
		return err
	}
	outs, err := harvest.PurgeTextBefore(ctx, s.db, cutoff)
	if err != nil {
		return err
	}
	if res.Responses > 0 || res.Attachments > 0 || res.Undeliverable > 0 || outs > 0 {
		s.log.Info("retention", "responses", res.Responses, "voice_answers", res.Attachments, "undeliverable", res.Undeliverable, "outcomes", outs, "cutoff", cutoff.Format(time.DateOnly))
	}
	return nil
}
