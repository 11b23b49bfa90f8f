package people_test

import (
	"context"
	"strconv"
	"testing"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/people"
)

// fix is a small two-partnership world for domain tests.
type fix struct {
	a, b                              people.Partnership
	coordA, coordB, partnerA, mentorA people.User
	cursistsA                         []people.Cursist
	d                                 *db.DB
}

func newFix(t *testing.T, d *db.DB) *fix {
	t.Helper()
	f := &fix{d: d}
	mk := func(v any) {
		if err := d.Q(context.Background()).Create(v).Error; err != nil {
			t.Fatal(err)
		}
	}
	f.a = people.Partnership{Name: "A", Languages: "nl,fr"}
	f.b = people.Partnership{Name: "B", Languages: "nl"}
	mk(&f.a)
	mk(&f.b)
	user := func(email string, p int64, r people.Role, group string) people.User {
		u := people.User{Name: email, Email: email, PreferredLanguage: "nl", Active: true}
		mk(&u)
		mk(&people.Membership{UserID: u.ID, PartnershipID: p, Role: r, GroupName: group})
		return u
	}
	f.coordA = user("coord@a", f.a.ID, people.RoleCoordinator, "")
	f.coordB = user("coord@b", f.b.ID, people.RoleCoordinator, "")
	f.partnerA = user("partner@a", f.a.ID, people.RolePartner, "")
	f.mentorA = user("mentor@a", f.a.ID, people.RoleMentor, "G1")
	for _, c := range []people.Cursist{
		{PartnershipID: f.a.ID, Code: "AAAA", FirstName: "Amina", GroupName: "G1", PreferredLanguage: "nl", Active: true},
		{PartnershipID: f.a.ID, Code: "AAAC", FirstName: "Olena", GroupName: "G2", PreferredLanguage: "fr", Active: true},
		{PartnershipID: f.b.ID, Code: "BBBB", FirstName: "Bea", GroupName: "G1", PreferredLanguage: "nl", Active: true},
	} {
		c := c
		mk(&c)
		if c.PartnershipID == f.a.ID {
			f.cursistsA = append(f.cursistsA, c)
		}
	}
	return f
}

// eachFix runs fn on a fresh fix in every test database (dbtest.Each): the start that
// most people tests share, so each test opens with what it is about.
func eachFix(t *testing.T, fn func(t *testing.T, ctx context.Context, d *db.DB, f *fix)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, context.Background(), d, newFix(t, d))
	})
}

func (f *fix) scope(t *testing.T, u people.User) people.Scope {
	t.Helper()
	sc, err := people.LoadScope(context.Background(), f.d, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
