package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/server/servertest"
	"oogst/survey"
)

// undeliverableCase reports a refused reflection in a round of A and one of B, and
// calls the coordinator's decision route on each.
func undeliverableCase(action string) tenancyCase {
	return tenancyCase{
		Allow: []string{"coordinator@a"},
		Setup: func(t *testing.T, env *servertest.Env) (a, b tenancyRequest) {
			mk := func(which string) tenancyRequest {
				r := surveyRound(t, env, which, secret("Round"+which), true)
				id := uuid.NewString()
				p, _ := json.Marshal(submitBody(id, goodAnswers()))
				if err := survey.ReportUndeliverable(context.Background(), env.DB, r.Code, id, p, "HTTP 409", time.Now()); err != nil {
					t.Fatal(err)
				}
				var u survey.Undeliverable
				if err := env.DB.Q(context.Background()).Where("client_id = ?", id).First(&u).Error; err != nil {
					t.Fatal(err)
				}
				return tenancyRequest{Path: fmt.Sprintf("/survey/rounds/%d/undeliverable/%d/%s", r.ID, u.ID, action), Form: url.Values{}, Secret: r.Title}
			}
			return mk("a"), mk("b")
		},
	}
}

func init() {
	registerTenancy("POST /api/v1/rounds/:code/undeliverable", publicRoundCase("/undeliverable", func(t *testing.T, env *servertest.Env, r survey.Round) any {
		// The walk's earlier public round routes each try an unknown code per caller;
		// together they reach the join-code rate limit of the test's one IP. Start
		// this route with a clean count, as a different classroom would.
		if err := env.DB.Q(context.Background()).Exec("DELETE FROM attempt_counters").Error; err != nil {
			t.Fatal(err)
		}
		id := uuid.NewString()
		return map[string]any{"id": id, "reason": "HTTP 409", "payload": submitBody(id, goodAnswers())}
	}))
	registerTenancy("POST /survey/rounds/:id/settings", roundCase("/settings", url.Values{"idle_minutes": {"5"}}, "coordinator@a"))
	registerTenancy("POST /survey/rounds/:id/undeliverable/:uid/accept", undeliverableCase("accept"))
	registerTenancy("POST /survey/rounds/:id/undeliverable/:uid/discard", undeliverableCase("discard"))
}
