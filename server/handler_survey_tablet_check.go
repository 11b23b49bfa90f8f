package server

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/survey"
)

// tabletReadWords are the tablet's own words the Listen button reads (titles, buttons,
// the welcome and the consent's key points); a recording of each is looked up under
// "_" + message ID. scripts/synth-demo-prompts.py synthesises the same list.
var tabletReadWords = []string{"tablet.consent_title", "tablet.consent_yes", "tablet.consent_no", "tablet.who_title",
	"tablet.who_pick", "tablet.who_anonymous", "tablet.next", "tablet.back", "tablet.voice_start", "tablet.review_title",
	"tablet.send", "tablet.thanks_title", "tablet.thanks_sent", "tablet.next_person",
	"tablet3.welcome_title", "tablet3.welcome_text", "tablet3.start", "tablet3.consent_keep",
	"tablet3.consent_who", "tablet3.consent_rights", "tablet3.who_yes", "tablet3.who_no", "tablet3.who_code",
	"tablet4.another_change"}

// tabletCheckLang is one row of the tablet check: what is recorded in one language.
// Whether the device has a voice is filled in by the browser (js/tabletcheck.js).
type tabletCheckLang struct {
	Tag, Name, Dir               string
	Questions, QuestionsRecorded int
	Options, OptionsRecorded     int
	Words, WordsRecorded         int
	ConsentRecorded, AllRecorded bool
}

type tabletCheckData struct {
	Round     survey.RoundSummary
	Languages []tabletCheckLang
}

// surveyRoundTabletCheck: GET /survey/rounds/:id/tablet-check shows, per language of
// the round, which prompts are recorded, and (in the browser) whether this device can
// speak the language, so a teacher knows before class whether Listen will work.
func (s *Server) surveyRoundTabletCheck(c echo.Context) error {
	r, err := s.loadRound(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	_, _, def, err := survey.RoundByCode(ctx, s.db, r.Code) // r is in the caller's scope
	if err != nil {
		return err
	}
	prompts, err := survey.Prompts(ctx, s.db, r.FormID)
	if err != nil {
		return err
	}
	consent, ok, err := survey.CurrentConsent(ctx, s.db, r.PartnershipID, locale.Default)
	if err != nil {
		return err
	}
	version := survey.DefaultConsentVersion
	if ok {
		version = consent.Version
	}
	has := func(key, lang string) bool { _, ok := prompts[key][lang]; return ok }
	data := &tabletCheckData{Round: r}
	for _, l := range locale.Languages {
		if !slices.Contains(def.Languages, l.Tag) {
			continue
		}
		row := tabletCheckLang{Tag: l.Tag, Name: l.Name, Dir: locale.Dir(l.Tag), Words: len(tabletReadWords),
			ConsentRecorded: has(survey.ConsentPromptKey(version), l.Tag)}
		for _, q := range def.Questions {
			row.Questions++
			if has(q.ID, l.Tag) {
				row.QuestionsRecorded++
			}
			for _, o := range q.Options {
				row.Options++
				if has(survey.OptionPromptKey(q.ID, o.ID), l.Tag) {
					row.OptionsRecorded++
				}
			}
		}
		for _, w := range tabletReadWords {
			if has("_"+w, l.Tag) {
				row.WordsRecorded++
			}
		}
		row.AllRecorded = row.ConsentRecorded && row.QuestionsRecorded == row.Questions &&
			row.OptionsRecorded == row.Options && row.WordsRecorded == row.Words
		data.Languages = append(data.Languages, row)
	}
	v := s.view(c, "tabletcheck.title", data)
	return s.render(c, http.StatusOK, "survey_tablet_check", v)
}
