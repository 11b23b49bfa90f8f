package server

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/people"
	"oogst/survey"
)

type consentPage struct {
	PartnershipID int64
	Version       string
	Default       bool
	DefaultText   map[string]string
	Texts         map[string]string
	Languages     []locale.Language
	Errors        map[string]string
	CanEdit       bool
}

// surveyConsent: GET /survey/consent/:pid shows the partnership's consent text, every
// language side by side; coordinators may save a new version.
func (s *Server) surveyConsent(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	version, texts, err := survey.ConsentTexts(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return err
	}
	return s.renderConsent(c, http.StatusOK, pid, version, texts, nil)
}

// surveyConsentSave: POST /survey/consent/:pid stores a new version.
func (s *Server) surveyConsentSave(c echo.Context) error {
	pid, err := pathID(c, "pid")
	if err != nil {
		return err
	}
	texts := map[string]string{}
	for _, l := range locale.Languages {
		texts[l.Tag] = c.FormValue("text_" + l.Tag)
	}
	version, err := survey.SaveConsent(c.Request().Context(), s.db, scopeOf(c), pid, texts, s.now())
	if err != nil {
		errs, ok := formErrors(s.loc(c), err, aboveForm)
		if !ok {
			return err
		}
		current, _, cerr := survey.ConsentTexts(c.Request().Context(), s.db, scopeOf(c), pid)
		if cerr != nil {
			return cerr
		}
		return s.renderConsent(c, http.StatusUnprocessableEntity, pid, current, texts, errs)
	}
	uid := scopeOf(c).UserID
	if err := people.Audit(c.Request().Context(), s.db, people.AuditEntry{PartnershipID: &pid, UserID: &uid, Action: people.AuditConsentSaved, Detail: version, IP: c.RealIP()}); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("survey.consent.saved", "Version", version))
	return c.Redirect(http.StatusSeeOther, "/survey/consent/"+strconv.FormatInt(pid, 10))
}

func (s *Server) renderConsent(c echo.Context, status int, pid int64, version string, texts, errs map[string]string) error {
	sc := scopeOf(c)
	p := &consentPage{PartnershipID: pid, Version: version, Default: version == "", Texts: texts, Languages: locale.Languages,
		Errors: errs, CanEdit: sc.Allows(pid, people.RoleCoordinator), DefaultText: map[string]string{}}
	if p.Default {
		p.Version = survey.DefaultConsentVersion
		for _, l := range locale.Languages {
			p.DefaultText[l.Tag] = s.bundle.Localizer(l.Tag).T("submit.consent_default")
		}
		if len(texts) == 0 {
			p.Texts = p.DefaultText
		}
	}
	return s.render(c, status, "survey_consent", s.view(c, "survey.consent.title", p))
}
