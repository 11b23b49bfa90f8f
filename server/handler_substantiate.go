package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/harvest"
	"oogst/locale"
)

// substForm is the "ask someone to substantiate" form as typed, with its errors.
type substForm struct {
	Name, Role, Email, Language string
	Errors                      map[string]string
}

// substLink is the personal link just made, shown once on the outcome page with a
// copy button (it is kept in the session only until that page is shown).
type substLink struct {
	Message string `json:"message"`
	URL     string `json:"url"`
}

// substantiationRequest makes a personal link for an independent person. With an
// e-mail address and a mail server the link is mailed; it is shown once either way.
func (s *Server) substantiationRequest(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := harvest.SubstRequest{Name: c.FormValue("name"), Role: c.FormValue("role"), Email: c.FormValue("email"), Language: c.FormValue("language")}
	if s.opt.Mailer == nil {
		in.Email = "" // the field is not offered: nothing would send it
	}
	token, sub, err := harvest.RequestSubstantiation(ctx, s.db, scopeOf(c), currentUser(c).ID, id, in, s.now())
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		d, derr := s.outcomeData(c, id, nil, nil)
		if derr != nil {
			return derr
		}
		d.SubstAsk = substForm{Name: in.Name, Role: in.Role, Email: in.Email, Language: in.Language, Errors: fields}
		v := s.view(c, "harvest.outcome.title", d)
		v.Path = "/outcomes/" + c.Param("id")
		return s.render(c, http.StatusUnprocessableEntity, "harvest_outcome", v)
	}
	if err != nil {
		return err
	}
	l := s.loc(c)
	link := s.opt.BaseURL + "/substantiate/" + token
	until := l.Date(sub.ExpiresAt)
	msg := l.T("subst2.link_made", "Name", sub.Name, "Date", until)
	if sub.Email != "" {
		if err := s.mailSubstantiation(ctx, sub, link, "subst2.mail.subject", "subst2.mail.body"); err != nil {
			s.log.Warn("substantiation mail", "substantiation", sub.ID, "err", err)
			msg = l.T("subst2.mail_failed", "Email", sub.Email, "Date", until)
		} else {
			msg = l.T("subst2.mailed", "Email", sub.Email, "Date", until)
		}
	}
	b, err := json.Marshal(substLink{Message: msg, URL: link})
	if err != nil {
		return err
	}
	s.sessions.Put(ctx, "subst_link", string(b))
	return c.Redirect(http.StatusSeeOther, "/outcomes/"+c.Param("id"))
}

// substLanguages are the languages a request can be made in, with their names.
func substLanguages() []locale.Language {
	var out []locale.Language
	for _, l := range locale.Languages {
		if slices.Contains(harvest.SubstLanguages, l.Tag) {
			out = append(out, l)
		}
	}
	return out
}

// popSubstLink takes the link made by the previous request, if any.
func (s *Server) popSubstLink(c echo.Context) *substLink {
	raw := s.sessions.PopString(c.Request().Context(), "subst_link")
	if raw == "" {
		return nil
	}
	var l substLink
	if json.Unmarshal([]byte(raw), &l) != nil {
		return nil
	}
	return &l
}

// mailSubstantiation sends the request or its reminder (the messages named) in the
// language chosen for the person.
func (s *Server) mailSubstantiation(ctx context.Context, sub harvest.Substantiation, link, subjectID, bodyID string) error {
	p, err := harvest.SubstPartnership(ctx, s.db, sub)
	if err != nil {
		return err
	}
	l := s.bundle.Localizer(sub.Language)
	subject := l.T(subjectID, "Partnership", p)
	body := l.T(bodyID, "Name", sub.Name, "Partnership", p, "Date", l.Date(sub.ExpiresAt), "Link", link)
	return s.opt.Mailer.Send(ctx, sub.Email, subject, body)
}

// substantiationReminders e-mails the one reminder of requests unanswered after a
// week. It runs daily from Housekeeping when SMTP is configured; a failed mail is
// tried again the next day.
func (s *Server) substantiationReminders(ctx context.Context) error {
	now := s.now()
	due, err := harvest.DueSubstReminders(ctx, s.db, now)
	if err != nil {
		return err
	}
	for _, r := range due {
		if err := s.mailSubstantiation(ctx, r.Sub, s.opt.BaseURL+"/substantiate/"+r.Token, "subst2.reminder.subject", "subst2.reminder.body"); err != nil {
			s.log.Warn("substantiation reminder", "substantiation", r.Sub.ID, "err", err)
			continue
		}
		if err := harvest.MarkSubstReminded(ctx, s.db, r.Sub.ID, now); err != nil {
			return err
		}
	}
	return nil
}

type substantiateData struct {
	harvest.SubstPage
	Aspects    []harvest.Aspect // as typed (or as answered)
	Agreements []string
	Comment    string
	Errors     map[string]string
	Done       bool
}

// substantiatePage is what the independent person sees through their link (no account),
// in the language chosen for them unless they picked another one.
func (s *Server) substantiatePage(c echo.Context) error {
	page, err := harvest.OpenSubstantiation(c.Request().Context(), s.db, c.Param("token"), s.now())
	if err != nil {
		return err
	}
	s.substLanguage(c, page.Sub)
	d := &substantiateData{SubstPage: page, Aspects: page.Sub.Aspects(), Agreements: harvest.Agreements, Comment: page.Sub.Comment, Done: page.Sub.AnsweredAt != nil}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.render(c, http.StatusOK, "harvest_substantiate", s.view(c, "harvest.subst.title", d))
}

// substLanguage shows the page in the request's language when the visitor has not
// chosen one with the language switch.
func (s *Server) substLanguage(c echo.Context, sub harvest.Substantiation) {
	if _, err := c.Cookie(langCookie); err != nil && sub.Language != "" {
		c.Set(ctxLocalizer, s.bundle.Localizer(sub.Language))
	}
}

// substantiateAnswer stores the person's answer; an incomplete one comes back with
// everything typed.
func (s *Server) substantiateAnswer(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	in := harvest.SubstAnswer{Aspects: map[string]harvest.Aspect{}, Comment: c.FormValue("comment")}
	for _, k := range harvest.AspectKeys {
		in.Aspects[k] = harvest.Aspect{Key: k, Agreement: c.FormValue("agreement_" + k), Comment: c.FormValue("comment_" + k)}
	}
	_, err := harvest.AnswerSubstantiation(ctx, s.db, token, in, s.now())
	if fields, ok := formErrors(s.loc(c), err, besideFields); ok {
		page, oerr := harvest.OpenSubstantiation(ctx, s.db, token, s.now())
		if oerr != nil {
			return oerr
		}
		s.substLanguage(c, page.Sub)
		fields, _ = formErrors(s.loc(c), err, besideFields) // in the page's language
		d := &substantiateData{SubstPage: page, Agreements: harvest.Agreements, Comment: in.Comment, Errors: fields}
		for _, k := range harvest.AspectKeys {
			d.Aspects = append(d.Aspects, in.Aspects[k])
		}
		v := s.view(c, "harvest.subst.title", d)
		v.Path = "/substantiate/" + token // this page posts to itself; the link page sends no Referer
		c.Response().Header().Set("Referrer-Policy", "no-referrer")
		return s.render(c, http.StatusUnprocessableEntity, "harvest_substantiate", v)
	}
	if err != nil && !apperr.Is(err, apperr.KindConflict) {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/substantiate/"+token)
}
