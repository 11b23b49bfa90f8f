package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"oogst/harvest"
	"oogst/server/servertest"
)

// TestMentorRecordsObservation (issue 18): a mentor records a change she saw in a
// cursist of her own group; it becomes a new outcome (source observation, her role)
// that the coordinator reviews; a cursist of another group is not found (404) and is
// not offered on the form.
func TestMentorRecordsObservation(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		mentor := env.As(t, "mentor@a")
		inbox := mentor.Get(t, "/outcomes")
		if !strings.Contains(inbox.Body, `id="observe-link"`) {
			t.Error("the inbox offers the mentor no way to record an observation")
		}
		form := mentor.Get(t, "/outcomes/observe")
		own, other := env.Fix.Cursists["KAAA"], env.Fix.Cursists["KACA"] // Groep A, Groep B
		if form.Status != 200 || !strings.Contains(form.Body, own.Code) || strings.Contains(form.Body, other.Code) {
			t.Fatalf("form: %d, lists own group only? %.2000s", form.Status, form.Body)
		}
		post := func(cid int64, change string) (int, string) {
			r := mentor.PostForm(t, "/outcomes/observe", url.Values{"partnership": {itoa(env.Fix.A.ID)}, "cursist": {itoa(cid)},
				"observer_role": {"job_coach"}, "change": {change}, "sign": {"positive"}, "block": {"workplace"}, "date": {"2026-11-20"}})
			return r.Status, r.Body
		}
		// Nothing typed about the change: the reason, the rest kept.
		if st, body := post(own.ID, " "); st != 422 || !strings.Contains(body, "workplace\" checked") {
			t.Errorf("empty change: %d", st)
		}
		if st, body := post(other.ID, "Verhaal over iemand anders"); st != 404 || strings.Contains(body, "Verhaal over iemand anders") {
			t.Errorf("cursist of another group: %d", st)
		}
		if st, _ := post(env.Fix.Cursists["KAAB"].ID, "Andere partnerschap"); st == 303 {
			t.Error("cursist of another partnership accepted")
		}
		st, _ := post(own.ID, "Ze belt nu zelf de werkgever als ze ziek is.")
		if st != 303 {
			t.Fatalf("observation: %d", st)
		}
		ctx := context.Background()
		sc := env.Scope(t, "coordinator@a")
		page, err := harvest.List(ctx, env.DB, sc, harvest.Filter{Q: "belt nu zelf"})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 {
			t.Fatalf("observations in the coordinator's inbox = %d, want 1", page.Total)
		}
		o, err := harvest.Get(ctx, env.DB, sc, page.Items[0].ID)
		if err != nil || o.Source != "observation" || o.SourceDetail != "job_coach" || o.CursistID == nil || *o.CursistID != own.ID ||
			o.GroupName != "Groep A" || o.Status != harvest.StatusNew || o.SubmittedAt.Format("2006-01-02") != "2026-11-20" || len(o.Blocks) != 1 {
			t.Fatalf("stored observation: %v %+v", err, o)
		}
		shown := env.As(t, "coordinator@a").Get(t, "/outcomes/"+itoa(o.ID)).Body
		if !strings.Contains(shown, "Observatie: jobcoach") {
			t.Errorf("outcome page does not name the observer's role: %.1500s", shown)
		}
	})
}
