package server

import (
	"context"
	"time"

	"oogst/harvest"
	"oogst/survey"
)

// orphanAge is how long an uploaded voice answer may wait for the reflection that
// names it (the tablet sends both together; its outbox retries within minutes).
const orphanAge = 24 * time.Hour

// retention deletes voice answers that no response refers to after a day, and (when a
// retention period is set) free text and voice answers older than it: in the survey's
// responses and in the outcomes harvested from them.
func (s *Server) retention(ctx context.Context, now time.Time) error {
	orphans, err := survey.PurgeOrphanAttachments(ctx, s.db, s.opt.DataDir, now.Add(-orphanAge))
	if err != nil {
		return err
	}
	if orphans > 0 {
		s.log.Info("retention", "orphan_voice_answers", orphans)
	}
	if s.opt.RetentionDays <= 0 {
		return nil
	}
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
