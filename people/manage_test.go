package people_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/people"
)

func TestOverviewOrganisationsAndStaff(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		sc := f.scope(t, f.coordA)
		if _, err := people.PartnershipOverview(ctx, d, f.scope(t, f.partnerA), f.a.ID); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("partner: %v", err)
		}
		if _, err := people.PartnershipOverview(ctx, d, sc, f.b.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("other partnership: %v", err)
		}
		if _, err := people.PartnershipOverview(ctx, d, people.Scope{IsAdmin: true, UserID: 999}, f.a.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("admin without membership: %v", err)
		}
		// Add an organisation; the same name and kind in B links the same row.
		org, err := people.AddOrganisation(ctx, d, sc, f.a.ID, people.OrgInput{Name: "VDAB", Kind: "employment_service"})
		if err != nil {
			t.Fatal(err)
		}
		orgB, err := people.AddOrganisation(ctx, d, f.scope(t, f.coordB), f.b.ID, people.OrgInput{Name: "vdab", Kind: "employment_service"})
		if err != nil || orgB.ID != org.ID {
			t.Errorf("VDAB not shared: %v %d %d", err, orgB.ID, org.ID)
		}
		_, err = people.AddOrganisation(ctx, d, sc, f.a.ID, people.OrgInput{Name: "VDAB", Kind: "employment_service"})
		if e, ok := apperr.As(err); !ok || e.Fields["name"].ID != "people.error.org_linked" {
			t.Errorf("duplicate link: %v", err)
		}
		_, err = people.AddOrganisation(ctx, d, sc, f.a.ID, people.OrgInput{Name: " ", Kind: "bank"})
		if e, ok := apperr.As(err); !ok || e.Fields["name"].ID != "error.required" || e.Fields["kind"].ID != "people.error.choose" {
			t.Errorf("invalid org: %v", err)
		}
		// Staff: add new account, change role, refuse to drop the last coordinator.
		res, err := people.AddStaff(ctx, d, sc, f.a.ID, people.StaffInput{Name: "Nina", Email: " Nina@X.test", Role: "mentor", GroupName: "G2", OrganisationID: itoa(org.ID)}, "1.2.3.4")
		if err != nil || !res.NewAccount || res.User.Email != "nina@x.test" {
			t.Fatalf("add staff: %+v %v", res, err)
		}
		_, err = people.AddStaff(ctx, d, sc, f.a.ID, people.StaffInput{Email: "nina@x.test", Role: "partner"}, "")
		if e, ok := apperr.As(err); !ok || e.Fields["email"].ID != "people.error.already_member" {
			t.Errorf("double membership: %v", err)
		}
		_, err = people.AddStaff(ctx, d, sc, f.a.ID, people.StaffInput{Email: "new@x.test", Role: "partner"}, "")
		if e, ok := apperr.As(err); !ok || e.Fields["name"].ID != "people.error.name_for_new" {
			t.Errorf("new account without name: %v", err)
		}
		// An organisation of another partnership cannot be picked.
		other, _ := people.AddOrganisation(ctx, d, f.scope(t, f.coordB), f.b.ID, people.OrgInput{Name: "Only B", Kind: "other"})
		_, err = people.AddStaff(ctx, d, sc, f.a.ID, people.StaffInput{Name: "X", Email: "x@x.test", Role: "partner", OrganisationID: itoa(other.ID)}, "")
		if e, ok := apperr.As(err); !ok || e.Fields["organisation"].ID != "people.error.choose" {
			t.Errorf("foreign organisation: %v", err)
		}
		ov, err := people.PartnershipOverview(ctx, d, sc, f.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ov.Staff) != 4 || len(ov.Organisations) != 1 || ov.CursistCount != 2 || len(ov.Groups) != 2 {
			t.Errorf("overview: %d staff, %d orgs, %d cursists, groups %v", len(ov.Staff), len(ov.Organisations), ov.CursistCount, ov.Groups)
		}
		var nina people.StaffRow
		for _, s := range ov.Staff {
			if s.Email == "nina@x.test" {
				nina = s
			}
		}
		if nina.Role != people.RoleMentor || nina.GroupName != "G2" || nina.OrganisationName != "VDAB" {
			t.Errorf("nina: %+v", nina)
		}
		if err := people.ChangeStaff(ctx, d, sc, f.a.ID, nina.UserID, people.StaffInput{Role: "partner", GroupName: "G2"}, ""); err != nil {
			t.Fatal(err)
		}
		nsc, _ := people.LoadScope(ctx, d, nina.UserID)
		if r, _ := nsc.Role(f.a.ID); r != people.RolePartner || nsc.MentorGroups[f.a.ID] != "" {
			t.Errorf("after change: %v %q", r, nsc.MentorGroups[f.a.ID])
		}
		if err := people.ChangeStaff(ctx, d, sc, f.a.ID, f.coordA.ID, people.StaffInput{Role: "partner"}, ""); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("demote last coordinator: %v", err)
		}
		if err := people.RemoveStaff(ctx, d, sc, f.a.ID, f.coordB.ID, ""); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("remove member of B through A: %v", err)
		}
		if err := people.RemoveStaff(ctx, d, sc, f.a.ID, nina.UserID, ""); err != nil {
			t.Fatal(err)
		}
		var n int64
		d.Q(ctx).Model(&people.AuditEntry{}).Where("partnership_id = ? AND action IN ?", f.a.ID, []string{people.AuditMemberAdded, people.AuditRoleChanged, people.AuditMemberRemoved}).Count(&n)
		if n != 3 {
			t.Errorf("audit entries for staff changes: %d", n)
		}
		if err := people.UnlinkOrganisation(ctx, d, sc, f.a.ID, other.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("unlink B's org through A: %v", err)
		}
	})
}

func TestCursistsCRUDAndMentorView(t *testing.T) {
	t.Parallel()
	eachFix(t, func(t *testing.T, ctx context.Context, d *db.DB, f *fix) {
		sc := f.scope(t, f.coordA)
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		c, err := people.CreateCursist(ctx, d, sc, f.a.ID, people.CursistInput{FirstName: " Sara ", Group: "G1", Language: "AR", Consent: true, ConsentVersion: "v2"}, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Code) != people.CodeLength || c.FirstName != "Sara" || c.PreferredLanguage != "ar" || c.ConsentAt == nil || c.ConsentVersion != "v2" || !c.Active {
			t.Errorf("created: %+v", c)
		}
		_, err = people.CreateCursist(ctx, d, sc, f.a.ID, people.CursistInput{Code: "aaaa", Language: "xx", FirstName: string(make([]rune, 61))}, now)
		e, ok := apperr.As(err)
		if !ok || e.Fields["language"].ID != "people.error.language" || e.Fields["first_name"].ID != "people.error.too_long" {
			t.Fatalf("invalid cursist: %v", err)
		}
		_, err = people.CreateCursist(ctx, d, sc, f.a.ID, people.CursistInput{Code: "aaaa"}, now)
		if e, ok := apperr.As(err); !ok || e.Fields["code"].ID != "people.error.code_taken" {
			t.Errorf("taken code: %v", err)
		}
		// The same code in another partnership is fine.
		if _, err := people.CreateCursist(ctx, d, f.scope(t, f.coordB), f.b.ID, people.CursistInput{Code: "AAAA"}, now); err != nil {
			t.Errorf("code of A reused in B: %v", err)
		}
		bCursist := people.Cursist{}
		d.Q(ctx).Where("partnership_id = ? AND code = ?", f.b.ID, "BBBB").First(&bCursist)
		if _, err := people.CursistByID(ctx, d, sc, f.a.ID, bCursist.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B's cursist via A's id: %v", err)
		}
		if _, err := people.UpdateCursist(ctx, d, sc, f.a.ID, bCursist.ID, people.CursistInput{Code: "ZZZZ"}, now); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("update B's cursist via A: %v", err)
		}
		up, err := people.UpdateCursist(ctx, d, sc, f.a.ID, c.ID, people.CursistInput{Code: "k7qf", FirstName: "Sara", Group: "G2", Language: "fr", Active: true}, now)
		if err != nil || up.Code != "K7QF" || up.GroupName != "G2" || up.ConsentAt != nil {
			t.Errorf("update: %+v %v", up, err)
		}
		if err := people.DeactivateCursist(ctx, d, sc, f.a.ID, c.ID, ""); err != nil {
			t.Fatal(err)
		}
		got, _ := people.CursistByID(ctx, d, sc, f.a.ID, c.ID)
		if got.Active {
			t.Error("still active")
		}
		// Lists by role.
		all, err := people.Cursists(ctx, d, sc, f.a.ID)
		if err != nil || all.Total != 3 || !all.CanEdit {
			t.Errorf("coordinator list: %d %v", all.Total, err)
		}
		mine, err := people.Cursists(ctx, d, f.scope(t, f.mentorA), f.a.ID)
		if err != nil || mine.Total != 1 || mine.Cursists[0].Code != "AAAA" || mine.CanEdit || mine.Group != "G1" {
			t.Errorf("mentor list: %+v %v", mine, err)
		}
		if pl, err := people.Cursists(ctx, d, f.scope(t, f.partnerA), f.a.ID); err != nil || pl.Total != 3 || pl.CanEdit {
			t.Errorf("partner list: %d %v", pl.Total, err)
		}
		if _, err := people.Cursists(ctx, d, sc, f.b.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("list of B: %v", err)
		}
		if _, err := people.CreateCursist(ctx, d, f.scope(t, f.mentorA), f.a.ID, people.CursistInput{}, now); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor creates: %v", err)
		}
	})
}
