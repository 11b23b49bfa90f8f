package server_test

import (
	"context"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/markers"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// msObjs is one partnership's marker survey with one answer, for tenancy cases.
type msObjs struct {
	markersObjs
	Code     string
	Proposal int64
}

func msTranslate(id, lang string, kv ...any) string { return fmt.Sprintf("%s %s %v", lang, id, kv) }

// msSetup sends a marker survey for key's journal and answers it once.
func msSetup(t *testing.T, env *servertest.Env, key string) msObjs {
	t.Helper()
	ctx := context.Background()
	o := msObjs{markersObjs: markersSetup(t, env, key)}
	sc := env.Scope(t, "coordinator@"+key)
	now := time.Now()
	sv, err := markers.CreateSurvey(ctx, env.DB, sc, o.BP, o.Period, msTranslate, now.AddDate(0, 0, 10), now)
	if err != nil {
		t.Fatal(err)
	}
	o.Code = sv.Code
	sub := survey.Submission{ID: uuid.NewString(), Language: "nl", Answers: map[string]survey.Answer{
		markers.RatingQuestion(o.Marker): survey.TextAnswer("high"), markers.EvidenceQuestion(o.Marker): survey.TextAnswer("Gezien door " + o.Secret),
		markers.RatingQuestion(o.Other): survey.TextAnswer("low")}}
	if _, _, err := survey.SubmitWith(ctx, env.DB, survey.Sinks{Responses: markers.ProposalSink{}}, sv.Code, sub, now); err != nil {
		t.Fatal(err)
	}
	js, err := markers.LoadJournalSurveys(ctx, env.DB, sc, o.BP, o.Period)
	if err != nil || len(js.Proposals) != 2 {
		t.Fatalf("proposals %v %v", js.Proposals, err)
	}
	o.Proposal = js.Proposals[0].ID
	return o
}

// msCase is markersCase for the marker survey objects (msSetup).
func msCase(allow []string, mk func(o msObjs) tenancyRequest) tenancyCase {
	return objectsCase(allow, msSetup, func(o msObjs) string { return o.Secret }, mk)
}

// msPublicCase: whoever holds A's code may use it; B's "object" is a code that does
// not exist.
func msPublicCase(form func(o msObjs) url.Values) tenancyCase {
	return tenancyCase{
		Public: true,
		Allow:  []string{"anonymous", "coordinator@a", "partner@a", "mentor@a", "admin"},
		Setup: func(t *testing.T, env *servertest.Env) (tenancyRequest, tenancyRequest) {
			o := msSetup(t, env, "a")
			// Every denied caller's unknown code counts against the per-IP join limit
			// that all public cases share; start each case from a clean count.
			if err := people.ClearFailures(context.Background(), env.DB, "join:127.0.0.1"); err != nil {
				t.Fatal(err)
			}
			a := tenancyRequest{Path: "/m/" + o.Code}
			b := tenancyRequest{Path: "/m/NOCODENOCODENOC"}
			if form != nil {
				a.Form, b.Form = form(o), form(o)
			}
			return a, b
		},
	}
}

func init() {
	managers := []string{"coordinator@a"}
	registerTenancy("POST /markers/partners/:id/journals/:period/surveys", markersCase(managers, func(o markersObjs) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/markers/partners/%d/journals/%d/surveys", o.BP, o.Period), Form: url.Values{}}
	}))
	registerTenancy("POST /markers/proposals/:id/accept", msCase(managers, func(o msObjs) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/markers/proposals/%d/accept", o.Proposal), Form: url.Values{"rating": {"medium"}, "text": {"Bewerkt"}}}
	}))
	registerTenancy("POST /markers/proposals/:id/reject", msCase(managers, func(o msObjs) tenancyRequest {
		return tenancyRequest{Path: fmt.Sprintf("/markers/proposals/%d/reject", o.Proposal), Form: url.Values{}}
	}))
	registerTenancy("GET /m/:code", msPublicCase(nil))
	registerTenancy("POST /m/:code", msPublicCase(func(o msObjs) url.Values {
		return url.Values{"id": {uuid.NewString()}, markers.RatingQuestion(o.Marker): {"medium"}, markers.RatingQuestion(o.Other): {"not_observed"}}
	}))
}
