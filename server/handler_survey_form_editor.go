package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
)

type surveyFormData struct {
	Form      survey.Form
	Def       survey.Definition
	Editable  bool
	Checks    map[string]bool
	Prompts   map[string]map[string]survey.Prompt
	Latest    int
	AllLangs  []locale.Language
	Offered   []locale.Language
	QTypes    []survey.QType
	Roles     []string
	Errors    map[string]string
	Copyables []people.PartnershipWithRole // where a read-only form can be copied to
	EmptyRows []int                        // blank option rows to add choices
	NewQ      newQuestion                  // the add-question form as typed, after an error
	Unsaved   bool                         // Def shows rejected edits, not the stored draft
	Hashes    map[string]string            // question id → QuestionHash of the stored draft
	Stale     bool                         // the save was refused: someone else saved first
	Edited    string                       // the form sent back as typed: "settings" or a question id
	Conflict  *conflictView
}

// newQuestion is the add-question form.
type newQuestion struct {
	Type, ID, Text string
}

// keepTyped puts what a rejected edit typed back on the editor.
type keepTyped func(*surveyFormData)

// surveyFormPage renders the editor with optional field errors.
func (s *Server) surveyFormPage(c echo.Context, id int64, status int, fieldErrs map[string]string, keep keepTyped) error {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	f, def, err := survey.GetForm(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	checks, err := survey.TranslationChecks(ctx, s.db, f, def)
	if err != nil {
		return err
	}
	prompts, err := survey.Prompts(ctx, s.db, f.ID)
	if err != nil {
		return err
	}
	data := &surveyFormData{Form: f, Def: def, Checks: checks, Prompts: prompts, AllLangs: locale.Languages,
		QTypes: survey.QTypes, Roles: survey.Roles, Errors: fieldErrs, EmptyRows: []int{1, 2},
		Editable: f.PartnershipID != nil && sc.Allows(*f.PartnershipID, people.RoleCoordinator)}
	data.Hashes = map[string]string{}
	for _, q := range def.Questions {
		data.Hashes[q.ID] = survey.QuestionHash(q)
	}
	data.Stale = status == http.StatusConflict
	if keep != nil {
		keep(data)
	}
	for _, l := range locale.Languages {
		if data.Def.Offers(l.Tag) {
			data.Offered = append(data.Offered, l)
		}
	}
	if v, err := survey.LatestVersion(ctx, s.db, f.ID); err == nil {
		data.Latest = v.Version
	}
	if !data.Editable {
		if data.Copyables, err = s.coordinating(c); err != nil {
			return err
		}
	}
	v := s.view(c, "", data)
	v.Title = f.Name
	if status != http.StatusOK {
		v.Path = fmt.Sprintf("/survey/forms/%d", id) // shown in answer to a POST
	}
	return s.render(c, status, "survey_form", v)
}

// surveyForm: GET /survey/forms/:id shows the editor (read-only for partners and for
// built-in forms).
func (s *Server) surveyForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.surveyFormPage(c, id, http.StatusOK, nil, nil)
}

// afterEdit shows validation errors on the editor, or goes back to it.
// keep (may be nil) restores what was typed on the re-rendered editor.
func (s *Server) afterEdit(c echo.Context, id int64, err error, anchor string, keep keepTyped) error {
	if apperr.IsStale(err) {
		return s.surveyFormPage(c, id, http.StatusConflict, nil, keep)
	}
	if msgs, ok := formErrors(s.loc(c), err, besideFields); ok {
		return s.surveyFormPage(c, id, http.StatusUnprocessableEntity, msgs, keep)
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("survey.form.saved"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/forms/%d%s", id, anchor))
}

// surveyFormSettings: POST /survey/forms/:id saves the title per language and the
// offered languages.
func (s *Server) surveyFormSettings(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var base survey.EditBase
	if v := formVersion(form.Get("version")); v != nil {
		base.Version = *v
	}
	title := sentTexts(form, "title_", 0)
	next, err := survey.EditFormFrom(c.Request().Context(), s.db, scopeOf(c), id, base, s.now(), func(def *survey.Definition) error {
		def.SetSettings(form["languages"], title)
		return nil
	})
	return s.afterEdit(c, id, err, "", func(d *surveyFormData) {
		if d.Stale {
			d.Conflict = s.settingsConflict(c, d, next)
		}
		d.Def, d.Unsaved, d.Edited = next, true, "settings"
	})
}

// sentTexts reads the i-th value of prefix<lang> for every language the form sent.
func sentTexts(form url.Values, prefix string, i int) map[string]string {
	out := map[string]string{}
	for _, l := range locale.Tags() {
		if vs := form[prefix+l]; i < len(vs) {
			out[l] = vs[i]
		}
	}
	return out
}

// questionEdit reads the editor's question form. Options come as parallel lists
// option_id, option_icon, option_text_<lang>.
func questionEdit(form url.Values) survey.QuestionEdit {
	e := survey.QuestionEdit{New: form.Get("new") != "", ID: form.Get("id"), Type: survey.QType(form.Get("type")),
		Required: form.Get("required") != "", AllowVoice: form.Get("allow_voice") != "", Role: form.Get("role"),
		Text: sentTexts(form, "text_", 0), Help: sentTexts(form, "help_", 0)}
	if n, err := strconv.Atoi(form.Get("min")); err == nil {
		e.Min = &n
	}
	if n, err := strconv.Atoi(form.Get("max")); err == nil {
		e.Max = &n
	}
	icons := form["option_icon"]
	for i, oid := range form["option_id"] {
		o := survey.OptionEdit{ID: oid, Text: sentTexts(form, "option_text_", i)}
		if i < len(icons) {
			o.Icon = icons[i]
		}
		e.Options = append(e.Options, o)
	}
	return e
}

// surveyQuestionSave: POST /survey/forms/:id/questions adds a question or replaces the
// one with the posted id. Texts come as text_<lang>, help_<lang>; options as parallel
// lists option_id, option_icon, option_text_<lang>.
func (s *Server) surveyQuestionSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var qid string
	applied := false // the edit reached the definition (then only validation can have failed)
	var base survey.EditBase
	if form.Get("new") == "" && form.Get("base") != "" {
		base = survey.EditBase{Question: strings.TrimSpace(form.Get("id")), Hash: form.Get("base")}
	}
	next, err := survey.EditFormFrom(c.Request().Context(), s.db, scopeOf(c), id, base, s.now(), func(def *survey.Definition) error {
		var err error
		qid, err = def.SaveQuestion(questionEdit(form))
		applied = err == nil
		return err
	})
	return s.afterEdit(c, id, err, "#q-"+qid, func(d *surveyFormData) {
		if form.Get("new") != "" {
			// A new question is offered again in the add form, not as a row of the list.
			d.NewQ = newQuestion{Type: form.Get("type"), ID: form.Get("id"), Text: form.Get("text_nl")}
			return
		}
		if applied {
			if d.Stale {
				d.Conflict = s.questionConflict(c, d, next, qid)
			}
			d.Def, d.Unsaved, d.Edited = next, true, qid
		}
	})
}

// surveyQuestionDelete: POST /survey/forms/:id/questions/:qid/delete
func (s *Server) surveyQuestionDelete(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = survey.DeleteQuestion(c.Request().Context(), s.db, scopeOf(c), id, c.Param("qid"), s.now())
	return s.afterEdit(c, id, err, "", nil)
}

// surveyTranslationConfirm: POST /survey/forms/:id/translations/:lang/confirm
func (s *Server) surveyTranslationConfirm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	err = survey.ConfirmTranslation(c.Request().Context(), s.db, scopeOf(c), id, c.Param("lang"), s.now())
	return s.afterEdit(c, id, err, "#translations", nil)
}

// surveyFormPublish: POST /survey/forms/:id/publish freezes the draft as a new version.
func (s *Server) surveyFormPublish(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := survey.Publish(c.Request().Context(), s.db, scopeOf(c), id, s.now())
	if err == nil {
		s.flash(c, s.loc(c).T("survey.form.published", "Version", v.Version))
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/forms/%d", id))
	}
	return s.afterEdit(c, id, err, "", nil)
}

// surveyPromptUpload: POST /survey/forms/:id/audio (multipart: question, lang, file)
// stores the audio prompt of a question in a language.
func (s *Server) surveyPromptUpload(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return s.afterEdit(c, id, apperr.Invalid{"file": apperr.Msg("submit.audio_missing")}.Err(), "", nil)
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = survey.SavePrompt(c.Request().Context(), s.db, scopeOf(c), s.opt.DataDir, id, c.FormValue("question"), c.FormValue("lang"), f, s.opt.MaxUploadBytes, s.now())
	return s.afterEdit(c, id, err, "#q-"+c.FormValue("question"), nil)
}

// surveyPromptPlay: GET /survey/forms/:id/audio/:qid/:lang lets staff listen to a
// recorded prompt in the editor.
func (s *Server) surveyPromptPlay(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, _, err := survey.GetForm(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	ps, err := survey.Prompts(ctx, s.db, f.ID)
	if err != nil {
		return err
	}
	p, ok := ps[c.Param("qid")][c.Param("lang")]
	if !ok {
		return apperr.NotFound()
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return s.serveUpload(c, p.FileName, p.Mime)
}

type surveyPreviewData struct {
	Form     survey.Form
	Round    survey.PublicRound
	Offered  []locale.Language
	Language string
}

// surveyFormPreview: GET /survey/forms/:id/preview?lang=xx shows the draft as a
// cursist sees it in that language (fallbacks to Dutch marked).
func (s *Server) surveyFormPreview(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	f, def, err := survey.GetForm(ctx, s.db, scopeOf(c), id)
	if err != nil {
		return err
	}
	lang := c.QueryParam("lang")
	if !def.Offers(lang) {
		lang = locale.Default
	}
	pr, err := survey.PublicView(ctx, s.db, survey.Round{FormID: f.ID, Title: f.Name}, survey.FormVersion{FormID: f.ID}, def, lang, s.now())
	if err != nil {
		return err
	}
	for i := range pr.Form.Questions {
		q := &pr.Form.Questions[i]
		if q.AudioURL != "" {
			q.AudioURL = fmt.Sprintf("/survey/forms/%d/audio/%s/%s", f.ID, q.ID, lang)
		}
	}
	data := &surveyPreviewData{Form: f, Round: pr, Language: lang}
	for _, l := range locale.Languages {
		if def.Offers(l.Tag) {
			data.Offered = append(data.Offered, l)
		}
	}
	v := s.view(c, "survey.preview.title", data)
	return s.render(c, http.StatusOK, "survey_preview", v)
}
