package server

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
)

// linkView is one cursist on the round's personal-links page.
type linkView struct {
	survey.LinkRow
	URL      string
	QR       template.HTML
	Message  string // ready to paste into WhatsApp or an SMS, in her language
	LangName string
}

type roundLinksData struct {
	Round       survey.RoundSummary
	Rows        []linkView
	NotAnswered int
	CanMail     bool
	FollowUp    bool
	Loc         *time.Location
}

func (s *Server) personalURL(token string) string {
	return strings.TrimRight(s.opt.BaseURL, "/") + "/p/" + token
}

// cursistName is how a message greets her: her first name, else her code.
func cursistName(c people.Cursist) string {
	if c.FirstName != "" {
		return c.FirstName
	}
	return c.Code
}

// surveyRoundLinks: GET /survey/rounds/:id/links lists the cursists the round reaches,
// who has not answered first, with their personal links, QR codes and messages.
func (s *Server) surveyRoundLinks(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	sc := scopeOf(c)
	r, rows, err := survey.RoundLinks(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	p, err := people.PartnershipByID(ctx, s.db, sc, r.PartnershipID)
	if err != nil {
		return err
	}
	d := &roundLinksData{Round: r, CanMail: s.opt.Mailer != nil, FollowUp: r.FollowUpMonths != nil, Loc: brussels}
	for _, row := range rows {
		v := linkView{LinkRow: row}
		if lang, ok := locale.Lookup(row.Language); ok {
			v.LangName = lang.Name
		}
		if !row.Answered {
			d.NotAnswered++
		}
		if row.Token != "" {
			v.URL = s.personalURL(row.Token)
			if v.QR, err = qrSVG(v.URL, s.loc(c).T("reach.qr_alt", "Code", row.Cursist.Code)); err != nil {
				return err
			}
			v.Message = s.bundle.Localizer(row.Language).T("reachtablet.message", "Name", cursistName(row.Cursist), "Partnership", p.Name, "Link", v.URL)
		}
		d.Rows = append(d.Rows, v)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	v := s.view(c, "", d)
	v.Title = s.loc(c).T("reach.links.title", "Round", r.Title)
	return s.render(c, http.StatusOK, "survey_round_links", v)
}

// surveyRoundLinksIssue: POST /survey/rounds/:id/links makes personal links: for one
// cursist (a new link replaces her old one) or for everyone not answered without one.
func (s *Server) surveyRoundLinksIssue(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var ids []int64
	if v := c.FormValue("cursist"); v != "" {
		cid, err := strconv.ParseInt(v, 10, 64)
		if err != nil || cid <= 0 {
			return apperr.NotFound()
		}
		ids = []int64{cid}
	}
	if _, err := survey.IssueLinks(c.Request().Context(), s.db, scopeOf(c), id, ids, s.now()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("reach.links.made"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d/links", id))
}

// surveyRoundLinkRevoke: POST /survey/rounds/:id/links/:lid/revoke ends a link.
func (s *Server) surveyRoundLinkRevoke(c echo.Context) error {
	id, lid, err := pathIDs(c, "id", "lid")
	if err != nil {
		return err
	}
	if err := survey.RevokeLink(c.Request().Context(), s.db, scopeOf(c), id, lid, s.now()); err != nil {
		return err
	}
	s.flash(c, s.loc(c).T("reach.links.revoked"))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d/links", id))
}

// surveyRoundLinkMail: POST /survey/rounds/:id/links/:lid/mail sends the link to the
// address kept (with consent) for its cursist, in her language.
func (s *Server) surveyRoundLinkMail(c echo.Context) error {
	id, lid, err := pathIDs(c, "id", "lid")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, ok, err := survey.LinkMailFor(ctx, s.db, scopeOf(c), id, lid)
	if err != nil {
		return err
	}
	msg := "reach.links.no_address"
	if ok && s.opt.Mailer != nil {
		if err := s.sendLinkMail(ctx, m, "reachtablet.mail_subject", "reachtablet.mail_body"); err != nil {
			return err
		}
		if err := survey.MarkLinkMailed(ctx, s.db, m.Link.ID, s.now()); err != nil {
			return err
		}
		msg = "reach.links.mailed"
	}
	s.flash(c, s.loc(c).T(msg))
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/survey/rounds/%d/links", id))
}
