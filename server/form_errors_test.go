package server_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/frontend"
	"oogst/locale"
	"oogst/server/servertest"
)

// A field error reads the same on every staff form and in the API, in the page's
// language: a harvest form (a code that exists: a conflict naming a field), a markers
// form (a name too long: a message with data) and the outcome review form against the
// API's "errors" for the same rule.
func TestFieldErrorsTranslatedAlikeOnEveryForm(t *testing.T) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := itoa(env.Fix.A.ID)
		o := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik kom op tijd", "positive")
		c := env.As(t, "coordinator@a")
		if r := c.PostForm(t, "/partnerships/"+a+"/codes", url.Values{"name_nl": {"Taal"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("add code: %d", r.Status)
		}
		for _, lang := range []string{"nl", "fr"} {
			l := bundle.Localizer(lang)
			if r := c.PostForm(t, "/lang", url.Values{"lang": {lang}, "next": {"/"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("switch to %s: %d", lang, r.Status)
			}
			want := func(r *servertest.Response, form string, status int, msg string, typed string) {
				t.Helper()
				if r.Status != status || !strings.Contains(r.Body, `<p class="field-error" role="alert">`+html.EscapeString(msg)+`</p>`) || !strings.Contains(r.Body, typed) {
					t.Errorf("%s in %s: %d, want %d with %q beside the field and %q kept", form, lang, r.Status, status, msg, typed)
				}
			}

			r := c.PostForm(t, "/partnerships/"+a+"/codes", url.Values{"name_nl": {"Taal"}, "name_fr": {"Langue-" + lang}})
			want(r, "harvest code form", http.StatusUnprocessableEntity, l.T("harvest.error.code_exists"), `value="Langue-`+lang+`"`)

			long := strings.Repeat("x", 201)
			r = c.PostForm(t, "/markers/partners", url.Values{"partnership_id": {a}, "name": {long}, "outcome_challenge": {"Uitdaging-" + lang}})
			want(r, "markers partner form", http.StatusUnprocessableEntity, l.T("markers.error.too_long", "Max", 200), "Uitdaging-"+lang)

			reason := l.T("harvest.error.reason")
			r = c.PostForm(t, "/outcomes/"+itoa(o), url.Values{"summary_nl": {"Samenvatting-" + lang}, "status": {"excluded"}})
			want(r, "outcome review form", http.StatusUnprocessableEntity, reason, "Samenvatting-"+lang)
			var apiErr apiError
			r = c.SendJSON(t, http.MethodPatch, "/api/v1/outcomes/"+itoa(o), map[string]any{"status": "excluded"})
			r.JSON(t, &apiErr)
			if r.Status != http.StatusUnprocessableEntity || apiErr.Errors["exclude_reason"] != reason || apiErr.Error != l.T("error.invalid") {
				t.Errorf("API in %s: %d %+v, want exclude_reason %q", lang, r.Status, apiErr, reason)
			}
		}
	})
}
