package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"oogst/people"
	"oogst/server/servertest"
)

var formIDField = regexp.MustCompile(`name="form_id" value="([^"]+)"`)

func auditOf(t *testing.T, env *servertest.Env, key string, pid int64, action string) []people.AuditRow {
	t.Helper()
	pg, err := people.AuditLog(context.Background(), env.DB, env.Scope(t, key), people.AuditFilter{PartnershipID: pid, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return pg.Rows
}

// The add-cursist form sent twice (a double click) creates one cursist; an empty form
// is refused beside the field; adding and changing a cursist are in the audit log.
func TestCursistFormOnceNotEmptyAndAudited(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		a := env.Fix.A.ID
		base := fmt.Sprintf("/people/%d/cursists", a)
		count := func() int64 {
			var n int64
			env.DB.Q(context.Background()).Model(&people.Cursist{}).Where("partnership_id = ?", a).Count(&n)
			return n
		}
		before := count()
		r := c.Get(t, base+"/new")
		m := formIDField.FindStringSubmatch(r.Body)
		if r.Status != 200 || m == nil {
			t.Fatalf("new cursist form without a one-time id: %d", r.Status)
		}
		// Empty: refused with a field error, nothing stored.
		r = c.PostForm(t, base, url.Values{"form_id": {m[1]}, "language": {"nl"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Vul minstens een voornaam, een code of een groep in.") || !strings.Contains(r.Body, `value="`+m[1]+`"`) {
			t.Errorf("empty cursist: %d %.300s", r.Status, r.Body)
		}
		if n := count(); n != before {
			t.Errorf("empty form stored a cursist: %d → %d", before, n)
		}
		// Twice at once, then once more: one cursist.
		form := url.Values{"form_id": {m[1]}, "first_name": {"Dubbel"}, "group": {"Groep C"}, "language": {"nl"}}
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = c.PostForm(t, base, form).Status
			}()
		}
		wg.Wait()
		statuses = append(statuses, c.PostForm(t, base, form).Status)
		for i, st := range statuses {
			if st != http.StatusSeeOther {
				t.Errorf("submission %d: %d", i, st)
			}
		}
		var made []people.Cursist
		env.DB.Q(context.Background()).Where("partnership_id = ? AND first_name = ?", a, "Dubbel").Find(&made)
		if len(made) != 1 || count() != before+1 {
			t.Fatalf("double submission made %d cursists (%d → %d)", len(made), before, count())
		}
		// A new form gets a new id: a second cursist of the same name is allowed.
		if m2 := formIDField.FindStringSubmatch(c.Get(t, base+"/new").Body); m2 == nil || m2[1] == m[1] {
			t.Errorf("form id reused: %v", m2)
		}
		added := auditOf(t, env, "coordinator@a", a, people.AuditCursistAdded)
		if len(added) != 1 || added[0].Detail != made[0].Code || added[0].UserID == nil || *added[0].UserID != env.Fix.Users["coordinator@a"].ID {
			t.Errorf("audit of the added cursist: %+v", added)
		}
		edit := fmt.Sprintf("%s/%d", base, made[0].ID)
		if r = c.PostForm(t, edit, url.Values{"code": {made[0].Code}, "first_name": {"Anders"}, "language": {"nl"}, "active": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		if r = c.PostForm(t, edit+"/deactivate", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", r.Status)
		}
		if changed := auditOf(t, env, "coordinator@a", a, people.AuditCursistChanged); len(changed) != 2 || changed[0].Detail != made[0].Code {
			t.Errorf("audit of the changes: %+v", changed)
		}
		// B's coordinator sees none of it.
		if got := auditOf(t, env, "coordinator@b", env.Fix.B.ID, people.AuditCursistAdded); len(got) != 0 {
			t.Errorf("B's log shows A's cursist: %+v", got)
		}
	})
}

// An outcome export not narrowed to one partnership is in the coordinator's own audit
// log (filtered to the partnership), as are the markers exports.
func TestExportsInCoordinatorsAuditLog(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		a := env.Fix.A.ID
		if r := c.Get(t, "/api/v1/outcomes/export.csv"); r.Status != 200 {
			t.Fatalf("export: %d", r.Status)
		}
		if r := c.Get(t, fmt.Sprintf("/markers/export?partnership=%d&what=matrix&format=csv", a)); r.Status != 200 {
			t.Fatalf("markers export: %d", r.Status)
		}
		got := auditOf(t, env, "coordinator@a", a, people.AuditExported)
		var details []string
		for _, e := range got {
			details = append(details, e.Detail)
		}
		if len(got) != 2 || !strings.HasPrefix(details[1], "outcomes.csv") || !strings.HasPrefix(details[0], "markers.csv") {
			t.Errorf("A's audit log of exports: %q", details)
		}
		if got := auditOf(t, env, "coordinator@b", env.Fix.B.ID, people.AuditExported); len(got) != 0 {
			t.Errorf("B's log shows A's export: %+v", got)
		}
	})
}
