package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/harvest"
	"oogst/people"
)

type adminIndexPage struct {
	Partnerships []people.PartnershipSummary
	Users        []people.UserSummary
	Translation  translationStatus
}

// translationStatus is the admin's line on the machine translation service: which one,
// its last success and error, and the queue (a failing service never blocks review,
// so this is where it shows).
type translationStatus struct {
	Service string // "" when none is configured
	harvest.TranslationHealth
	// VoiceService is the speech-to-text service ("" when none), with its queue.
	VoiceService              string
	VoicePending, VoiceFailed int64
}

// adminIndex lists partnerships and accounts for platform admins.
func (s *Server) adminIndex(c echo.Context) error {
	ctx, sc := c.Request().Context(), scopeOf(c)
	ps, err := people.AdminPartnerships(ctx, s.db, sc)
	if err != nil {
		return err
	}
	us, err := people.AdminUsers(ctx, s.db, sc)
	if err != nil {
		return err
	}
	pg := &adminIndexPage{Partnerships: ps, Users: us}
	if s.opt.Translator != nil || s.opt.Transcriber != nil {
		if pg.Translation.TranslationHealth, err = harvest.TranslationState(ctx, s.db); err != nil {
			return err
		}
	}
	if s.opt.Translator != nil {
		pg.Translation.Service = s.opt.Translator.Name()
	}
	if s.opt.Transcriber != nil {
		pg.Translation.VoiceService = s.opt.Transcriber.Name()
		if pg.Translation.VoicePending, pg.Translation.VoiceFailed, err = harvest.TranscriptionQueue(ctx, s.db); err != nil {
			return err
		}
	}
	return s.render(c, http.StatusOK, "admin_index", s.view(c, "admin.title", pg))
}

// PendingN and FailedN are the queue counts as int, for plural messages.
func (t translationStatus) PendingN() int { return int(t.Pending) }
func (t translationStatus) FailedN() int  { return int(t.Failed) }

// VoicePendingN and VoiceFailedN are the transcription queue counts as int.
func (t translationStatus) VoicePendingN() int { return int(t.VoicePending) }
func (t translationStatus) VoiceFailedN() int  { return int(t.VoiceFailed) }
