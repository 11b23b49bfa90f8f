package survey_test

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/people"
	"oogst/survey"
)

// TestIdentifyModeStoredAndEnforced: the coordinator's choice of how cursists say who
// they are is stored with the round (list by default), an anonymous-only round allows
// anonymous answers and takes no cursist code, and a code round takes codes.
func TestIdentifyModeStoredAndEnforced(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f, _, err := survey.EnsureBuiltin(ctx, d, w.now)
		if err != nil {
			t.Fatal(err)
		}
		open := func(mode string, anonymous bool) survey.Round {
			r, err := survey.CreateRound(ctx, d, w.sc, survey.RoundInput{PartnershipID: w.fix.A.ID, FormID: f.ID, Title: "R " + mode,
				GroupName: "Groep A", OpensAt: w.now.Add(-time.Hour), AnonymousAllowed: anonymous, IdentifyMode: mode}, w.now)
			if err != nil {
				t.Fatalf("round %q: %v", mode, err)
			}
			return r
		}
		stored := func(r survey.Round) string {
			var back survey.Round
			if err := d.Q(ctx).First(&back, r.ID).Error; err != nil {
				t.Fatal(err)
			}
			return back.IdentifyMode
		}
		if m := stored(open("", false)); m != survey.IdentifyList {
			t.Errorf("default mode = %q, want list", m)
		}
		code := open(survey.IdentifyCode, false)
		if m := stored(code); m != survey.IdentifyCode || code.ListsCursists() {
			t.Errorf("code round: mode %q, lists cursists %v", m, code.ListsCursists())
		}
		anon := open(survey.IdentifyAnonymous, false)
		if m := stored(anon); m != survey.IdentifyAnonymous || !anon.AnonymousAllowed {
			t.Errorf("anonymous round: mode %q, anonymous allowed %v", m, anon.AnonymousAllowed)
		}
		if _, err := survey.CreateRound(ctx, d, w.sc, survey.RoundInput{PartnershipID: w.fix.A.ID, FormID: f.ID, Title: "x", IdentifyMode: "guess"}, w.now); fields(t, err)["identify_mode"] != "tabletcheck.err.identify_mode" {
			t.Errorf("unknown mode: %v", err)
		}

		withCode := sub(good())
		who := "KAAA"
		withCode.Cursist = &who
		if _, _, err := survey.Submit(ctx, d, nil, anon.Code, withCode, w.now); fields(t, err)["cursist"] != "submit.unknown_cursist" {
			t.Errorf("anonymous-only round took a cursist code: %v", err)
		}
		if _, created, err := survey.Submit(ctx, d, nil, anon.Code, sub(good()), w.now); err != nil || !created {
			t.Errorf("anonymous answer in an anonymous-only round: %v", err)
		}
		out, _, err := survey.Submit(ctx, d, nil, code.Code, withCode, w.now)
		if err != nil || out.Cursist == nil || *out.Cursist != who {
			t.Errorf("code round: %+v %v", out, err)
		}
	})
}

// TestCursistNativeName: the first name in her own script is kept, changed and cleared
// through the cursist form's input.
func TestCursistNativeName(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		c, err := people.CreateCursist(ctx, d, w.sc, w.fix.A.ID, people.CursistInput{FirstName: "Fatima", NativeName: " فاطمة ", Group: "Groep A"}, w.now)
		if err != nil {
			t.Fatal(err)
		}
		load := func() string {
			var back people.Cursist
			if err := d.Q(ctx).First(&back, c.ID).Error; err != nil {
				t.Fatal(err)
			}
			return back.DisplayNameNative
		}
		if got := load(); got != "فاطمة" {
			t.Errorf("stored native name %q", got)
		}
		in := people.CursistInput{Code: c.Code, FirstName: "Fatima", NativeName: "Фатіма", Group: "Groep A", Active: true}
		if _, err := people.UpdateCursist(ctx, d, w.sc, w.fix.A.ID, c.ID, in, w.now); err != nil {
			t.Fatal(err)
		}
		if got := load(); got != "Фатіма" {
			t.Errorf("updated native name %q", got)
		}
		in.NativeName = ""
		if _, err := people.UpdateCursist(ctx, d, w.sc, w.fix.A.ID, c.ID, in, w.now); err != nil {
			t.Fatal(err)
		}
		if got := load(); got != "" {
			t.Errorf("cleared native name %q", got)
		}
	})
}
