package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
)

// The public tablet API. The join code is the capability: whoever holds it may read
// the round's questions, the first names of its group and post answers. Failed code
// lookups are rate limited per IP so codes cannot be guessed.

// withJoinLimit runs fn under the join-code rate limit of the caller's client IP: a
// NotFound from fn counts as a failed attempt. A client this process has seen fail
// reserves its attempt before the lookup (one atomic count, given back when the code
// was right), so parallel guesses cannot pass the limit together; clients that never
// failed cost no write. Nobody else's guesses count against a client.
func (s *Server) withJoinLimit(c echo.Context, fn func() error) error {
	ctx := c.Request().Context()
	ip := clientIP(c)
	key := "join:" + ip
	reserved := false
	if s.joinSuspects.suspect(ip, s.now()) {
		if _, err := people.Reserve(ctx, s.db, key, people.JoinCodePerIP, s.now()); err != nil {
			return err
		}
		reserved = true
	}
	err := fn()
	switch {
	case apperr.Is(err, apperr.KindNotFound):
		s.joinSuspects.mark(ip, s.now())
		if !reserved {
			if _, rerr := people.Bump(ctx, s.db, key, people.JoinCodePerIP, s.now()); rerr != nil {
				s.log.Warn("record join failure", "err", rerr)
			}
		}
	case reserved:
		if rerr := people.Release(context.WithoutCancel(ctx), s.db, key); rerr != nil {
			s.log.Warn("release join attempt", "err", rerr)
		}
	}
	return err
}

// useLanguage makes errors of this request come in lang (a cursist's chosen language
// beats the browser's Accept-Language).
func (s *Server) useLanguage(c echo.Context, lang string) {
	if locale.Supported(lang) {
		c.Set(ctxLocalizer, s.bundle.Localizer(lang))
	}
}

// apiRound: GET /api/v1/rounds/:code?lang=xx
func (s *Server) apiRound(c echo.Context) error {
	lang := c.QueryParam("lang")
	s.useLanguage(c, lang)
	return s.withJoinLimit(c, func() error {
		out, err := s.publicRound(c.Request().Context(), c.Param("code"), lang)
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, toAPIPublicRound(out))
	})
}

// publicRound is a round as the tablet sees it in lang: questions, consent and, while
// it is open, a fresh start token. The round JSON and the tablet page (which carries it,
// saving the tablet a round trip on slow wifi) both use it.
func (s *Server) publicRound(ctx context.Context, code, lang string) (survey.PublicRound, error) {
	r, v, def, err := survey.RoundByCode(ctx, s.db, code)
	if err != nil {
		return survey.PublicRound{}, err
	}
	out, err := survey.PublicView(ctx, s.db, r, v, def, lang, s.now())
	if err != nil {
		return out, err
	}
	consent, ok, err := survey.CurrentConsent(ctx, s.db, r.PartnershipID, out.Language)
	if err != nil {
		return out, err
	}
	if !ok {
		consent = survey.Consent{Version: survey.DefaultConsentVersion, Text: s.bundle.Localizer(out.Language).T("submit.consent_default")}
	}
	out.Consent = &consent
	if out.Open {
		out.Started = s.signer.Token(r.ID, s.now())
	}
	return out, nil
}

// apiRoundSubmit: POST /api/v1/rounds/:code/responses (201 first time, 200 on a retry
// with the same id and the same body, 409 when the round is closed or the id belongs to
// another round, 422 with a message per field or question).
func (s *Server) apiRoundSubmit(c echo.Context) error {
	var body survey.Submission // documented as apiSubmission
	dec := json.NewDecoder(c.Request().Body)
	if err := dec.Decode(&body); err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return err
		}
		v := apperr.Invalid{}
		v.Add("body", "submit.bad_body")
		return v.Err()
	}
	s.useLanguage(c, body.Language)
	return s.withJoinLimit(c, func() error {
		out, created, err := s.submitter.Submit(c.Request().Context(), c.Param("code"), body, s.now())
		if err != nil {
			return err
		}
		status := http.StatusOK
		if created {
			status = http.StatusCreated
		}
		return c.JSON(status, toAPIStoredResponse(out))
	})
}

// apiRoundCursists: GET /api/v1/rounds/:code/cursists lists the round group's codes and
// first names so a cursist can pick herself on the tablet. Showing first names to
// whoever holds the join code is accepted: the code is only handed out in that group's
// classroom, and no other personal data is listed. A closed round lists nobody, nor
// does a round whose coordinator chose personal codes or anonymous answers.
func (s *Server) apiRoundCursists(c echo.Context) error {
	return s.withJoinLimit(c, func() error {
		ctx := c.Request().Context()
		r, _, _, err := survey.RoundByCode(ctx, s.db, c.Param("code"))
		if err != nil {
			return err
		}
		items := []apiRoundCursist{}
		if r.IsOpen(s.now()) && r.ListsCursists() {
			cs, err := survey.RoundCursists(ctx, s.db, r)
			if err != nil {
				return err
			}
			for _, x := range cs {
				items = append(items, apiRoundCursist{Code: x.Code, FirstName: x.FirstName, NativeName: x.DisplayNameNative})
			}
		}
		c.Response().Header().Set("Cache-Control", "no-store")
		return c.JSON(http.StatusOK, listOf(items))
	})
}

// apiRoundAudio: POST /api/v1/rounds/:code/audio, multipart with "id" (client uuid) and
// "file" (webm, ogg, mp4/m4a or wav, checked by content). 201 first time, 200 again.
func (s *Server) apiRoundAudio(c echo.Context) error {
	s.useLanguage(c, c.QueryParam("lang"))
	return s.withJoinLimit(c, func() error {
		fh, err := c.FormFile("file")
		if err != nil {
			if strings.Contains(err.Error(), "request body too large") {
				return &tooLargeError{limit: s.opt.MaxUploadBytes}
			}
			if db.IsStorageFull(err) { // the multipart temp file did not fit
				return db.StorageFull(err)
			}
			v := apperr.Invalid{}
			v.Add("file", "submit.audio_missing")
			return v.Err()
		}
		// Before the upload is looked at: an address past its hourly quota stores
		// nothing more until the hour is over.
		ip := c.RealIP()
		if err := s.uploadsByIP.check(ip, fh.Size, s.now()); err != nil {
			return err
		}
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		a, created, err := survey.SaveAttachmentWithin(c.Request().Context(), s.db, s.opt.DataDir, c.Param("code"), c.FormValue("id"), f,
			s.opt.MaxUploadBytes, s.opt.UploadQuotaRoundBytes, s.now())
		if err != nil {
			return err
		}
		if created {
			s.uploadsByIP.add(ip, a.Size, s.now())
		}
		status := http.StatusOK
		if created {
			status = http.StatusCreated
		}
		return c.JSON(status, apiAttachment{ID: a.ClientID, Size: a.Size, Mime: a.Mime})
	})
}

// apiRoundPrompt: GET /api/v1/rounds/:code/audio/prompts/:question/:lang plays the
// audio prompt a coordinator recorded for that question and language.
func (s *Server) apiRoundPrompt(c echo.Context) error {
	return s.withJoinLimit(c, func() error {
		ctx := c.Request().Context()
		r, _, _, err := survey.RoundByCode(ctx, s.db, c.Param("code"))
		if err != nil {
			return err
		}
		// One row, not the form's every prompt: a tablet fetches them all when it
		// prepares for offline use.
		p, err := survey.PromptFor(ctx, s.db, r.FormID, c.Param("question"), c.Param("lang"))
		if err != nil {
			return err
		}
		c.Response().Header().Set("Cache-Control", "public, max-age=86400")
		return s.serveUpload(c, p.FileName, p.Mime)
	})
}

// serveUpload streams a stored upload with its checked content type (range requests
// work, so audio players can seek).
func (s *Server) serveUpload(c echo.Context, file, mime string) error {
	f, err := os.Open(filepath.Join(survey.UploadsDir(s.opt.DataDir), filepath.Base(file)))
	if err != nil {
		if os.IsNotExist(err) {
			return apperr.NotFound()
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Type", mime)
	http.ServeContent(c.Response(), c.Request(), "", st.ModTime(), f)
	return nil
}
