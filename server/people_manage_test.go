package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"oogst/db/dbtest"
	"oogst/people"
	"oogst/server/servertest"
)

func TestPeopleIndexShowsOwnOnly(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	r := env.As(t, "coordinator@a").Get(t, "/people")
	if r.Status != 200 || !strings.Contains(r.Body, "Partnership A") || strings.Contains(r.Body, "Partnership B") {
		t.Errorf("coordinator index: %d", r.Status)
	}
	if !strings.Contains(r.Body, fmt.Sprintf(`href="/people/%d"`, env.Fix.A.ID)) {
		t.Error("no manage link")
	}
	r = env.As(t, "mentor@a").Get(t, "/people")
	if !strings.Contains(r.Body, fmt.Sprintf(`href="/people/%d/cursists"`, env.Fix.A.ID)) || strings.Contains(r.Body, fmt.Sprintf(`href="/people/%d"`, env.Fix.A.ID)) {
		t.Errorf("mentor index: %.2000s", r.Body)
	}
	r = env.As(t, "admin").Get(t, "/people")
	if strings.Contains(r.Body, "Partnership A") || strings.Contains(r.Body, "Partnership B") {
		t.Error("admin without membership sees partnerships on /people")
	}
}

func TestPeopleManagePages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		pid := env.Fix.A.ID
		base := fmt.Sprintf("/people/%d", pid)
		r := c.Get(t, base)
		if r.Status != 200 || !strings.Contains(r.Body, "mentor@a.test") || !strings.Contains(r.Body, "3 cursisten") {
			t.Fatalf("overview: %d %.500s", r.Status, r.Body)
		}
		// Organisation: invalid, then valid.
		r = c.PostForm(t, base+"/organisations", url.Values{"name": {"CVO Typed Name"}, "kind": {"bank"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="CVO Typed Name"`) || !strings.Contains(r.Body, "Kies een van de mogelijkheden.") {
			t.Errorf("invalid org form: %d", r.Status)
		}
		r = c.PostForm(t, base+"/organisations", url.Values{"name": {"CVO Gent"}, "kind": {"training_provider"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("add org: %d", r.Status)
		}
		r = c.Get(t, base)
		if !strings.Contains(r.Body, "CVO Gent") || !strings.Contains(r.Body, "opleidingsverstrekker") || !strings.Contains(r.Body, "CVO Gent hoort nu bij het samenwerkingsverband.") {
			t.Errorf("org not listed with its kind label and flash")
		}
		// Staff: a new person gets an invitation link shown once.
		r = c.PostForm(t, base+"/staff", url.Values{"email": {"typed@x.test"}, "role": {"mentor"}, "group": {"Groep Z"}})
		if r.Status != 422 || !strings.Contains(r.Body, `value="typed@x.test"`) || !strings.Contains(r.Body, `value="Groep Z"`) || !strings.Contains(r.Body, "Vul de naam in.") {
			t.Errorf("staff form not kept: %d", r.Status)
		}
		r = c.PostForm(t, base+"/staff", url.Values{"email": {"new.mentor@x.test"}, "name": {"Nieuwe Mentor"}, "role": {"mentor"}, "group": {"Groep B"}})
		if r.Status != 200 || !strings.Contains(r.Body, `<input type="text" readonly value="http://oogst.test/invite/oogst_`) || !strings.Contains(r.Body, `<div class="card invite-box" role="status">`) {
			t.Fatalf("new staff: %d, no invitation link", r.Status)
		}
		link := r.Body[strings.Index(r.Body, "/invite/oogst_"):]
		link = link[:strings.Index(link, `"`)]
		// The invited mentor sets a password, logs in and sees group B only.
		anon := env.Client(t)
		if g := anon.Get(t, link); g.Status != 200 || !strings.Contains(g.Body, "Nieuwe Mentor") {
			t.Fatalf("invite page: %d", g.Status)
		}
		if p := anon.PostForm(t, link, url.Values{"password": {"short"}, "repeat": {"short"}}); p.Status != 422 || !strings.Contains(p.Body, "minstens 10 tekens") {
			t.Errorf("short password: %d", p.Status)
		}
		if p := anon.PostForm(t, link, url.Values{"password": {"een lang wachtwoord"}, "repeat": {"een lang wachtwoord"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("set password: %d", p.Status)
		}
		if p := anon.Get(t, link); p.Status != 404 || !strings.Contains(p.Body, "Deze link werkt niet meer.") {
			t.Errorf("link reused: %d", p.Status)
		}
		m := env.Client(t)
		m.Login(t, "new.mentor@x.test", "een lang wachtwoord")
		r = m.Get(t, base+"/cursists")
		if r.Status != 200 || !strings.Contains(r.Body, "CursistKACA") || strings.Contains(r.Body, "CursistKAAA") || strings.Contains(r.Body, "/edit") {
			t.Errorf("mentor list: %d", r.Status)
		}
		if r = m.Get(t, base); r.Status != http.StatusForbidden {
			t.Errorf("mentor on overview: %d", r.Status)
		}
		// Change the fixture mentor's role and remove them.
		mentor := env.Fix.Users["mentor@a"]
		r = c.PostForm(t, fmt.Sprintf("%s/staff/%d", base, mentor.ID), url.Values{"role": {"partner"}})
		if r.Status != http.StatusSeeOther {
			t.Errorf("change role: %d", r.Status)
		}
		coord := env.Fix.Users["coordinator@a"]
		r = c.PostForm(t, fmt.Sprintf("%s/staff/%d", base, coord.ID), url.Values{"role": {"partner"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "minstens één coördinator") {
			t.Errorf("demote last coordinator: %d", r.Status)
		}
		r = c.PostForm(t, fmt.Sprintf("%s/staff/%d/remove", base, mentor.ID), nil)
		if r.Status != http.StatusSeeOther {
			t.Errorf("remove: %d", r.Status)
		}
		var n int64
		env.DB.Q(context.Background()).Model(&people.AuditEntry{}).Where("partnership_id = ?", pid).Count(&n)
		if n != 5 { // user_created, member_added, invitation_created, role_changed, member_removed
			t.Errorf("audit entries for A: %d", n)
		}
		// The coordinator reads them in the partnership's log, filtered by action.
		r = c.Get(t, base+"/audit")
		for _, want := range []string{"rol gewijzigd", "mentor@a.test: mentor → partner", "uitnodigingslink gemaakt", "medewerker verwijderd"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		r = c.Get(t, base+"/audit?action=role_changed")
		if !strings.Contains(r.Body, "mentor → partner") || strings.Contains(r.Body, "invite: new.mentor@x.test") {
			t.Errorf("audit filter does not filter")
		}
		if r = c.Get(t, "/admin/audit"); r.Status != 403 {
			t.Errorf("coordinator on the whole log: %d", r.Status)
		}
		// A long log comes a page at a time, with a link to the older entries.
		for i := 0; i < 130; i++ {
			if err := people.Audit(context.Background(), env.DB, people.AuditEntry{PartnershipID: &pid, Action: people.AuditExported, Detail: fmt.Sprintf("page-entry-%03d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		r = c.Get(t, base+"/audit?action=export")
		older := regexp.MustCompile(`href="\?action=export&amp;before=(\d+)">Oudere gebeurtenissen<`).FindStringSubmatch(r.Body)
		if older == nil || !strings.Contains(r.Body, "page-entry-129") || !strings.Contains(r.Body, "page-entry-030") || strings.Contains(r.Body, "page-entry-029") {
			t.Fatalf("first audit page: link %v, %d: %s", older, r.Status, r.Body)
		}
		r = c.Get(t, base+"/audit?action=export&before="+older[1])
		if !strings.Contains(r.Body, "page-entry-029") || !strings.Contains(r.Body, "page-entry-000") || strings.Contains(r.Body, "page-entry-030") ||
			strings.Contains(r.Body, "Oudere gebeurtenissen") || !strings.Contains(r.Body, `href="?action=export">Nieuwste gebeurtenissen<`) {
			t.Errorf("second audit page is not the rest of the log")
		}
	})
}

func TestPeopleCursistPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		base := fmt.Sprintf("/people/%d/cursists", env.Fix.A.ID)
		r := c.PostForm(t, base, url.Values{"code": {"KAAA"}, "first_name": {"Typed"}, "group": {"Groep C"}, "language": {"tr"}})
		if r.Status != 422 || !strings.Contains(r.Body, `value="Typed"`) || !strings.Contains(r.Body, `value="tr" lang="tr" selected`) || !strings.Contains(r.Body, "Deze code bestaat al") {
			t.Errorf("duplicate code form: %d", r.Status)
		}
		r = c.PostForm(t, base, url.Values{"first_name": {"Yasmina"}, "group": {"Groep C"}, "language": {"ar"}, "consent": {"1"}, "consent_version": {"2026-01"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %.300s", r.Status, r.Body)
		}
		var cu people.Cursist
		env.DB.Q(context.Background()).Where("first_name = ?", "Yasmina").First(&cu)
		if len(cu.Code) != 4 || strings.Trim(cu.Code, people.CodeAlphabet) != "" || cu.ConsentAt == nil {
			t.Errorf("created: %+v", cu)
		}
		r = c.Get(t, base)
		if !strings.Contains(r.Body, cu.Code) || !strings.Contains(r.Body, "Yasmina") || !strings.Contains(r.Body, "العربية") || !strings.Contains(r.Body, "4 cursisten in de lijst") {
			t.Errorf("list lacks the new cursist")
		}
		edit := fmt.Sprintf("%s/%d", base, cu.ID)
		if r = c.Get(t, edit+"/edit"); r.Status != 200 || !strings.Contains(r.Body, `value="Yasmina"`) {
			t.Errorf("edit page: %d", r.Status)
		}
		r = c.PostForm(t, edit, url.Values{"code": {cu.Code}, "first_name": {strings.Repeat("x", 61)}, "language": {"ar"}, "active": {"1"}})
		if r.Status != 422 || !strings.Contains(r.Body, "hoogstens 60 tekens") {
			t.Errorf("long name: %d", r.Status)
		}
		if r = c.PostForm(t, edit+"/deactivate", nil); r.Status != http.StatusSeeOther {
			t.Errorf("deactivate: %d", r.Status)
		}
		env.DB.Q(context.Background()).First(&cu, cu.ID)
		if cu.Active {
			t.Error("still active")
		}
		// A's page with B's cursist id: 404, nothing changed.
		b := env.Fix.Cursists["KAAB"]
		r = c.PostForm(t, fmt.Sprintf("%s/%d", base, b.ID), url.Values{"code": {"HACK"}, "language": {"nl"}})
		if r.Status != 404 {
			t.Errorf("B's cursist through A's URL: %d", r.Status)
		}
		env.DB.Q(context.Background()).First(&b, b.ID)
		if b.Code != "KAAB" {
			t.Error("B's cursist changed")
		}
		if r = env.As(t, "admin").Get(t, base); r.Status != 404 || strings.Contains(r.Body, "CursistKAAA") {
			t.Errorf("admin without membership: %d", r.Status)
		}
		if r = env.As(t, "partner@a").Get(t, base); r.Status != 200 || !strings.Contains(r.Body, "CursistKACA") || strings.Contains(r.Body, "/edit") {
			t.Errorf("partner read-only list: %d", r.Status)
		}
	})
}
