package server_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// scopeOfUser loads a fixture user's scope.
func scopeOfUser(t testing.TB, env *servertest.Env, key string) people.Scope {
	t.Helper()
	sc, err := people.LoadScope(context.Background(), env.DB, env.Fix.Users[key].ID)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// surveyRound opens a round on the built-in reflection form for partnership "a" or "b",
// group "Groep A", open since an hour.
func surveyRound(t testing.TB, env *servertest.Env, which, title string, anonymous bool) survey.Round {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	f, _, err := survey.EnsureBuiltin(ctx, env.DB, now)
	if err != nil {
		t.Fatal(err)
	}
	p := env.Fix.A
	if which == "b" {
		p = env.Fix.B
	}
	r, err := survey.CreateRound(ctx, env.DB, scopeOfUser(t, env, "coordinator@"+which), survey.RoundInput{
		PartnershipID: p.ID, FormID: f.ID, Title: title, GroupName: "Groep A", OpensAt: now.Add(-time.Hour), AnonymousAllowed: anonymous,
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
