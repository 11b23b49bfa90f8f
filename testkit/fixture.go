// Package testkit is the shared test fixture for domain and HTTP tests: two
// partnerships with staff and cursists (NewFixture) and a browser-like HTTP client
// (Client). It imports no server code, so survey, harvest, markers and cmd tests can use
// it without building the web layer; server/servertest builds on it.
package testkit

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/alexedwards/argon2id"

	"oogst/db"
	"oogst/people"
)

// Password is the password of every fixture user.
const Password = "test-password-123"

// fixtureHash is Password hashed with argon2id at the lowest cost the format allows.
// Logging in compares against the parameters stored in the hash, so fixture logins take
// microseconds instead of a 19 MiB, two-pass hash each; accounts made through the app
// (people.HashPassword) still get the production parameters, which people's tests check.
var fixtureHash = sync.OnceValues(func() (string, error) {
	return argon2id.CreateHash(Password, &argon2id.Params{Memory: 8, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32})
})

// Fixture is two partnerships, A and B, each with a coordinator, a partner and a
// mentor (group "Groep A"), three cursists, plus a platform admin who belongs to none.
type Fixture struct {
	A, B     people.Partnership
	Users    map[string]people.User // "coordinator@a", "partner@b", "admin", "mentor@a", …
	Cursists map[string]people.Cursist
}

// NewFixture creates the fixture in d.
func NewFixture(t testing.TB, d *db.DB) *Fixture {
	t.Helper()
	hash, err := fixtureHash()
	if err != nil {
		t.Fatal(err)
	}
	f := &Fixture{Users: map[string]people.User{}, Cursists: map[string]people.Cursist{}}
	g := d.Q(context.Background())
	for _, key := range []string{"a", "b"} {
		p := people.Partnership{Name: "Partnership " + strings.ToUpper(key), Region: "Region " + key, Languages: "nl,fr,en,ar"}
		if err := g.Create(&p).Error; err != nil {
			t.Fatalf("fixture partnership: %v", err)
		}
		if key == "a" {
			f.A = p
		} else {
			f.B = p
		}
		for _, r := range people.Roles {
			u := people.User{Name: string(r) + " " + key, Email: string(r) + "@" + key + ".test", PreferredLanguage: "nl", PasswordHash: hash, Active: true}
			if err := g.Create(&u).Error; err != nil {
				t.Fatalf("fixture user: %v", err)
			}
			m := people.Membership{UserID: u.ID, PartnershipID: p.ID, Role: r}
			if r == people.RoleMentor {
				m.GroupName = "Groep A"
			}
			if err := g.Create(&m).Error; err != nil {
				t.Fatalf("fixture membership: %v", err)
			}
			f.Users[string(r)+"@"+key] = u
		}
		for i, code := range []string{"KAA" + strings.ToUpper(key), "KAB" + strings.ToUpper(key), "KAC" + strings.ToUpper(key)} {
			c := people.Cursist{PartnershipID: p.ID, Code: code, FirstName: "Cursist" + code, PreferredLanguage: "nl", GroupName: "Groep A", Active: true}
			if i == 2 {
				c.GroupName = "Groep B"
			}
			if err := g.Create(&c).Error; err != nil {
				t.Fatalf("fixture cursist: %v", err)
			}
			f.Cursists[code] = c
		}
	}
	admin := people.User{Name: "Admin", Email: "admin@test", PreferredLanguage: "en", PasswordHash: hash, Active: true, IsAdmin: true}
	if err := g.Create(&admin).Error; err != nil {
		t.Fatalf("fixture admin: %v", err)
	}
	f.Users["admin"] = admin
	return f
}

// Scope loads the people.Scope of fixture user key ("coordinator@a", "admin", …) in d,
// failing the test if it cannot: what most tests of scoped calls start from.
func (f *Fixture) Scope(t testing.TB, d *db.DB, key string) people.Scope {
	t.Helper()
	u, ok := f.Users[key]
	if !ok {
		t.Fatalf("no fixture user %q", key)
	}
	sc, err := people.LoadScope(context.Background(), d, u.ID)
	if err != nil {
		t.Fatalf("scope of %s: %v", key, err)
	}
	return sc
}

// Partnership is partnership B for key "b" and A for any other key: the tenancy tests
// build the same objects in "a" and in "b" and compare.
func (f *Fixture) Partnership(key string) people.Partnership {
	if key == "b" {
		return f.B
	}
	return f.A
}
