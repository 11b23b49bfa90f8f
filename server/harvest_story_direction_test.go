package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/harvest"
	"oogst/server/servertest"
)

// Reviewers read cursists' stories in their own script: an Arabic story is marked
// lang="ar" dir="rtl" on every page that shows it, a Dutch one lang="nl" dir="auto",
// and the Dutch headings around them stay Dutch.
func TestStoriesKeepTheirLanguageAndDirection(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		ctx := context.Background()
		a := env.Fix.A.ID
		story := "(تجريبي) قرأت قصة للأطفال."
		ar := reflectOutcome(t, env, a, 1001, "Groep A", "ar", story, "positive")
		nl := reflectOutcome(t, env, a, 1002, "Groep A", "nl", "Ik kom op tijd", "positive")
		sc := env.Scope(t, "coordinator@a")
		uid := env.Fix.Users["coordinator@a"].ID
		m, err := harvest.CreateMeeting(ctx, env.DB, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: "Stuurgroep", HeldAt: time.Now(), OutcomeIDs: []int64{ar}})
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := harvest.RequestSubstantiation(ctx, env.DB, sc, uid, ar, harvest.SubstRequest{Name: "Sara", Role: "mentor"}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		coord := env.As(t, "coordinator@a")
		rtl := `lang="ar" dir="rtl">` + story + "<"
		for _, page := range []string{"/outcomes", fmt.Sprintf("/outcomes/%d", ar), fmt.Sprintf("/meetings/%d?i=1", m.ID), fmt.Sprintf("/meetings/%d/report", m.ID)} {
			r := coord.Get(t, page)
			if r.Status != 200 || !strings.Contains(r.Body, rtl) {
				t.Errorf("%s (%d): Arabic story not marked right-to-left", page, r.Status)
			}
		}
		if r := coord.Get(t, fmt.Sprintf("/outcomes/%d", ar)); strings.Contains(r.Body, `<section class="card" lang="ar"`) {
			t.Error("outcome page marks its Dutch headings as Arabic")
		}
		if r := coord.Get(t, fmt.Sprintf("/outcomes/%d", nl)); !strings.Contains(r.Body, `lang="nl" dir="auto">Ik kom op tijd<`) {
			t.Error("Dutch story not marked lang=nl dir=auto")
		}
		if r := env.Client(t).Get(t, "/substantiate/"+token); r.Status != 200 || !strings.Contains(r.Body, rtl) {
			t.Errorf("substantiation page (%d): Arabic story not marked right-to-left", r.Status)
		}

		// The round's own page lists the raw answers.
		round := surveyRound(t, env, "a", "Ronde", true)
		body := submitBody(uuid.NewString(), map[string]any{"change": story, "sign": "positive", "significance": "مهم لي.", "blocks": []string{"training"}})
		body["language"] = "ar"
		if r := env.Client(t).SendJSON(t, http.MethodPost, "/api/v1/rounds/"+round.Code+"/responses", body); r.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		if r := coord.Get(t, fmt.Sprintf("/survey/rounds/%d", round.ID)); r.Status != 200 || !strings.Contains(r.Body, `lang="ar" dir="rtl">`+story+"<") {
			t.Errorf("round page (%d): Arabic answer not marked right-to-left", r.Status)
		}
	})
}
