package server

import (
	"net/http"
	"slices"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
	"oogst/markers"
	"oogst/survey"
)

// The partner's side of a marker survey: a plain server-rendered form at /m/:code.
//
// Why not the tablet (/r/:code)? It is made for cursists: it asks "who are you" from
// the group's cursists, talks to them in cursist wording and needs JavaScript. Partner
// staff get one link by e-mail, answer once on any browser, and must never see
// cursists. The code in the link is the round's join code, 16 symbols long (not 6) so
// it cannot be guessed, and it stops working when the round closes (the coordinator
// picks the day; closing the round early also ends it). The round is marked for_staff,
// so the tablet API lists no cursists for it either.

// sinks are the hooks every survey submission feeds (the Submitter has them too; an
// accepted undeliverable reflection is written with them directly).
func (s *Server) sinks() survey.Sinks {
	return survey.Sinks{Reflections: s.opt.Reflections, Responses: s.opt.Responses}
}

type surveyAnswerPage struct {
	Survey    markers.PublicSurvey
	Round     survey.PublicRound
	Code      string
	ID        string // the response's uuid: a resubmitted form is stored once
	Languages []string
	Values    map[string]string
	Errors    map[string]string
	Done      bool
}

// surveyAnswerLang: ?lang= or the page's language when the survey offers it, else Dutch.
func surveyAnswerLang(l *locale.Localizer, c echo.Context, offered []string) string {
	for _, l := range []string{c.QueryParam("lang"), c.FormValue("language"), l.Lang} {
		if slices.Contains(offered, l) {
			return l
		}
	}
	return "nl"
}

// loadSurveyAnswer resolves the code to an open-or-closed marker survey round.
func (s *Server) loadSurveyAnswer(c echo.Context) (*surveyAnswerPage, error) {
	ctx := c.Request().Context()
	r, v, def, err := survey.RoundByCode(ctx, s.db, c.Param("code"))
	if err != nil {
		return nil, err
	}
	ms, err := markers.SurveyForRound(ctx, s.db, r.ID)
	if err != nil {
		return nil, err
	}
	lang := surveyAnswerLang(s.loc(c), c, def.Languages)
	s.useLanguage(c, lang)
	pr, err := survey.PublicView(ctx, s.db, r, v, def, lang, s.now())
	if err != nil {
		return nil, err
	}
	return &surveyAnswerPage{Survey: ms, Round: pr, Code: r.Code, Languages: def.Languages, Values: map[string]string{}, Errors: map[string]string{}}, nil
}

// markersSurveyAnswer: GET /m/:code shows the self-assessment form.
func (s *Server) markersSurveyAnswer(c echo.Context) error {
	return s.withJoinLimit(c, func() error {
		p, err := s.loadSurveyAnswer(c)
		if err != nil {
			return err
		}
		p.ID = uuid.NewString()
		c.Response().Header().Set("Cache-Control", "no-store")
		return s.render(c, http.StatusOK, "markers_survey_answer", s.view(c, "markersurvey.answer.title", p))
	})
}

// markersSurveySubmit: POST /m/:code stores the answers through the survey engine
// (which hands them to markers as proposals).
func (s *Server) markersSurveySubmit(c echo.Context) error {
	return s.withJoinLimit(c, func() error {
		p, err := s.loadSurveyAnswer(c)
		if err != nil {
			return err
		}
		sub := survey.Submission{ID: c.FormValue("id"), Language: p.Round.Language, Answers: map[string]survey.Answer{}}
		for _, q := range p.Round.Form.Questions {
			val := c.FormValue(q.ID)
			p.Values[q.ID] = val
			sub.Answers[q.ID] = survey.TextAnswer(val)
		}
		p.ID = sub.ID
		// The same path as the tablets': validated, batched and acknowledged after commit.
		_, _, err = s.submitter.Submit(c.Request().Context(), p.Code, sub, s.now())
		if fe, ok := formErrors(s.loc(c), err, besideFields); ok {
			p.Errors = fe
			if _, bad := fe["id"]; bad {
				p.ID = uuid.NewString()
			}
			return s.render(c, http.StatusUnprocessableEntity, "markers_survey_answer", s.view(c, "markersurvey.answer.title", p))
		}
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindConflict {
			p.Errors["round"] = s.loc(c).T(e.Msg.ID)
			return s.render(c, http.StatusConflict, "markers_survey_answer", s.view(c, "markersurvey.answer.title", p))
		}
		if err != nil {
			return err
		}
		p.Done = true
		return s.render(c, http.StatusOK, "markers_survey_answer", s.view(c, "markersurvey.answer.title", p))
	})
}
