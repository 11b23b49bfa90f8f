package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
	"oogst/people"
	"oogst/survey"
)

// trSlot is one working language on the outcome page: the stored translation and the
// edit form's values (what was typed, after a refused save).
type trSlot struct {
	harvest.TranslationSlot
	Form    harvest.TranslationInput
	Version int64 // what the edit form carries: 0 when there is none yet
	Open    bool  // the edit form starts open
}

// translationSlots builds the outcome page's translation cards; typed, when set, is
// the form of lang sent back after a conflict, at the version now stored.
func (s *Server) translationSlots(c echo.Context, o harvest.Outcome, lang string, typed *harvest.TranslationInput) ([]trSlot, error) {
	slots, err := harvest.TranslationSlots(c.Request().Context(), s.db, scopeOf(c), o)
	if err != nil {
		return nil, err
	}
	var out []trSlot
	for _, sl := range slots {
		if !sl.NeedsStory && sl.Lang == "nl" {
			continue // a Dutch story in a Dutch partnership: the review form has the summary
		}
		v := trSlot{TranslationSlot: sl, Version: 0}
		if sl.Exists {
			v.Version = sl.T.Version
		}
		v.Form = harvest.TranslationInput{Change: sl.T.ChangeText, Significance: sl.T.SignificanceText, Contribution: sl.T.ContributionText, Summary: sl.T.Summary}
		if typed != nil && sl.Lang == lang {
			v.Form, v.Open = *typed, true
		}
		out = append(out, v)
	}
	return out, nil
}

// translationVersion reads the version a translation form was loaded at: 0 means
// "there was none yet", which is checked too (someone may have written one since).
func translationVersion(v string) *int64 {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return nil
	}
	return &n
}

// translationSave stores a reviewer's translation of the story (and the summary in
// that language). A save over a translation someone else changed meanwhile comes
// back as a conflict with both versions, the typed text kept.
func (s *Server) translationSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	lang := c.Param("lang")
	in := harvest.TranslationInput{Change: c.FormValue("change"), Significance: c.FormValue("significance"),
		Contribution: c.FormValue("contribution"), Summary: c.FormValue("summary"), Version: translationVersion(c.FormValue("translation_version"))}
	_, err = harvest.SaveTranslation(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, lang, in)
	if apperr.IsStale(err) {
		d, derr := s.outcomeData(c, id, nil, nil)
		if derr != nil {
			return derr
		}
		if d.Translations, derr = s.translationSlots(c, d.O, lang, &in); derr != nil {
			return derr
		}
		d.Conflict = s.translationConflict(c, d, lang, in)
		return s.render(c, http.StatusConflict, "harvest_outcome", s.view(c, "harvest.outcome.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("translate.saved"))
	return c.Redirect(http.StatusSeeOther, s.outcomeBack(c, id, "translation-"+url.PathEscape(lang)))
}

// translationCheck marks a machine draft as checked by the caller.
func (s *Server) translationCheck(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	lang := c.Param("lang")
	err = harvest.CheckTranslation(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, lang, formVersion(c.FormValue("translation_version")))
	if apperr.IsStale(err) {
		// Someone changed the draft since the page was shown: show it again as it is
		// now, to be read before checking.
		d, derr := s.outcomeData(c, id, nil, nil)
		if derr != nil {
			return derr
		}
		d.Notice = s.loc(c).T("translate.check_stale")
		return s.render(c, http.StatusConflict, "harvest_outcome", s.view(c, "harvest.outcome.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("translate.checked_flash"))
	return c.Redirect(http.StatusSeeOther, s.outcomeBack(c, id, "translation-"+url.PathEscape(lang)))
}

// outcomeBack is the outcome page at anchor (a card), in the reviewer's inbox filter.
func (s *Server) outcomeBack(c echo.Context, id int64, anchor string) string {
	inbox, _ := url.ParseQuery(c.FormValue("inbox"))
	back := fmt.Sprintf("/outcomes/%d", id)
	if q := inboxLink(inboxFilter(inbox)); q != "" {
		back += "?" + string(q)
	}
	return back + "#" + anchor
}

// translationConflict lists the stored translation beside what the reviewer typed.
func (s *Server) translationConflict(c echo.Context, d *outcomeData, lang string, typed harvest.TranslationInput) *conflictView {
	l := s.loc(c)
	cur, _ := d.O.In(lang)
	cv := &conflictView{By: "", At: conflictTime(cur.UpdatedAt)}
	for _, sl := range d.Translations {
		if sl.Lang == lang {
			cv.By = sl.CheckerName
		}
	}
	cv.Rows = []conflictRow{
		{l.T("harvest.outcome.change"), cur.ChangeText, strings.TrimSpace(typed.Change)},
		{l.T("harvest.outcome.significance"), cur.SignificanceText, strings.TrimSpace(typed.Significance)},
		{l.T("harvest.outcome.contribution"), cur.ContributionText, strings.TrimSpace(typed.Contribution)},
		{l.T("translate.summary"), cur.Summary, strings.TrimSpace(typed.Summary)},
	}
	return cv
}

// workingLanguagesSave sets a partnership's working languages from its coordinator's
// partnership page; adminWorkingLanguagesSave from the admin's.
func (s *Server) workingLanguagesSave(c echo.Context) error {
	return s.saveWorkingLanguages(c, harvest.SetWorkingLanguages, "/people/%d#working-languages")
}

func (s *Server) adminWorkingLanguagesSave(c echo.Context) error {
	return s.saveWorkingLanguages(c, harvest.AdminSetWorkingLanguages, "/admin/partnerships/%d#working-languages")
}

func (s *Server) saveWorkingLanguages(c echo.Context, set func(context.Context, *db.DB, people.Scope, int64, []string) error, back string) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := c.FormParams(); err != nil {
		return err
	}
	err = set(c.Request().Context(), s.db, scopeOf(c), id, c.Request().Form["working_language"])
	if _, invalid := formErrors(s.loc(c), err, besideFields); invalid {
		s.flash(c, s.loc(c).T("translate.error.working_languages"))
	} else if err != nil {
		return err
	} else {
		s.flash(c, s.loc(c).T("translate.working_saved"))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf(back, id))
}

// wlChoice is one checkbox of the working-languages form.
type wlChoice struct {
	Tag     string
	Checked bool
}

// workingLanguageChoices reads a partnership's working languages as checkboxes.
func (s *Server) workingLanguageChoices(c echo.Context, pid int64) ([]wlChoice, error) {
	langs, err := harvest.PartnershipLanguages(c.Request().Context(), s.db, scopeOf(c), pid)
	if err != nil {
		return nil, err
	}
	var out []wlChoice
	for _, t := range harvest.WorkingLanguageChoices {
		ch := wlChoice{Tag: t}
		for _, l := range langs {
			ch.Checked = ch.Checked || l == t
		}
		out = append(out, ch)
	}
	return out, nil
}

// openVoice opens a voice answer's file for the transcription worker.
func (s *Server) openVoice(ctx context.Context, id int64) (io.ReadCloser, string, error) {
	a, err := survey.AttachmentByID(ctx, s.db, id)
	if err != nil {
		return nil, "", err
	}
	f, err := os.Open(survey.VoicePath(s.opt.DataDir, a))
	if err != nil {
		return nil, "", fmt.Errorf("server: voice answer %d: %w", id, err)
	}
	return f, filepath.Base(a.FileName), nil
}
