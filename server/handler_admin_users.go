package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"oogst/locale"
	"oogst/people"
)

type adminUserPage struct {
	ID          int64
	In          people.UserInput
	Errors      map[string]string
	Languages   []locale.Language
	Memberships []people.UserMembership
	HasPassword bool
	LastLogin   string
	Invite      string
}

func (s *Server) renderAdminUser(c echo.Context, status int, pg *adminUserPage) error {
	for _, l := range locale.Languages {
		if l.Staff {
			pg.Languages = append(pg.Languages, l)
		}
	}
	title := "admin.user.new"
	if pg.ID != 0 {
		u, ms, err := people.AdminUser(c.Request().Context(), s.db, scopeOf(c), pg.ID)
		if err != nil {
			return err
		}
		pg.Memberships, pg.HasPassword = ms, u.PasswordHash != ""
		if u.LastLoginAt != nil {
			pg.LastLogin = s.loc(c).DateTime(u.LastLoginAt)
		}
		title = "admin.user.edit"
	}
	return s.render(c, status, "admin_user", s.view(c, title, pg))
}

func (s *Server) adminUserNew(c echo.Context) error {
	return s.renderAdminUser(c, http.StatusOK, &adminUserPage{In: people.UserInput{Language: "nl", Active: true}})
}

func (s *Server) adminUserEdit(c echo.Context) error {
	id, in, err := s.adminUserAt(c)
	if err != nil {
		return err
	}
	return s.renderAdminUser(c, http.StatusOK, &adminUserPage{ID: id, In: in})
}

// adminUserAt loads the account at path :id as the form shows it.
func (s *Server) adminUserAt(c echo.Context) (int64, people.UserInput, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, people.UserInput{}, err
	}
	u, _, err := people.AdminUser(c.Request().Context(), s.db, scopeOf(c), id)
	if err != nil {
		return 0, people.UserInput{}, err
	}
	return id, people.UserInput{Name: u.Name, Email: u.Email, Language: u.PreferredLanguage, IsAdmin: u.IsAdmin, Active: u.Active}, nil
}

// adminUserSave creates (no :id) or updates an account.
func (s *Server) adminUserSave(c echo.Context) error {
	id, err := optionalPathID(c, "id")
	if err != nil {
		return err
	}
	in := people.UserInput{Name: c.FormValue("name"), Email: c.FormValue("email"), Language: c.FormValue("language"),
		IsAdmin: c.FormValue("is_admin") == "1", Active: c.FormValue("active") == "1"}
	u, err := people.SaveUser(c.Request().Context(), s.db, scopeOf(c), id, in, c.RealIP())
	return s.formSaved(c, err, func(status int, fe map[string]string) error {
		return s.renderAdminUser(c, status, &adminUserPage{ID: id, In: in, Errors: fe})
	}, s.loc(c).T("admin.saved"), fmt.Sprintf("/admin/users/%d", u.ID))
}

// adminUserInvite makes a one-time link (invitation or password reset) and shows it once.
func (s *Server) adminUserInvite(c echo.Context) error {
	id, in, err := s.adminUserAt(c)
	if err != nil {
		return err
	}
	link, err := s.createInvitation(c, id, nil)
	if err != nil {
		return err
	}
	return s.renderAdminUser(c, http.StatusOK, &adminUserPage{ID: id, In: in, Invite: link})
}
