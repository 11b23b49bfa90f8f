package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/people"
	"oogst/server/servertest"
)

func TestPeopleImportPages(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		c := env.As(t, "coordinator@a")
		base := fmt.Sprintf("/people/%d/cursists/import", env.Fix.A.ID)
		if r := c.Get(t, base); r.Status != 200 || !strings.Contains(r.Body, `enctype="multipart/form-data"`) {
			t.Fatalf("form: %d", r.Status)
		}
		count := func() int64 {
			var n int64
			env.DB.Q(context.Background()).Model(&people.Cursist{}).Where("partnership_id = ?", env.Fix.A.ID).Count(&n)
			return n
		}
		before := count()
		// A bad file: per-row translated errors, no confirm button, nothing saved.
		bad := "code,first_name,group,language\n,Sara,G1,ar\nKAAA,Dup,G1,nl\n,Kl,G1,xx\n"
		r := c.PostForm(t, base, url.Values{"csv": {bad}})
		if r.Status != 422 || !strings.Contains(r.Body, "Code KAAA bestaat al in dit samenwerkingsverband.") ||
			!strings.Contains(r.Body, "Deze taal kent Oogst niet.") || strings.Contains(r.Body, "/import/confirm") {
			t.Errorf("bad preview: %d %.3000s", r.Status, r.Body)
		}
		// Forcing a confirm with the bad text still imports nothing.
		r = c.PostForm(t, base+"/confirm", url.Values{"csv": {bad}})
		if r.Status != 422 || count() != before {
			t.Errorf("forced confirm: %d, %d cursists (want %d)", r.Status, count(), before)
		}
		// A good file uploaded as a file, in French.
		c.PostForm(t, "/lang", url.Values{"lang": {"fr"}})
		good := "first_name;group;language\nLeila;Groupe 3;fr\nIoana;Groupe 3;ro\n"
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("_csrf", c.CSRF(t))
		fw, _ := mw.CreateFormFile("file", "cursists.csv")
		fw.Write([]byte(good))
		mw.Close()
		r = c.Do(t, http.MethodPost, base, &buf, mw.FormDataContentType())
		if r.Status != 200 || !strings.Contains(r.Body, "/import/confirm") || !strings.Contains(r.Body, "Importer 2 apprenants ?") {
			t.Fatalf("good preview: %d %.2000s", r.Status, r.Body)
		}
		if count() != before {
			t.Error("preview saved cursists")
		}
		r = c.PostForm(t, base+"/confirm", url.Values{"csv": {good}})
		if r.Status != http.StatusSeeOther || count() != before+2 {
			t.Fatalf("confirm: %d, %d cursists", r.Status, count())
		}
		if r = c.Get(t, fmt.Sprintf("/people/%d/cursists", env.Fix.A.ID)); !strings.Contains(r.Body, "2 apprenants importés.") || !strings.Contains(r.Body, "Ioana") {
			t.Errorf("after import: %.300s", r.Body)
		}
	})
}

func TestPeopleCursistsCSVIsAudited(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		pid := env.Fix.A.ID
		env.DB.Q(context.Background()).Model(&people.Cursist{}).Where("code = ?", "KABA").Update("first_name", "=cmd()")
		r := env.As(t, "mentor@a").Get(t, fmt.Sprintf("/people/%d/cursists.csv", pid))
		want := "\ufeffcode;first_name;group;language;active\r\nKAAA;CursistKAAA;Groep A;nl;true\r\nKABA;'=cmd();Groep A;nl;true\r\n"
		if r.Status != 200 || r.Body != want || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("csv: %d %q", r.Status, r.Body)
		}
		var e people.AuditEntry
		if err := env.DB.Q(context.Background()).Where("action = ?", people.AuditExported).First(&e).Error; err != nil || e.Detail != "cursists.csv" || *e.PartnershipID != pid || *e.UserID != env.Fix.Users["mentor@a"].ID {
			t.Errorf("export not audited: %+v %v", e, err)
		}
	})
}
