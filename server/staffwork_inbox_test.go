package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"oogst/server/servertest"
)

// The inbox opens on the outcomes to review, shows their numbers and the languages'
// own names, offers "select all"; "save and next" walks the same list.
func TestInboxDefaultsAndSaveAndNext(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		a := env.Fix.A.ID
		// Newest first: done, o3, o2, o1 (reflectOutcome dates them by response number).
		o1 := reflectOutcome(t, env, a, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
		o2 := reflectOutcome(t, env, a, 2, "Groep A", "uk", "Я говорю з батьками", "positive")
		o3 := reflectOutcome(t, env, a, 3, "Groep A", "nl", "Ik kom op tijd", "positive")
		done := reflectOutcome(t, env, a, 4, "Groep A", "nl", "Al gecodeerd", "positive")
		code := itoa(harvestPreset(t, env.DB, "self_confidence"))
		c := env.As(t, "coordinator@a")
		if r := c.PostForm(t, "/outcomes/"+itoa(done), url.Values{"code": {code}, "status": {"coded"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("code one: %d", r.Status)
		}

		r := c.Get(t, "/outcomes")
		for _, want := range []string{"Je parle avec les parents", "Ik kom op tijd", "#" + itoa(o1), "#" + itoa(o2),
			`<span lang="uk">Українська</span>`, `<span lang="fr">Français</span>`, `<option value="uk">Українська</option>`,
			`id="select-all"`, `id="bulkbar"`, `<option value="new" selected>`, "export.csv?status=new"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("default inbox lacks %q", want)
			}
		}
		for _, not := range []string{"Al gecodeerd", `<span lang="uk">uk</span>`, "status%3d"} {
			if strings.Contains(r.Body, not) {
				t.Errorf("default inbox shows %q", not)
			}
		}
		if r = c.Get(t, "/outcomes?status=all"); !strings.Contains(r.Body, "Al gecodeerd") || !strings.Contains(r.Body, `<option value="all" selected>`) {
			t.Error("status=all does not show every status")
		}

		// Save and next from the default inbox: o3 → o2 → o1 → back to the inbox, even
		// though each saved outcome leaves the "to review" list.
		for i, step := range []struct {
			id   int64
			next string
		}{{o3, fmt.Sprintf("/outcomes/%d", o2)}, {o2, fmt.Sprintf("/outcomes/%d", o1)}, {o1, "/outcomes"}} {
			page := c.Get(t, "/outcomes/"+itoa(step.id))
			if !strings.Contains(page.Body, `id="save-next"`) || !strings.Contains(page.Body, `name="inbox" value=""`) {
				t.Fatalf("step %d: outcome page lacks save and next", i)
			}
			r = c.PostForm(t, "/outcomes/"+itoa(step.id), url.Values{"code": {code}, "status": {"new"}, "inbox": {""}, "then": {"next"}})
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != step.next {
				t.Errorf("step %d: save and next → %d %q, want %q", i, r.Status, r.Header.Get("Location"), step.next)
			}
		}
		// A filtered inbox travels along: next within "language=nl, every status".
		page := c.Get(t, "/outcomes?language=nl&status=all")
		want := fmt.Sprintf(`href="/outcomes/%d?language=nl&amp;status=all"`, done)
		if !strings.Contains(page.Body, want) {
			t.Errorf("filtered inbox lacks the link %s", want)
		}
		r = c.PostForm(t, "/outcomes/"+itoa(done), url.Values{"code": {code}, "inbox": {"language=nl&status=all"}, "then": {"next"}})
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/outcomes/%d?language=nl&status=all", o3) {
			t.Errorf("filtered save and next → %q", loc)
		}
	})
}
