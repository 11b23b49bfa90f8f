package people_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

func TestCreateAccount(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		now := time.Now()
		u, raw, err := people.CreateAccount(ctx, d, people.NewAccount{Name: " Ada ", Email: "Ada@Example.org", Language: "en", IsAdmin: true, Password: "long enough pw"}, now)
		if err != nil || raw != "" || u.Email != "ada@example.org" || u.Name != "Ada" || !u.IsAdmin || !u.Active {
			t.Fatalf("with password: %+v %q %v", u, raw, err)
		}
		if _, err := people.Authenticate(ctx, d, "ADA@example.org", "long enough pw"); err != nil {
			t.Errorf("cannot log in: %v", err)
		}
		fields := func(err error) map[string]apperr.Message {
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindInvalid {
				t.Fatalf("want a validation error, got %v", err)
			}
			return e.Fields
		}
		_, _, err = people.CreateAccount(ctx, d, people.NewAccount{Name: "Twin", Email: " ada@EXAMPLE.org", Language: "nl", Password: "another password"}, now)
		if fields(err)["email"].ID != "people.error.email_taken" {
			t.Errorf("duplicate: %v", err)
		}
		_, _, err = people.CreateAccount(ctx, d, people.NewAccount{Name: "", Email: "not-an-email", Language: "xx", Password: "short"}, now)
		if fs := fields(err); len(fs) != 4 || fs["password"].ID != "error.password_too_short" || fs["email"].ID != "people.error.email" {
			t.Errorf("invalid input: %v", fs)
		}
		_, _, err = people.CreateAccount(ctx, d, people.NewAccount{Name: "M", Email: "m@example.org", Language: "nl", PartnershipID: f.a.ID, Role: "boss"}, now)
		if fields(err)["role"].ID != "people.error.choose" {
			t.Errorf("bad role: %v", err)
		}
		m, raw, err := people.CreateAccount(ctx, d, people.NewAccount{Name: "Mentor", Email: "m@example.org", Language: "fr", PartnershipID: f.a.ID, Role: "mentor", GroupName: "G1"}, now)
		if err != nil || raw == "" || m.PasswordHash != "" {
			t.Fatalf("without password: %+v %q %v", m, raw, err)
		}
		sc, err := people.LoadScope(ctx, d, m.ID)
		if err != nil || sc.Roles[f.a.ID] != people.RoleMentor || sc.MentorGroups[f.a.ID] != "G1" {
			t.Errorf("membership: %+v %v", sc, err)
		}
		if _, err := people.UseInvitation(ctx, d, raw, "mentor password", "mentor password", "", "", now); err != nil {
			t.Fatalf("the link does not set a password: %v", err)
		}
		if _, err := people.Authenticate(ctx, d, "m@example.org", "mentor password"); err != nil {
			t.Errorf("cannot log in after the link: %v", err)
		}
		var audit []people.AuditEntry
		d.Q(ctx).Where("detail LIKE ?", "%command line%").Order("id").Find(&audit)
		if len(audit) != 3 || audit[0].Action != people.AuditUserCreated || audit[2].Action != people.AuditMemberAdded ||
			audit[2].PartnershipID == nil || *audit[2].PartnershipID != f.a.ID || audit[0].UserID != nil {
			t.Errorf("audit: %+v", audit)
		}
	})
}
