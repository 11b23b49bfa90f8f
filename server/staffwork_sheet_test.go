package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"oogst/server/servertest"
	"oogst/survey"
)

// The printed join sheet speaks the round's languages: instructions in Dutch, French
// and English, and a welcome in every language the form offers, each marked with its
// language and direction.
func TestJoinSheetIsMultilingual(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		r := surveyRound(t, env, "a", "Stage juni", true)
		_, _, def, err := survey.RoundByCode(context.Background(), env.DB, r.Code)
		if err != nil {
			t.Fatal(err)
		}
		page := env.As(t, "coordinator@a").Get(t, fmt.Sprintf("/survey/rounds/%d/sheet", r.ID))
		if page.Status != 200 {
			t.Fatalf("sheet: %d", page.Status)
		}
		for _, want := range []string{
			`<section class="sheet-block" lang="fr" dir="ltr">`, "Choisis ta langue.",
			`<section class="sheet-block" lang="en" dir="ltr">`, "Choose your language.",
			`<section class="sheet-block" lang="nl" dir="ltr">`, "Kies je taal.",
			`<li lang="ar" dir="rtl"><strong>أهلًا بك في أوخست</strong>`,
			`<li lang="uk" dir="ltr"><strong>Ласкаво просимо до Oogst</strong>`,
		} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("sheet lacks %s", want)
			}
		}
		if n := strings.Count(page.Body, `<li lang="`); n != len(def.Languages) {
			t.Errorf("sheet greets in %d languages, the form offers %d (%v)", n, len(def.Languages), def.Languages)
		}
	})
}
