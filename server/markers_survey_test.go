package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"oogst/markers"
	"oogst/server/servertest"
	"oogst/survey"
)

var (
	msLinkRe     = regexp.MustCompile(`/m/([A-Z0-9]{16})`)
	msProposalRe = regexp.MustCompile(`name="accept" value="(\d+)"`)
)

// TestMarkerSurveyLoop: a coordinator sends a journal's markers as a survey, a partner
// answers through the public API, the proposal shows on the journal, the coordinator
// edits and accepts it, and the journal has the rating.
func TestMarkerSurveyLoop(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		o := markersSetup(t, env, "a")
		coord, partner, anon := env.As(t, "coordinator@a"), env.As(t, "partner@a"), env.Client(t)
		journal := fmt.Sprintf("/markers/partners/%d/journals/%d", o.BP, o.Period)

		r := coord.PostForm(t, journal+"/surveys", url.Values{"closes_on": {"2999-01-31"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create survey: %d %.300s", r.Status, r.Body)
		}
		page := coord.Get(t, journal)
		m := msLinkRe.FindStringSubmatch(page.Body)
		if m == nil || !strings.Contains(page.Body, "http://oogst.test/m/"+m[1]) || !strings.Contains(page.Body, "31-01-2999") {
			t.Fatalf("journal page shows no survey link:\n%.2000s", page.Body)
		}
		code := m[1]

		// The partner's staff: French questions, no cursists, answers via the API.
		r = anon.Get(t, "/api/v1/rounds/"+code+"?lang=fr")
		var round survey.PublicRound
		r.JSON(t, &round)
		if r.Status != 200 || len(round.Form.Questions) != 5 || !strings.Contains(round.Form.Questions[0].Text, "Dans quelle mesure") ||
			!strings.Contains(round.Form.Questions[0].Text, "Marker van "+o.Secret) || round.Form.Questions[0].Options[2].Text != "Clairement" {
			t.Fatalf("round %d %+v", r.Status, round.Form.Questions)
		}
		r = anon.Get(t, "/api/v1/rounds/"+code+"/cursists")
		if r.Status != 200 || !strings.Contains(r.Body, `"total":0`) {
			t.Fatalf("cursists of a marker survey: %d %s", r.Status, r.Body)
		}
		body := map[string]any{"id": uuid.NewString(), "language": "fr", "cursist": nil, "answers": map[string]any{
			markers.RatingQuestion(o.Marker): "high", markers.EvidenceQuestion(o.Marker): "Nous orientons chaque mois",
			markers.RatingQuestion(o.Other): "low", markers.RespondentQuestion: "Marie, directrice"}}
		if r = anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+code+"/responses", body); r.Status != http.StatusCreated {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}

		// The proposal is on the journal: coordinators decide, partners only read.
		page = coord.Get(t, journal)
		if !strings.Contains(page.Body, "Nous orientons chaque mois") || !strings.Contains(page.Body, "Marie, directrice") {
			t.Fatalf("proposal not on the journal:\n%.3000s", page.Body)
		}
		ids := msProposalRe.FindAllStringSubmatch(page.Body, -1)
		if len(ids) != 2 {
			t.Fatalf("accept forms %v", ids)
		}
		pp := partner.Get(t, journal)
		if !strings.Contains(pp.Body, "Nous orientons chaque mois") || msProposalRe.MatchString(pp.Body) {
			t.Fatal("partner should see the proposal without accept buttons")
		}
		var pid string
		for _, id := range ids {
			if strings.Contains(page.Body, `id="proposal-`+id[1]+`"`) && strings.Index(page.Body, `id="proposal-`+id[1]+`"`) < strings.Index(page.Body, "Nous orientons") {
				pid = id[1]
			}
		}
		if pid == "" {
			t.Fatal("no proposal id before the text")
		}
		if r = partner.PostForm(t, "/markers/proposals/"+pid+"/accept", url.Values{"rating": {"high"}}); r.Status != http.StatusForbidden {
			t.Fatalf("partner accepts: %d", r.Status)
		}
		r = coord.PostForm(t, "/markers/proposals/"+pid+"/accept", url.Values{"rating": {"medium"}, "text": {"Oriente chaque mois, vu en réunion"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %.300s", r.Status, r.Body)
		}
		v, err := markers.LoadJournal(context.Background(), env.DB, env.Scope(t, "coordinator@a"), o.BP, o.Period)
		if err != nil {
			t.Fatal(err)
		}
		var entry *markers.Entry
		for _, row := range v.Rows {
			if row.Marker.ID == o.Marker {
				entry = row.Entry
			}
		}
		if entry == nil || entry.Rating != markers.Medium || !strings.Contains(entry.Description, "Oriente chaque mois, vu en réunion") ||
			!strings.Contains(entry.Evidence, "Zelfevaluatie door "+o.Secret) {
			t.Fatalf("journal entry after accept: %+v", entry)
		}
		r = coord.Get(t, fmt.Sprintf("/api/v1/journals?partnership=%d&period=%d", o.PID, o.Period))
		if !strings.Contains(r.Body, `"rating":"medium"`) {
			t.Fatalf("API journal: %s", r.Body)
		}
		page = coord.Get(t, journal)
		if !strings.Contains(page.Body, "overgenomen door coordinator a") || !strings.Contains(page.Body, "1 voorstel wacht op jouw beslissing.") {
			t.Fatalf("history / pending count missing:\n%.3000s", page.Body)
		}
		// Decided twice: conflict.
		if r = coord.PostForm(t, "/markers/proposals/"+pid+"/reject", nil); r.Status != http.StatusConflict {
			t.Fatalf("reject after accept: %d", r.Status)
		}
	})
}

// TestMarkerSurveyAnswerPage: the server-rendered form partners get by link.
func TestMarkerSurveyAnswerPage(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		o := msSetup(t, env, "a")
		anon := env.Client(t)
		r := anon.Get(t, "/m/"+strings.ToLower(o.Code)+"?lang=en")
		if r.Status != 200 || !strings.Contains(r.Body, "en markersurvey.q.rating") || !strings.Contains(r.Body, `value="not_observed"`) || strings.Contains(r.Body, "KAAA") {
			t.Fatalf("answer page %d:\n%.2000s", r.Status, r.Body)
		}
		// A tablet round's code does not open here.
		tablet := surveyRound(t, env, "a", "Klasronde", true)
		if r = anon.Get(t, "/m/"+tablet.Code); r.Status != http.StatusNotFound {
			t.Fatalf("tablet round on /m/: %d", r.Status)
		}
		id := uuid.NewString()
		form := url.Values{"id": {id}, "language": {"en"}, markers.EvidenceQuestion(o.Marker): {"We saw it"}}
		r = anon.PostForm(t, "/m/"+o.Code, form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "We saw it") || !strings.Contains(r.Body, `id="survey-errors"`) {
			t.Fatalf("missing ratings: %d\n%.2000s", r.Status, r.Body)
		}
		form.Set(markers.RatingQuestion(o.Marker), "medium")
		form.Set(markers.RatingQuestion(o.Other), "low")
		for i := 0; i < 2; i++ { // the second post (a double click) stores nothing new
			if r = anon.PostForm(t, "/m/"+o.Code, form); r.Status != 200 || !strings.Contains(r.Body, `id="survey-done"`) {
				t.Fatalf("answer %d: %d\n%.2000s", i, r.Status, r.Body)
			}
		}
		js, err := markers.LoadJournalSurveys(context.Background(), env.DB, env.Scope(t, "coordinator@a"), o.BP, o.Period)
		if err != nil {
			t.Fatal(err)
		}
		if len(js.Proposals) != 4 || js.Proposals[2].Text != "We saw it" || js.Proposals[2].Rating != markers.Medium {
			t.Fatalf("proposals %+v", js.Proposals)
		}
	})
}
