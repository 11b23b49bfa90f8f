package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
)

// voiceSlot is a voice answer on the outcome page with its transcript form.
type voiceSlot struct {
	harvest.VoiceSlot
	Form    string // what the form shows: the transcript, or what was typed
	Version int64  // 0: no transcript yet
	Open    bool
}

// voiceSlots lists the outcome's voice answers; typed, when set, is the form of
// attachment aid sent back after a conflict.
func (s *Server) voiceSlots(c echo.Context, o harvest.Outcome, aid int64, typed *string) ([]voiceSlot, error) {
	vs, err := harvest.VoiceSlots(c.Request().Context(), s.db, o)
	if err != nil {
		return nil, err
	}
	out := make([]voiceSlot, len(vs))
	for i, v := range vs {
		out[i] = voiceSlot{VoiceSlot: v, Form: v.T.Text}
		if v.Exists {
			out[i].Version = v.T.Version
		}
		if typed != nil && v.AttachmentID == aid {
			out[i].Form, out[i].Open = *typed, true
		}
	}
	return out, nil
}

// transcriptSave stores a reviewer's transcript of a voice answer; a save over one
// changed meanwhile is a conflict showing both, the typed text kept.
func (s *Server) transcriptSave(c echo.Context) error {
	id, aid, err := pathIDs(c, "id", "aid")
	if err != nil {
		return err
	}
	text := c.FormValue("transcript")
	_, err = harvest.SaveTranscript(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, aid, text, translationVersion(c.FormValue("transcript_version")))
	if apperr.IsStale(err) {
		d, derr := s.outcomeData(c, id, nil, nil)
		if derr != nil {
			return derr
		}
		if d.Voices, derr = s.voiceSlots(c, d.O, aid, &text); derr != nil {
			return derr
		}
		cv := &conflictView{}
		for _, v := range d.Voices {
			if v.AttachmentID == aid {
				cv.At = conflictTime(v.T.UpdatedAt)
				cv.Rows = []conflictRow{{s.loc(c).T("translate.transcript"), v.T.Text, strings.TrimSpace(text)}}
			}
		}
		d.Conflict = cv
		return s.render(c, http.StatusConflict, "harvest_outcome", s.view(c, "harvest.outcome.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("translate.transcript_saved"))
	return c.Redirect(http.StatusSeeOther, s.outcomeBack(c, id, fmt.Sprintf("voice-%d", aid)))
}
