package server_test

import (
	"context"
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
			sc := scopeOfUser(t, env, "coordinator@a")
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
