package server

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/locale"
	"oogst/people"
)

type codeChoice struct {
	ID      int64
	Name    string
	Checked bool
	Retired bool
}

type outcomeForm struct {
	SummaryNL, ChangeType, Intended, Significance, Status, Reason, Override string
	// Contribution: barriers, actor, strength, note (handler_outcomes_outcome_barriers.go).
	Contribution contributionForm
}

type outcomeData struct {
	O            harvest.Outcome
	Partnership  string
	CanEdit      bool
	History      []harvest.HistoryRow
	Codes        []codeChoice
	Form         outcomeForm
	Errors       map[string]string
	Statuses     []harvest.Status // current status first, then where it may go
	ChangeTypes  []string
	Intentions   []string
	Levels       []string
	HistLabels   map[string]string
	HistValues   []histValue  // History's values in the page's language, same order
	Inbox        template.URL // the inbox filter the outcome was opened from (query string)
	SourceDetail string       // the source's detail, an observer's role in the page's language
	Subs         []harvest.Substantiation
	SubstAsk     substForm               // a rejected substantiation request, as typed
	SubstLink    *substLink              // the personal link just made, shown once
	SubstLangs   []locale.Language       // languages a request can be made in
	CanMail      bool                    // a mail server is configured: the request form offers e-mail
	Doubt        *harvest.Substantiation // the latest answer that did not agree, unless someone agreed since
	Version      int64                   // the version the edit form carries
	Conflict     *conflictView           // a refused save over someone else's newer version
	// Translations are the story's working languages (handler_outcomes_translation.go).
	Translations []trSlot
	// Voices are the voice answers with their transcripts (handler_outcomes_transcript.go).
	Voices []voiceSlot
	// Barriers is the barriers, actor and contribution part of the form.
	Barriers barrierSection
	Notice   string // a refusal to show above the page (a stale "checked")
}

// historyFields label the fields named in an outcome's history.
var historyFields = map[string]string{
	"summary_nl": "harvest.outcome.summary_nl", "codes": "harvest.outcome.codes", "change_type": "harvest.outcome.change_type",
	"intended": "harvest.outcome.intended", "reviewer_significance": "harvest.outcome.reviewer_significance",
	"status": "harvest.outcome.status", "exclude_reason": "harvest.outcome.exclude_reason", "created": "harvest.history.created",
	"substantiation": "harvest.subst.heading", "confirm_override": "subst2.history.override",
	"barriers": "barriers.outcome.barriers", "actor": "barriers.outcome.actor",
	"contribution_strength": "barriers.outcome.strength", "significance_note": "barriers.outcome.note",
}

// outcomeDetail shows one outcome with its edit form (for reviewers) and history.
func (s *Server) outcomeDetail(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	d, err := s.outcomeData(c, id, nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "harvest_outcome", s.view(c, "harvest.outcome.title", d))
}

func (s *Server) outcomeData(c echo.Context, id int64, form *outcomeForm, checked map[int64]bool) (*outcomeData, error) {
	ctx := c.Request().Context()
	sc := scopeOf(c)
	o, err := harvest.Get(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	hist, err := harvest.History(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	d := &outcomeData{O: o, CanEdit: harvest.CanReview(sc, o.PartnershipID), History: hist,
		ChangeTypes: harvest.ChangeTypes, Intentions: harvest.Intentions, Levels: harvest.Significances, HistLabels: map[string]string{}}
	if d.Subs, err = harvest.Substantiations(ctx, s.db, sc, id); err != nil {
		return nil, err
	}
	d.Doubt = harvest.Doubt(d.Subs)
	d.SourceDetail = o.SourceDetail
	if o.Source == "observation" && slices.Contains(harvest.ObserverRoles, o.SourceDetail) {
		d.SourceDetail = s.loc(c).T("observer.role." + o.SourceDetail)
	}
	d.SubstLink, d.SubstLangs, d.CanMail = s.popSubstLink(c), substLanguages(), s.opt.Mailer != nil
	d.SubstAsk.Language = s.loc(c).Lang
	if d.HistValues, err = s.historyValues(c, o.PartnershipID, hist); err != nil {
		return nil, err
	}
	for f, id := range historyFields {
		d.HistLabels[f] = s.loc(c).T(id)
	}
	if d.Partnership, err = partnershipName(c, s, o.PartnershipID); err != nil {
		return nil, err
	}
	if form == nil {
		form = &outcomeForm{SummaryNL: o.SummaryNL, ChangeType: o.ChangeType, Intended: o.Intended, Significance: o.ReviewerSignificance, Status: string(o.Status)}
		form.Contribution = contributionOf(o)
	}
	d.Form = *form
	d.Version = o.Version
	if d.Translations, err = s.translationSlots(c, o, "", nil); err != nil {
		return nil, err
	}
	if d.Voices, err = s.voiceSlots(c, o, 0, nil); err != nil {
		return nil, err
	}
	// The inbox filter travels with the page (query on GET, hidden field on POST), so
	// "back" and "save and next" stay in the reviewer's list.
	inbox := c.QueryParams()
	if c.Request().Method == http.MethodPost {
		inbox, _ = url.ParseQuery(c.FormValue("inbox"))
	}
	d.Inbox = inboxLink(inboxFilter(inbox))
	if checked == nil {
		checked = map[int64]bool{}
		for _, cd := range o.Codes {
			checked[cd.ID] = true
		}
	}
	if d.CanEdit {
		codes, err := harvest.CodeTerms().List(ctx, s.db, sc, o.PartnershipID)
		if err != nil {
			return nil, err
		}
		lang := s.loc(c).Lang
		for _, cd := range codes {
			// A retired code is offered only where it is already on the outcome.
			if cd.RetiredAt != nil && !checked[cd.ID] {
				continue
			}
			d.Codes = append(d.Codes, codeChoice{ID: cd.ID, Name: cd.Name(lang), Checked: checked[cd.ID], Retired: cd.RetiredAt != nil})
		}
		d.Statuses = append([]harvest.Status{o.Status}, o.Status.Next()...)
		if d.Barriers, err = s.barrierSection(c, o, form.Contribution); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// partnershipName looks up a partnership's name among the caller's own: another
// partnership answers not found, and a storage error is returned, not shown as "".
func partnershipName(c echo.Context, s *Server, id int64) (string, error) {
	p, err := people.PartnershipByID(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return "", err
	}
	return p.Name, nil
}

// outcomeSave applies the reviewer's edit; on a validation error the form comes back
// with what was typed.
func (s *Server) outcomeSave(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := c.FormParams(); err != nil {
		return err
	}
	form := &outcomeForm{SummaryNL: c.FormValue("summary_nl"), ChangeType: c.FormValue("change_type"), Intended: c.FormValue("intended"),
		Significance: c.FormValue("reviewer_significance"), Status: c.FormValue("status"), Reason: c.FormValue("exclude_reason"),
		Override: c.FormValue("confirm_override")}
	codes := formIDs(c.Request().Form["code"])
	ch := harvest.Change{SummaryNL: &form.SummaryNL, ChangeType: &form.ChangeType, Intended: &form.Intended,
		ReviewerSignificance: &form.Significance, CodeIDs: &codes, Version: formVersion(c.FormValue("version"))}
	if form.Status != "" {
		ch.Status = &form.Status
	}
	form.Contribution = contributionFrom(c)
	form.Contribution.apply(&ch)
	if strings.TrimSpace(form.Reason) != "" {
		ch.Reason = &form.Reason
	}
	if strings.TrimSpace(form.Override) != "" {
		ch.ConfirmOverride = &form.Override
	}
	// "Save and next": the next outcome is found before saving, while this one still
	// has its place in the list.
	inbox, _ := url.ParseQuery(c.FormValue("inbox"))
	var next int64
	if c.FormValue("then") == "next" {
		if next, err = nextInInbox(c.Request().Context(), s.db, scopeOf(c), inboxFilter(inbox), id); err != nil {
			return err
		}
	}
	_, err = harvest.Update(c.Request().Context(), s.db, scopeOf(c), currentUser(c).ID, id, ch)
	fields, invalid := formErrors(s.loc(c), err, besideFields)
	if stale := apperr.IsStale(err); invalid || stale {
		checked := map[int64]bool{}
		for _, cd := range codes {
			checked[cd] = true
		}
		d, derr := s.outcomeData(c, id, form, checked)
		if derr != nil {
			return derr
		}
		status := http.StatusUnprocessableEntity
		if stale {
			status, d.Conflict = http.StatusConflict, outcomeConflict(s.loc(c), d, codes)
		}
		d.Errors = fields
		return s.render(c, status, "harvest_outcome", s.view(c, "harvest.outcome.title", d))
	}
	if err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("harvest.outcome.saved"))
	back := ""
	if q := inboxLink(inboxFilter(inbox)); q != "" {
		back = "?" + string(q)
	}
	switch {
	case c.FormValue("then") != "next":
		return c.Redirect(http.StatusSeeOther, "/outcomes/"+c.Param("id")+back)
	case next != 0:
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/outcomes/%d%s", next, back))
	}
	return c.Redirect(http.StatusSeeOther, "/outcomes"+back)
}
