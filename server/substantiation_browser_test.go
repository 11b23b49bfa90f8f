package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/server/servertest"
)

// TestSubstantiationInBrowser: a coordinator makes a personal link; it is shown once
// with a copy button that copies it; the person opens it, leaves one aspect out, gets
// the reason with everything kept, completes it and sees the thanks.
func TestSubstantiationInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	env := servertest.New(t, dbtest.SQLite(t))
	id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
	browserLogin(t, ctx, env, "coordinator@a")
	step(t, ctx, "ask Sara", chromedp.Navigate(env.URL+"/outcomes/"+itoa(id)), chromedp.WaitVisible(css("#subst-name")),
		chromedp.SendKeys(css("#subst-name"), "Sara"), chromedp.SendKeys(css("#subst-role"), "mentor"), chromedp.Submit(css("#subst-name")))
	// app.js is deferred: it shows the copy button after the page has been parsed, so
	// the check waits for the whole page, not only for the link box.
	waitJS(t, ctx, "the link box, scripts run", "document.querySelector('#subst-link') && document.readyState === 'complete'")
	link := js[string](t, ctx, "document.querySelector('#subst-link').value")
	if js[bool](t, ctx, "document.querySelector('button[data-copy]').hidden") {
		t.Fatal("copy button hidden although the clipboard works here")
	}
	shots(t, ctx, "subst-outcome", "#substantiation")
	// A click dispatched as input makes the headless shell refuse the clipboard even
	// when granted; the button's own click event runs the same handler.
	js[bool](t, ctx, `(document.querySelector("button[data-copy]").click(), true)`)
	waitText(t, ctx, "button[data-copy]", "Gekopieerd")

	if !strings.HasPrefix(link, "http://oogst.test/substantiate/") {
		t.Fatalf("link %q", link)
	}
	step(t, ctx, "open the link", chromedp.Navigate(env.URL+strings.TrimPrefix(link, "http://oogst.test")), chromedp.WaitVisible(css("#subst-form")))
	step(t, ctx, "answer two of three", click(`input[name="agreement_description"][value="agree"]`), click(`input[name="agreement_significance"][value="partly"]`),
		chromedp.SendKeys(css("#comment_significance"), "Niet elke week"), chromedp.Submit(css("#comment")))
	waitText(t, ctx, "#aspect-contribution .field-error", "Kies een antwoord.")
	if !js[bool](t, ctx, `document.querySelector('input[name="agreement_significance"][value="partly"]').checked && document.querySelector('#comment_significance').value === 'Niet elke week'`) {
		t.Error("what was typed is gone after the error")
	}
	shots(t, ctx, "subst-form-error", "#aspect-contribution")
	step(t, ctx, "complete", click(`input[name="agreement_contribution"][value="dont_know"]`), chromedp.Submit(css("#comment")))
	waitText(t, ctx, "#subst-thanks", "Dank je wel")
	checkAxe(t, ctx, "substantiation answered")
}
