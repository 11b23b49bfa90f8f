package server

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// The partnership name shown on codes, dashboard and outcome pages is read within the
// caller's scope, and a failed read is an error rather than an empty name.
func TestPartnershipNameIsScoped(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		a := people.Partnership{Name: "Samen Sterk"}
		if err := d.Q(context.Background()).Create(&a).Error; err != nil {
			t.Fatal(err)
		}
		s := &Server{db: d}
		ask := func(sc people.Scope) (string, error) {
			c := echo.New().NewContext(httptest.NewRequest("GET", "/", nil), httptest.NewRecorder())
			c.Set(ctxScope, sc)
			return partnershipName(c, s, a.ID)
		}
		member := people.Scope{UserID: 1, Roles: map[int64]people.Role{a.ID: people.RolePartner}}
		if name, err := ask(member); err != nil || name != "Samen Sterk" {
			t.Fatalf("member: %q, %v", name, err)
		}
		outsider := people.Scope{UserID: 2, IsAdmin: true, Roles: map[int64]people.Role{a.ID + 1: people.RoleCoordinator}}
		if name, err := ask(outsider); !apperr.Is(err, apperr.KindNotFound) || name != "" {
			t.Fatalf("outsider: %q, %v; want not found", name, err)
		}
		sqlDB, err := d.SQL(), error(nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = sqlDB.Close()
		if _, err := ask(member); err == nil || apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("closed database: %v; want a storage error", err)
		}
	})
}
