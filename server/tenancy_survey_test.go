package server_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/server/servertest"
	"oogst/survey"
)

// Public round routes: the join code is the capability, so every caller (anonymous
// included) may use A's code; B's "object" is a code that does not exist: 404.
func publicRoundCase(suffix string, body func(t *testing.T, env *servertest.Env, r survey.Round) any) tenancyCase {
	return tenancyCase{
		Public: true,
		Allow:  []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			r := surveyRound(t, env, "a", "Tenancy ronde", true)
			a = tenancyRequest{Path: "/api/v1/rounds/" + r.Code + suffix}
			b = tenancyRequest{Path: "/api/v1/rounds/NOCODE" + suffix}
			if body != nil {
				a.JSON = body(t, env, r)
				b.JSON = a.JSON
			}
			return a, b
		},
	}
}

func init() {
	registerTenancy("GET /api/v1/rounds/:code", publicRoundCase("", nil))
	registerTenancy("GET /api/v1/rounds/:code/cursists", publicRoundCase("/cursists", nil))
	registerTenancy("POST /api/v1/rounds/:code/responses", publicRoundCase("/responses", func(t *testing.T, env *servertest.Env, r survey.Round) any {
		return submitBody(uuid.NewString(), goodAnswers())
	}))
	registerTenancy("GET /api/v1/rounds/:code/audio/prompts/:question/:lang", tenancyCase{
		Public: true,
		Allow:  []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			r := surveyRound(t, env, "a", "Tenancy ronde", true)
			ctx := context.Background()
			sc := env.Scope(t, "coordinator@a")
			f, err := survey.CopyForm(ctx, env.DB, sc, r.FormID, env.Fix.A.ID, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := survey.SavePrompt(ctx, env.DB, sc, env.DataDir, f.ID, "change", "nl", bytesReader(webm(100)), 1<<20, time.Now()); err != nil {
				t.Fatal(err)
			}
			if _, err := survey.Publish(ctx, env.DB, sc, f.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			r2, err := survey.CreateRound(ctx, env.DB, sc, survey.RoundInput{PartnershipID: env.Fix.A.ID, FormID: f.ID, Title: "Met prompt"}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			return tenancyRequest{Path: "/api/v1/rounds/" + r2.Code + "/audio/prompts/change/nl"}, tenancyRequest{Path: "/api/v1/rounds/NOCODE/audio/prompts/change/nl"}
		},
	})
	exemptTenancy("POST /api/v1/rounds/:code/audio", "multipart upload to a join code (the capability); TestSurveyAPIAudio checks it, and an unknown code answers 404 like the other round routes")
	registerTenancy("GET /attachments/:id", tenancyCase{
		Allow: []string{"coordinator@a", "partner@a", "mentor@a"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			ids := [2]string{}
			for i, which := range []string{"a", "b"} {
				r := surveyRound(t, env, which, "Ronde", true)
				id := uuid.NewString()
				if _, _, err := survey.SaveAttachment(context.Background(), env.DB, env.DataDir, r.Code, id, bytesReader(webm(50)), 1<<20, time.Now()); err != nil {
					t.Fatal(err)
				}
				ids[i] = id
			}
			return tenancyRequest{Path: "/attachments/" + ids[0]}, tenancyRequest{Path: "/attachments/" + ids[1]}
		},
	})
}

var surveySeq int

func secret(prefix string) string {
	surveySeq++
	return fmt.Sprintf("%s-geheim-%d", prefix, surveySeq)
}

// pairCase: a route base+id+suffix on an object of partnership A versus one of B; create
// creates the object of a partnership ("a" or "b") and returns its id and its secret
// name, which B's object's answers must never show.
func pairCase(base, suffix string, form url.Values, allow []string, create func(t *testing.T, env *servertest.Env, which string) (int64, string)) tenancyCase {
	return tenancyCase{
		Allow: allow,
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			ida, sa := create(t, env, "a")
			idb, sb := create(t, env, "b")
			a = tenancyRequest{Path: fmt.Sprintf("%s%d%s", base, ida, suffix), Form: form, Secret: sa}
			b = tenancyRequest{Path: fmt.Sprintf("%s%d%s", base, idb, suffix), Form: form, Secret: sb}
			return a, b
		},
	}
}

// formCase: a route on a form of partnership A versus one of partnership B.
func formCase(suffix string, form url.Values, allow ...string) tenancyCase {
	return pairCase("/survey/forms/", suffix, form, allow, func(t *testing.T, env *servertest.Env, which string) (int64, string) {
		f := surveyForm(t, env, which, secret("Form"+strings.ToUpper(which)), false)
		return f.ID, f.Name
	})
}

// roundCase: a route on a round of partnership A (group "Groep A") versus one of B.
func roundCase(suffix string, form url.Values, allow ...string) tenancyCase {
	return pairCase("/survey/rounds/", suffix, form, allow, func(t *testing.T, env *servertest.Env, which string) (int64, string) {
		r := surveyRound(t, env, which, secret("Round"+strings.ToUpper(which)), true)
		return r.ID, r.Title
	})
}

func init() {
	coord := "coordinator@a"
	readers := []string{"coordinator@a", "partner@a"}
	staff := []string{"coordinator@a", "partner@a", "mentor@a"}
	exemptTenancy("GET /survey/forms", "lists only the built-in forms and the caller's own partnerships' forms (TestSurveyStaffListsStayInScope)")
	exemptTenancy("GET /survey/rounds", "lists only the caller's own partnerships' rounds (TestSurveyStaffListsStayInScope)")
	exemptTenancy("POST /survey/forms/:id/audio", "multipart upload; TestSurveyStaffPromptUpload checks A's coordinator may and B's gets 404")
	registerTenancy("POST /survey/forms", tenancyCase{
		Allow: []string{coord},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			return tenancyRequest{Path: "/survey/forms", Form: url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "name": {"Nieuw"}}},
				tenancyRequest{Path: "/survey/forms", Form: url.Values{"partnership_id": {fmt.Sprint(env.Fix.B.ID)}, "name": {"Nieuw"}}}
		},
	})
	registerTenancy("GET /survey/forms/:id", formCase("", nil, readers...))
	registerTenancy("POST /survey/forms/:id", formCase("", url.Values{"title_nl": {"Andere titel"}, "languages": {"nl", "fr"}}, coord))
	registerTenancy("POST /survey/forms/:id/questions", formCase("/questions", url.Values{"new": {"1"}, "type": {"short_text"}, "text_nl": {"Nog een vraag?"}}, coord))
	registerTenancy("POST /survey/forms/:id/questions/:qid/delete", formCase("/questions/contribution/delete", url.Values{}, coord))
	registerTenancy("POST /survey/forms/:id/translations/:lang/confirm", formCase("/translations/fr/confirm", url.Values{}, coord))
	registerTenancy("GET /survey/forms/:id/audio/:qid/:lang", formCase("/audio/change/nl", nil, readers...))
	registerTenancy("GET /survey/forms/:id/preview", formCase("/preview?lang=ar", nil, readers...))
	registerTenancy("POST /survey/forms/:id/publish", formCase("/publish", url.Values{}, coord))
	registerTenancy("POST /survey/forms/:id/copy", tenancyCase{
		Allow: []string{coord},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			fa := surveyForm(t, env, "a", secret("FormA"), false)
			fb := surveyForm(t, env, "b", secret("FormB"), false)
			to := url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}}
			return tenancyRequest{Path: fmt.Sprintf("/survey/forms/%d/copy", fa.ID), Form: to, Secret: fa.Name},
				tenancyRequest{Path: fmt.Sprintf("/survey/forms/%d/copy", fb.ID), Form: to, Secret: fb.Name}
		},
	})
	registerTenancy("POST /survey/rounds", tenancyCase{
		Allow: []string{coord},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			fa := surveyForm(t, env, "a", secret("FormA"), true)
			fb := surveyForm(t, env, "b", secret("FormB"), true)
			return tenancyRequest{Path: "/survey/rounds", Form: url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "form_id": {fmt.Sprint(fa.ID)}, "title": {"R"}, "group": {"Groep A"}}},
				tenancyRequest{Path: "/survey/rounds", Form: url.Values{"partnership_id": {fmt.Sprint(env.Fix.B.ID)}, "form_id": {fmt.Sprint(fb.ID)}, "title": {"R"}, "group": {"Groep A"}}}
		},
	})
	registerTenancy("GET /survey/rounds/:id", roundCase("", nil, staff...))
	registerTenancy("POST /survey/rounds/:id/close", roundCase("/close", url.Values{}, coord))
	registerTenancy("GET /survey/rounds/:id/qr.png", roundCase("/qr.png", nil, staff...))
	registerTenancy("GET /survey/rounds/:id/sheet", roundCase("/sheet", nil, staff...))
}
