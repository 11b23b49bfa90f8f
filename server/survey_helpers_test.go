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
	p := env.Fix.Partnership(which)
	r, err := survey.CreateRound(ctx, env.DB, env.Scope(t, "coordinator@"+which), survey.RoundInput{
		PartnershipID: p.ID, FormID: f.ID, Title: title, GroupName: "Groep A", OpensAt: now.Add(-time.Hour), AnonymousAllowed: anonymous,
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// surveyForm copies the built-in form into partnership "a" or "b" under a name, with
// an audio prompt for "change" in Dutch; published when publish is set.
func surveyForm(t testing.TB, env *servertest.Env, which, name string, publish bool) survey.Form {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	b, _, err := survey.EnsureBuiltin(ctx, env.DB, now)
	if err != nil {
		t.Fatal(err)
	}
	p := env.Fix.Partnership(which)
	sc := env.Scope(t, "coordinator@"+which)
	f, err := survey.CopyForm(ctx, env.DB, sc, b.ID, p.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := survey.EditForm(ctx, env.DB, sc, f.ID, now, func(d *survey.Definition) error { d.Title["nl"] = name; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := survey.SavePrompt(ctx, env.DB, sc, env.DataDir, f.ID, "change", "nl", bytes.NewReader(webm(64)), 1<<20, now); err != nil {
		t.Fatal(err)
	}
	if publish {
		if _, err := survey.Publish(ctx, env.DB, sc, f.ID, now); err != nil {
			t.Fatal(err)
		}
	}
	f.Name = name
	return f
}

// coordScope, scopeOfUser and harvestScope are env.Scope under the names the browser
// tests still call (those need Chromium to run, so they are left as they were).
func coordScope(t *testing.T, env *servertest.Env, key string) people.Scope {
	t.Helper()
	return env.Scope(t, key)
}

func scopeOfUser(t testing.TB, env *servertest.Env, key string) people.Scope {
	t.Helper()
	return env.Scope(t, key)
}

func harvestScope(t *testing.T, env *servertest.Env, who string) people.Scope {
	t.Helper()
	return env.Scope(t, who)
}
