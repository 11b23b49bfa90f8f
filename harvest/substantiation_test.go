package harvest_test

import (
	"context"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

func TestOverallAgreement(t *testing.T) {
	for _, c := range []struct {
		in   [3]string
		want string
	}{
		{[3]string{"agree", "agree", "agree"}, "agree"},
		{[3]string{"agree", "dont_know", "dont_know"}, "agree"},
		{[3]string{"agree", "partly", "agree"}, "partly"},
		{[3]string{"partly", "disagree", "agree"}, "disagree"},
		{[3]string{"dont_know", "dont_know", "dont_know"}, "dont_know"},
	} {
		if got := harvest.Overall(c.in[:]...); got != c.want {
			t.Errorf("Overall(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func allAspects(agreement string) harvest.SubstAnswer {
	a := harvest.SubstAnswer{Aspects: map[string]harvest.Aspect{}}
	for _, k := range harvest.AspectKeys {
		a.Aspects[k] = harvest.Aspect{Agreement: agreement}
	}
	return a
}

// Confirming needs an agreeing answer from someone independent, or the reviewer's
// reason (kept in the history with who gave it); "disagree" reopens a confirmed outcome.
func TestConfirmNeedsAgreementOrOverride(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, coord := w.as("coordinator@a")
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		code := presetID(t, d, "self_confidence")
		coded := func(resp int64) harvest.Outcome {
			o := w.reflect(t, w.fix.A.ID, resp, 1, "Ronde 1", "Groep A", "positive", []string{"training"}, now)
			if _, err := harvest.Update(ctx, d, sc, coord, o.ID, harvest.Change{CodeIDs: &[]int64{code}}); err != nil {
				t.Fatal(err)
			}
			return o
		}
		o := coded(201)
		_, err := harvest.Update(ctx, d, sc, coord, o.ID, harvest.Change{Status: ptr("substantiated")})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || e.Fields["status"].ID != "subst2.error.confirm_needs" || e.Fields["confirm_override"].ID == "" {
			t.Fatalf("confirmed without substantiation: %v", err)
		}
		// Someone asked, but not yet answered: still refused.
		tok, _, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o.ID, harvest.SubstRequest{Name: "Sara", Role: "mentor"}, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Update(ctx, d, sc, coord, o.ID, harvest.Change{Status: ptr("substantiated")}); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("confirmed while the answer is pending: %v", err)
		}
		// A "don't know" everywhere is no agreement either.
		if _, err := harvest.AnswerSubstantiation(ctx, d, tok, allAspects("dont_know"), now); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Update(ctx, d, sc, coord, o.ID, harvest.Change{Status: ptr("substantiated")}); !apperr.Is(err, apperr.KindInvalid) {
			t.Fatalf("confirmed on 'don't know': %v", err)
		}
		// The override, with a reason, is kept in the history under the reviewer.
		up, err := harvest.Update(ctx, d, sc, coord, o.ID, harvest.Change{Status: ptr("substantiated"), ConfirmOverride: ptr("  Zelf gezien op de stageplaats ")})
		if err != nil || up.Status != harvest.StatusSubstantiated {
			t.Fatalf("override: %v %s", err, up.Status)
		}
		hist, err := harvest.History(ctx, d, sc, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range hist {
			if h.Field == "confirm_override" {
				found = h.NewValue == "Zelf gezien op de stageplaats" && h.UserID != nil && *h.UserID == coord
			}
		}
		if !found {
			t.Errorf("override not in the history with its reason and reviewer: %+v", hist)
		}

		// An agreeing answer lets a second outcome be confirmed without a reason.
		o2 := coded(202)
		tok2, _, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o2.ID, harvest.SubstRequest{Name: "Jobcoach Ali"}, now)
		if err != nil {
			t.Fatal(err)
		}
		ans := allAspects("agree")
		ans.Aspects["contribution"] = harvest.Aspect{Agreement: "dont_know", Comment: "weet ik niet"}
		s, err := harvest.AnswerSubstantiation(ctx, d, tok2, ans, now)
		if err != nil || s.Agreement != "agree" || s.ContributionComment != "weet ik niet" {
			t.Fatalf("answer: %v %+v", err, s)
		}
		if _, err := harvest.Update(ctx, d, sc, coord, o2.ID, harvest.Change{Status: ptr("substantiated")}); err != nil {
			t.Fatalf("confirm after agreement: %v", err)
		}

		// A later "disagree" takes it back to review, and the history says so.
		tok3, _, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o2.ID, harvest.SubstRequest{Name: "Leerkracht"}, now)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := harvest.Get(ctx, d, sc, o2.ID)
		dis := allAspects("agree")
		dis.Aspects["significance"] = harvest.Aspect{Agreement: "disagree", Comment: "Dat was vóór de opleiding al zo."}
		s3, err := harvest.AnswerSubstantiation(ctx, d, tok3, dis, now)
		if err != nil || s3.Agreement != "disagree" {
			t.Fatalf("disagree: %v %+v", err, s3)
		}
		after, _ := harvest.Get(ctx, d, sc, o2.ID)
		if after.Status != harvest.StatusCoded || after.Version != before.Version+1 {
			t.Errorf("after disagree: status %s version %d (was %d)", after.Status, after.Version, before.Version)
		}
		hist, _ = harvest.History(ctx, d, sc, o2.ID)
		if len(hist) == 0 || !hasHistory(hist, "status", "substantiated", "coded") || !hasHistory(hist, "substantiation", "", "Leerkracht: disagree") {
			t.Errorf("history after disagree: %+v", hist)
		}
		// Answered once only; every aspect needs an answer.
		if _, err := harvest.AnswerSubstantiation(ctx, d, tok3, allAspects("agree"), now); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("second answer: %v", err)
		}
		tok4, _, _ := harvest.RequestSubstantiation(ctx, d, sc, coord, o2.ID, harvest.SubstRequest{Name: "X"}, now)
		half := allAspects("agree")
		delete(half.Aspects, "description")
		half.Aspects["contribution"] = harvest.Aspect{Agreement: "maybe"}
		_, err = harvest.AnswerSubstantiation(ctx, d, tok4, half, now)
		if e, ok := apperr.As(err); !ok || e.Fields["agreement_description"].ID == "" || e.Fields["agreement_contribution"].ID == "" || e.Fields["agreement_significance"].ID != "" {
			t.Errorf("incomplete answer: %v", err)
		}
		// "partly" on a coded outcome leaves it coded.
		if _, err := harvest.AnswerSubstantiation(ctx, d, tok4, allAspects("partly"), now); err != nil {
			t.Fatal(err)
		}
		if got, _ := harvest.Get(ctx, d, sc, o2.ID); got.Status != harvest.StatusCoded {
			t.Errorf("partly on coded: %s", got.Status)
		}
	})
}

func hasHistory(hist []harvest.HistoryRow, field, old, new string) bool {
	for _, h := range hist {
		if h.Field == field && h.OldValue == old && h.NewValue == new {
			return true
		}
	}
	return false
}

// An e-mailed request gets one reminder a week later, with a link that still opens the
// same request; the address is forgotten once the person answers.
func TestSubstantiationReminderAndPage(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, coord := w.as("coordinator@a")
		t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		o := w.reflect(t, w.fix.A.ID, 301, 1, "Ronde 1", "Groep A", "positive", nil, t0)
		_, _, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o.ID, harvest.SubstRequest{Name: "Sara", Email: "not an address"}, t0)
		if e, ok := apperr.As(err); !ok || e.Fields["email"].ID != "subst2.error.email" {
			t.Fatalf("bad address: %v", err)
		}
		tok, s, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o.ID, harvest.SubstRequest{Name: "Sara", Email: "sara@example.org", Language: "fr"}, t0)
		if err != nil || s.Language != "fr" {
			t.Fatal(err, s.Language)
		}
		if _, _, err := harvest.RequestSubstantiation(ctx, d, sc, coord, o.ID, harvest.SubstRequest{Name: "Zonder mail"}, t0); err != nil {
			t.Fatal(err)
		}
		if due, err := harvest.DueSubstReminders(ctx, d, t0.Add(6*24*time.Hour)); err != nil || len(due) != 0 {
			t.Fatalf("due after 6 days: %v %d", err, len(due))
		}
		due, err := harvest.DueSubstReminders(ctx, d, t0.Add(8*24*time.Hour))
		if err != nil || len(due) != 1 || due[0].Sub.ID != s.ID || due[0].Token != tok || due[0].Sub.Email != "sara@example.org" {
			t.Fatalf("due after 8 days: %v %+v", err, due)
		}
		if err := harvest.MarkSubstReminded(ctx, d, s.ID, t0.Add(8*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if due, _ := harvest.DueSubstReminders(ctx, d, t0.Add(9*24*time.Hour)); len(due) != 0 {
			t.Errorf("reminded twice: %+v", due)
		}
		page, err := harvest.OpenSubstantiation(ctx, d, tok, t0.Add(time.Hour))
		if err != nil || page.Partnership != w.fix.A.Name || page.Outcome.ID != o.ID || page.Outcome.CursistID != nil || page.Outcome.RoundTitle != "Ronde 1" {
			t.Fatalf("page: %v %+v", err, page)
		}
		if _, err := harvest.OpenSubstantiation(ctx, d, tok, t0.Add(harvest.SubstantiationTTL+time.Hour)); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("expired link: %v", err)
		}
		if _, err := harvest.OpenSubstantiation(ctx, d, "nope", t0); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("unknown link: %v", err)
		}
		if _, err := harvest.AnswerSubstantiation(ctx, d, tok, allAspects("agree"), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var email string
		if err := d.Q(ctx).Model(&harvest.Substantiation{}).Where("id = ?", s.ID).Pluck("email", &email).Error; err != nil || email != "" {
			t.Errorf("address kept after the answer: %q %v", email, err)
		}
	})
}
