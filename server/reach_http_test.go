package server_test

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// personBlock is one cursist's entry on the personal-links page.
func personBlock(t *testing.T, body, code string) string {
	t.Helper()
	i := strings.Index(body, `id="person-`+code+`"`)
	if i < 0 {
		t.Fatalf("%s is not on the links page", code)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</li>"); j > 0 {
		rest = rest[:j]
	}
	return rest
}

var personalURLRe = regexp.MustCompile(`http://oogst\.test/p/([A-Za-z0-9_-]+)`)

// TestPersonalLinkOverHTTP: a coordinator schedules a follow-up round 3 months after the
// end of training, makes personal links and mails one; the link opens the tablet flow
// as exactly that cursist, her reflection spends it, a second person gets a clear
// "already used" screen in her language and a 409; the not-answered list follows, and
// the cursist who did not answer is reminded by e-mail once.
func TestPersonalLinkOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		env, clock, mail := mailingServer(t, d, start, servertest.Options{})
		co := env.As(t, "coordinator@a")
		r := surveyRound(t, env, "a", "Klasronde", false)

		resp := co.PostForm(t, fmt.Sprintf("/survey/rounds/%d/followups", r.ID), url.Values{"training_end": {"2026-07-31"}, "months": {"3 x"}})
		if resp.Status != 422 || !strings.Contains(resp.Body, "1 tot 36") {
			t.Fatalf("bad months: %d", resp.Status)
		}
		resp = co.PostForm(t, fmt.Sprintf("/survey/rounds/%d/followups", r.ID), url.Values{"training_end": {"2026-07-31"}, "months": {"3 6"}})
		if resp.Status != 303 {
			t.Fatalf("follow-ups: %d %.300s", resp.Status, resp.Body)
		}
		loc := resp.Header.Get("Location")
		page := co.Get(t, loc)
		if !strings.Contains(page.Body, "Groep A: 3 maanden na de opleiding") || !strings.Contains(page.Body, "Opvolging: 3 maanden na de opleiding") {
			t.Fatalf("follow-up round page: %.500s", page.Body)
		}
		links := loc + "/links"
		for _, code := range []string{"KAAA", "KABA"} {
			c := env.Fix.Cursists[code]
			if resp := co.PostForm(t, fmt.Sprintf("/people/%d/cursists/%d/contact", env.Fix.A.ID, c.ID), url.Values{"email": {strings.ToLower(code) + "@example.org"}, "email_consent": {"1"}}); resp.Status != 303 {
				t.Fatalf("contact: %d", resp.Status)
			}
		}
		// Her right of access includes the address and when its consent was recorded.
		kaba := env.Fix.Cursists["KABA"]
		zr := co.Get(t, fmt.Sprintf("/people/%d/cursists/%d/export.zip", env.Fix.A.ID, kaba.ID))
		if zf, err := zip.NewReader(strings.NewReader(zr.Body), int64(len(zr.Body))); err != nil {
			t.Fatalf("export: %v", err)
		} else if f, err := zf.Open("cursist.json"); err != nil {
			t.Fatal(err)
		} else if b, _ := io.ReadAll(f); !strings.Contains(string(b), `"email": "kaba@example.org"`) || !strings.Contains(string(b), "email_consent_recorded_at") {
			t.Errorf("export without the address: %s", b)
		}
		if resp := co.PostForm(t, links, url.Values{}); resp.Status != 303 {
			t.Fatalf("make links: %d", resp.Status)
		}
		page = co.Get(t, links)
		if !strings.Contains(page.Body, "2 cursisten hebben nog niet geantwoord") {
			t.Errorf("not-answered count missing")
		}
		a, b := personBlock(t, page.Body, "KAAA"), personBlock(t, page.Body, "KABA")
		tokA, tokB := personalURLRe.FindStringSubmatch(a), personalURLRe.FindStringSubmatch(b)
		if tokA == nil || tokB == nil || tokA[1] == tokB[1] {
			t.Fatalf("links: %q %q", tokA, tokB)
		}
		if !strings.Contains(a, "Hallo CursistKAAA,") || !strings.Contains(a, "<svg class=\"qr\"") {
			t.Errorf("message or QR missing: %.800s", a)
		}
		mailB := regexp.MustCompile(`/links/(\d+)/mail`).FindStringSubmatch(b)
		if mailB == nil {
			t.Fatal("no mail button for KABA")
		}
		if resp := co.PostForm(t, links+"/"+mailB[1]+"/mail", url.Values{}); resp.Status != 303 {
			t.Fatalf("mail: %d", resp.Status)
		}
		if len(mail.sent) != 1 || mail.sent[0].to != "kaba@example.org" || !strings.Contains(mail.sent[0].body, tokB[0]) {
			t.Fatalf("mailed = %+v", mail.sent)
		}

		// The follow-up round opens 3 months after the end of training.
		clock.Set(time.Date(2026, 10, 15, 9, 0, 0, 0, time.UTC))
		anon := env.Client(t)
		resp = anon.Get(t, "/p/"+tokA[1])
		if resp.Status != 409 {
			t.Errorf("before the round opens: %d", resp.Status)
		}
		clock.Set(start)
		resp = anon.Get(t, "/p/"+tokA[1])
		if resp.Status != 303 || resp.Header.Get("Location") != "/p/"+tokA[1]+"?lang=nl" {
			t.Fatalf("personal link: %d %s", resp.Status, resp.Header.Get("Location"))
		}
		resp = anon.Get(t, "/p/"+tokA[1]+"?lang=ar")
		if resp.Status != 200 || !strings.Contains(resp.Body, `"code":"KAAA"`) || !strings.Contains(resp.Body, `dir="rtl"`) {
			t.Fatalf("tablet page through the link: %d %.400s", resp.Status, resp.Body)
		}
		code := regexp.MustCompile(`"code":"([A-Z0-9]+)","lang"`).FindStringSubmatch(resp.Body)
		if code == nil {
			t.Fatal("no round code in the page")
		}
		answers := map[string]any{"change": "Ik werk nu in een kinderdagverblijf.", "sign": "positive", "significance": "Ik verdien mijn eigen geld.", "blocks": []string{"workplace"}, "contribution": "De stage."}
		first := map[string]any{"id": "4b0a6f1e-5a4c-4d7e-9d1e-6f0f2a3b4c5d", "language": "ar", "link": tokA[1], "answers": answers}
		if resp := anon.SendJSON(t, "POST", "/api/v1/rounds/"+code[1]+"/responses", first); resp.Status != 201 || !strings.Contains(resp.Body, `"cursist":"KAAA"`) {
			t.Fatalf("her reflection: %d %s", resp.Status, resp.Body)
		}
		second := map[string]any{"id": "5c1b7a2f-6b5d-4e8f-8e2f-7a1a3b4c5d6e", "language": "nl", "link": tokA[1], "answers": answers}
		if resp := anon.SendJSON(t, "POST", "/api/v1/rounds/"+code[1]+"/responses", second); resp.Status != 409 {
			t.Errorf("second person on her link: %d %s", resp.Status, resp.Body)
		}
		resp = anon.Get(t, "/p/"+tokA[1])
		if resp.Status != 410 || !strings.Contains(resp.Body, "هذا الرابط استُخدم من قبل") {
			t.Errorf("spent link (in her last language, Arabic): %d %.600s", resp.Status, resp.Body)
		}
		if resp := anon.Get(t, "/p/"+tokA[1]+"?lang=uk"); !strings.Contains(resp.Body, "Це посилання вже використано") {
			t.Errorf("spent link in Ukrainian: %.400s", resp.Body)
		}
		if resp := anon.Get(t, "/p/nonsense"); resp.Status != 404 {
			t.Errorf("unknown link: %d", resp.Status)
		}

		page = co.Get(t, links)
		if !strings.Contains(page.Body, "1 cursist heeft nog niet geantwoord") || !strings.Contains(personBlock(t, page.Body, "KAAA"), "Geantwoord") {
			t.Errorf("not-answered list after her answer")
		}
		if strings.Contains(personBlock(t, page.Body, "KAAA"), tokA[1]) {
			t.Errorf("a spent link is still offered")
		}

		// One reminder, a week after the mail, to the one who has not answered.
		clock.Set(start.Add(8 * 24 * time.Hour))
		env.Server.Housekeeping(context.Background())
		clock.Set(start.Add(10 * 24 * time.Hour))
		env.Server.Housekeeping(context.Background())
		if len(mail.sent) != 2 || mail.sent[1].to != "kaba@example.org" || !strings.Contains(mail.sent[1].subject, "Herinnering") || !strings.Contains(mail.sent[1].body, tokB[0]) {
			t.Errorf("reminders = %+v", mail.sent)
		}
	})
}
