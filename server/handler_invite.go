package server

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"oogst/people"
)

// createInvitation makes a one-time link for a user and returns its full address.
func (s *Server) createInvitation(c echo.Context, uid int64, _ *int64) (string, error) {
	raw, err := people.CreateInvitation(c.Request().Context(), s.db, scopeOf(c), uid, c.RealIP(), s.now())
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(s.opt.BaseURL, "/")
	if base == "" {
		base = c.Scheme() + "://" + c.Request().Host
	}
	link := base + "/invite/" + raw
	if s.opt.Mailer != nil {
		s.mailInvitation(c, uid, link)
	}
	return link, nil
}

// mailInvitation e-mails the link in the person's own language. The link is still
// shown to the one who made it, so a failed e-mail loses nothing.
func (s *Server) mailInvitation(c echo.Context, uid int64, link string) {
	u, err := people.UserByID(c.Request().Context(), s.db, uid)
	if err != nil {
		s.log.Warn("invitation mail: load user", "user", uid, "err", err)
		return
	}
	l := s.bundle.Localizer(u.PreferredLanguage)
	subject := l.T("people.invite.mail_subject")
	body := l.T("people.invite.mail_body", "Name", u.Name, "Link", link, "Hours", 72)
	if err := s.opt.Mailer.Send(c.Request().Context(), u.Email, subject, body); err != nil {
		s.log.Warn("invitation mail", "user", uid, "err", err)
		s.flash(c, s.loc(c).T("people.invite.mail_failed"))
		return
	}
	s.flash(c, s.loc(c).T("people.invite.mail_sent", "Email", u.Email))
}

type invitePage struct {
	Token  string
	Name   string
	Email  string
	Reset  bool
	Errors map[string]string
	Min    int
}

// invitePageGet shows the set-password form of a valid one-time link.
func (s *Server) invitePageGet(c echo.Context) error {
	u, inv, err := people.InvitationUser(c.Request().Context(), s.db, c.Param("token"), s.now())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	pg := &invitePage{Token: c.Param("token"), Name: u.Name, Email: u.Email, Reset: inv.Purpose == "reset", Min: people.MinPasswordLength}
	return s.render(c, http.StatusOK, "invite", s.view(c, "people.invite.title", pg))
}

// invitePost sets the password and spends the link.
func (s *Server) invitePost(c echo.Context) error {
	ctx := c.Request().Context()
	token := c.Param("token")
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	u, err := people.UseInvitation(ctx, s.db, token, c.FormValue("password"), c.FormValue("repeat"), clientIP(c), s.currentSessionHash(c), s.now())
	if fe, ok := formErrors(s.loc(c), err, aboveForm); ok {
		pu, inv, lerr := people.InvitationUser(ctx, s.db, token, s.now())
		if lerr != nil {
			return lerr
		}
		pg := &invitePage{Token: token, Name: pu.Name, Email: pu.Email, Reset: inv.Purpose == "reset", Errors: fe, Min: people.MinPasswordLength}
		return s.render(c, formStatus(err), "invite", s.view(c, "people.invite.title", pg))
	}
	if err != nil {
		return err
	}
	// The person logs in with the new password rather than being logged in here: a
	// link opened on someone else's logged-in browser must not switch its session.
	s.flash(c, s.loc(c).T("people.invite.done"))
	return c.Redirect(http.StatusSeeOther, "/login?email="+urlQueryEscape(u.Email))
}
