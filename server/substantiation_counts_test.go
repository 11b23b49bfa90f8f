package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/server/servertest"
)

// TestSubstantiationCounts (issue 18): "confirmed" is refused until someone independent
// agreed, unless the reviewer gives a reason (kept in the history); a request can be
// e-mailed in the person's language with one reminder a week later, carrying the same
// link; a "disagree" answer takes the confirmed outcome back to review and says so.
func TestSubstantiationCounts(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t0 := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
		env, clock, mail := mailingServer(t, d, t0, servertest.Options{BaseURL: "https://oogst.example"})
		ctx := context.Background()
		o := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik bel nu zelf naar de ouders", "positive")
		sc := env.Scope(t, "coordinator@a")
		codes, err := harvest.CodeTerms().List(ctx, env.DB, sc, env.Fix.A.ID)
		if err != nil || len(codes) == 0 {
			t.Fatal(err)
		}
		code := itoa(codes[0].ID)
		if _, err := harvest.Update(ctx, env.DB, sc, env.Fix.Users["coordinator@a"].ID, o, harvest.Change{CodeIDs: &[]int64{codes[0].ID}}); err != nil {
			t.Fatal(err)
		}
		coord := env.As(t, "coordinator@a")
		path := "/outcomes/" + itoa(o)
		save := func(extra url.Values) (int, string) {
			cur, err := harvest.Get(ctx, env.DB, sc, o)
			if err != nil {
				t.Fatal(err)
			}
			f := url.Values{"code": {code}, "summary_nl": {"Belt zelf naar ouders"}, "version": {itoa(cur.Version)}}
			for k, v := range extra {
				f[k] = v
			}
			r := coord.PostForm(t, path, f)
			return r.Status, r.Body
		}
		status, body := save(url.Values{"status": {"substantiated"}})
		if status != 422 || !strings.Contains(body, "Bevestigen kan pas als iemand onafhankelijk het eens is") || !strings.Contains(body, "Geef de reden om toch te bevestigen.") ||
			!strings.Contains(body, "Belt zelf naar ouders") {
			t.Fatalf("confirm without substantiation: %d %.3000s", status, body)
		}
		if status, body = save(url.Values{"status": {"substantiated"}, "confirm_override": {"Zelf gezien op de stageplaats"}}); status != 303 {
			t.Fatalf("confirm with a reason: %d %.2000s", status, body)
		}
		page := coord.Get(t, path).Body
		if !strings.Contains(page, "Bevestigd zonder instemming, met reden") || !strings.Contains(page, "Zelf gezien op de stageplaats") {
			t.Errorf("override not in the history: %.4000s", page)
		}

		// A request with a bad address keeps what was typed; a good one is mailed in French.
		r := coord.PostForm(t, path+"/substantiations", url.Values{"name": {"Sara"}, "email": {"sara@"}, "language": {"fr"}})
		if r.Status != 422 || !strings.Contains(r.Body, "Dit is geen geldig e-mailadres.") || !strings.Contains(r.Body, `value="Sara"`) || !strings.Contains(r.Body, `value="sara@"`) {
			t.Fatalf("bad address: %d", r.Status)
		}
		if r = coord.PostForm(t, path+"/substantiations", url.Values{"name": {"Sara"}, "role": {"mentor"}, "email": {"sara@example.org"}, "language": {"fr"}}); r.Status != 303 {
			t.Fatalf("request: %d", r.Status)
		}
		page = coord.Get(t, path).Body
		link := ""
		if i := strings.Index(page, `value="https://oogst.example/substantiate/`); i >= 0 {
			link = strings.SplitN(page[i+len(`value="https://oogst.example`):], `"`, 2)[0]
		}
		sent := func() []sentMail {
			mail.mu.Lock()
			defer mail.mu.Unlock()
			return append([]sentMail(nil), mail.sent...)
		}
		got := sent()
		if link == "" || len(got) != 1 || got[0].to != "sara@example.org" || got[0].subject != "Ce changement est-il exact ? Une question de Partnership A" ||
			!strings.Contains(got[0].body, "https://oogst.example"+link+"\n") || !strings.Contains(page, "De link is gemaild naar sara@example.org") {
			t.Fatalf("mailed request: link %q, mails %+v", link, got)
		}
		// The person's page is in French (no language chosen), names no cursist.
		anon := env.Client(t)
		lp := anon.Get(t, link)
		if lp.Status != 200 || !strings.Contains(lp.Body, "Partenariat") || !strings.Contains(lp.Body, "La description de ce qui a changé est-elle exacte ?") {
			t.Fatalf("link page: %d %.2000s", lp.Status, lp.Body)
		}

		// One reminder after a week, with the same link; not a second one.
		env.Server.Housekeeping(ctx)
		if n := len(sent()); n != 1 {
			t.Fatalf("%d mails right after the request", n)
		}
		clock.Set(t0.Add(8 * 24 * time.Hour))
		env.Server.Housekeeping(ctx)
		got = sent()
		if len(got) != 2 || got[1].to != "sara@example.org" || got[1].subject != "Rappel : ce changement est-il exact ?" || !strings.Contains(got[1].body, "https://oogst.example"+link+"\n") {
			t.Fatalf("reminder: %+v", got)
		}
		clock.Set(t0.Add(9*24*time.Hour + time.Hour))
		env.Server.Housekeeping(ctx)
		if n := len(sent()); n != 2 {
			t.Errorf("%d mails after a second day, want 2", n)
		}

		// Her "disagree" takes the confirmed outcome back to review, visibly.
		if r := anon.PostForm(t, link, url.Values{"agreement_description": {"agree"}, "agreement_significance": {"disagree"}, "agreement_contribution": {"partly"},
			"comment_significance": {"Dat deed ze vroeger ook al."}}); r.Status != 303 {
			t.Fatalf("answer: %d %.2000s", r.Status, r.Body)
		}
		cur, err := harvest.Get(ctx, env.DB, sc, o)
		if err != nil || cur.Status != harvest.StatusCoded {
			t.Fatalf("after disagree: %v %s", err, cur.Status)
		}
		page = coord.Get(t, path).Body
		if !strings.Contains(page, "Sara is het niet eens.") || !strings.Contains(page, "Dat deed ze vroeger ook al.") {
			t.Errorf("disagreement not shown on the outcome: %.4000s", page)
		}
		var email string
		if err := env.DB.Q(ctx).Model(&harvest.Substantiation{}).Where("name = ?", "Sara").Pluck("email", &email).Error; err != nil || email != "" {
			t.Errorf("address kept after the answer: %q %v", email, err)
		}
	})
}
