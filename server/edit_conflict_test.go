package server_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"oogst/harvest"
	"oogst/markers"
	"oogst/server/servertest"
	"oogst/survey"
)

var versionInput = regexp.MustCompile(`name="version" value="(\d+)"`)

// formVersionOf reads the version an edit page's form carries.
func formVersionOf(t *testing.T, body string) string {
	t.Helper()
	m := versionInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version field on the page: %.300s", body)
	}
	return m[1]
}

// conflictCells returns the theirs/yours cells of the conflict table, unescaped.
func conflictCells(body string) (theirs, yours []string) {
	for _, m := range regexp.MustCompile(`<td class="(theirs|yours)"[^>]*>([^<]*)</td>`).FindAllStringSubmatch(body, -1) {
		if m[1] == "theirs" {
			theirs = append(theirs, html.UnescapeString(m[2]))
		} else {
			yours = append(yours, html.UnescapeString(m[2]))
		}
	}
	return theirs, yours
}

// TestOutcomeEditConflict: two people open one outcome; the first saves; the second's
// save is refused (409) with a page showing who saved, both versions side by side, and
// the form still holding what the second typed with the new version, so sending it
// again saves. Nothing of the first's save is overwritten before that.
func TestOutcomeEditConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
		a, b := env.As(t, "coordinator@a"), env.As(t, "partner@a")
		path := fmt.Sprintf("/outcomes/%d", id)
		va, vb := formVersionOf(t, a.Get(t, path).Body), formVersionOf(t, b.Get(t, path).Body)
		if va != "1" || vb != "1" {
			t.Fatalf("versions on load: %s %s", va, vb)
		}
		r := a.PostForm(t, path, url.Values{"version": {va}, "summary_nl": {"Spreekt met de ouders"}, "status": {"new"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.Status)
		}
		r = b.PostForm(t, path, url.Values{"version": {vb}, "summary_nl": {"Praat Frans met de ouders"}, "change_type": {"behaviour"}, "status": {"new"}})
		if r.Status != http.StatusConflict {
			t.Fatalf("stale save: %d, want 409", r.Status)
		}
		if !strings.Contains(r.Body, `id="edit-conflict"`) || !strings.Contains(r.Body, html.EscapeString(env.Fix.Users["coordinator@a"].Name)) {
			t.Fatalf("conflict page does not say who saved: %.2000s", r.Body)
		}
		theirs, yours := conflictCells(r.Body)
		if len(theirs) == 0 || theirs[0] != "Spreekt met de ouders" || yours[0] != "Praat Frans met de ouders" {
			t.Fatalf("conflict rows: theirs %q yours %q", theirs, yours)
		}
		if !strings.Contains(r.Body, ">Praat Frans met de ouders</textarea>") || formVersionOf(t, r.Body) != "2" {
			t.Fatalf("the form should keep the typed summary with version 2: %s", formVersionOf(t, r.Body))
		}
		o, err := harvest.Get(context.Background(), env.DB, env.Scope(t, "coordinator@a"), id)
		if err != nil {
			t.Fatal(err)
		}
		if o.SummaryNL != "Spreekt met de ouders" || o.ChangeType != "" || o.Version != 2 {
			t.Fatalf("refused save changed the outcome: %q %q v%d", o.SummaryNL, o.ChangeType, o.Version)
		}
		// Merged and sent again with the version now seen: saved.
		r = b.PostForm(t, path, url.Values{"version": {"2"}, "summary_nl": {"Spreekt met de ouders, ook in het Frans"}, "change_type": {"behaviour"}, "status": {"new"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("merged save: %d", r.Status)
		}
		if o, _ = harvest.Get(context.Background(), env.DB, env.Scope(t, "coordinator@a"), id); o.SummaryNL != "Spreekt met de ouders, ook in het Frans" || o.ChangeType != "behaviour" || o.Version != 3 {
			t.Fatalf("after merge: %q %q v%d", o.SummaryNL, o.ChangeType, o.Version)
		}
	})
}

// TestOutcomeAPIIfMatch: GET gives an ETag; PATCH with a stale If-Match is 412 and
// changes nothing; with the current one it succeeds and gives the next ETag.
func TestOutcomeAPIIfMatch(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "nl", "Ik kom op tijd", "positive")
		c := env.As(t, "coordinator@a")
		path := fmt.Sprintf("/api/v1/outcomes/%d", id)
		r := c.Get(t, path)
		if r.Status != http.StatusOK || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("GET: %d ETag %q", r.Status, r.Header.Get("ETag"))
		}
		stale := r.Header.Get("ETag")
		c.Header = http.Header{"If-Match": {stale}}
		if r = c.SendJSON(t, http.MethodPatch, path, map[string]any{"summary_nl": "Eerste"}); r.Status != http.StatusOK || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("PATCH with the current ETag: %d %q %.200s", r.Status, r.Header.Get("ETag"), r.Body)
		}
		// Still sending the first ETag: someone (this very client) changed it since.
		if r = c.SendJSON(t, http.MethodPatch, path, map[string]any{"summary_nl": "Oud", "change_type": "policy"}); r.Status != http.StatusPreconditionFailed {
			t.Fatalf("PATCH with a stale ETag: %d, want 412: %.200s", r.Status, r.Body)
		}
		c.Header = http.Header{"If-Match": {`"nonsense"`}}
		if r = c.SendJSON(t, http.MethodPatch, path, map[string]any{"summary_nl": "Onzin"}); r.Status != http.StatusPreconditionFailed {
			t.Fatalf("PATCH with a foreign ETag: %d, want 412", r.Status)
		}
		c.Header = nil
		var o harvest.Outcome
		r = c.Get(t, path)
		r.JSON(t, &o)
		if o.SummaryNL != "Eerste" || o.ChangeType != "" || o.Version != 2 || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("after refused PATCHes: %q %q v%d %q", o.SummaryNL, o.ChangeType, o.Version, r.Header.Get("ETag"))
		}
	})
}

// TestJournalEditConflict: a journal saved from a page loaded before someone else's
// save is refused with both versions, keeping everything typed.
func TestJournalEditConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		o := markersSetup(t, env, "a")
		a, b := env.As(t, "coordinator@a"), env.As(t, "partner@a")
		path := fmt.Sprintf("/markers/partners/%d/journals/%d", o.BP, o.Period)
		va, vb := formVersionOf(t, a.Get(t, path).Body), formVersionOf(t, b.Get(t, path).Body)
		entry := func(v, desc, lessons string) url.Values {
			return url.Values{"version": {v}, fmt.Sprintf("rating_%d", o.Marker): {"medium"}, fmt.Sprintf("description_%d", o.Marker): {desc},
				fmt.Sprintf("rating_%d", o.Other): {""}, "lessons": {lessons}}
		}
		if r := a.PostForm(t, path, entry(va, "Gezien in maart", "Les A")); r.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.Status)
		}
		r := b.PostForm(t, path, entry(vb, "Gezien in april", "Les B"))
		if r.Status != http.StatusConflict {
			t.Fatalf("stale journal save: %d, want 409", r.Status)
		}
		theirs, yours := conflictCells(r.Body)
		if !strings.Contains(strings.Join(theirs, "|"), "Gezien in maart") || !strings.Contains(strings.Join(yours, "|"), "Gezien in april") ||
			!strings.Contains(strings.Join(theirs, "|"), "Les A") || !strings.Contains(strings.Join(yours, "|"), "Les B") {
			t.Fatalf("conflict rows: theirs %q yours %q", theirs, yours)
		}
		if !strings.Contains(r.Body, ">Gezien in april</textarea>") || formVersionOf(t, r.Body) == vb {
			t.Fatal("the journal form should keep the typed entry and carry the new version")
		}
		v, err := markers.LoadJournal(context.Background(), env.DB, env.Scope(t, "coordinator@a"), o.BP, o.Period)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range v.Rows {
			if row.Marker.ID == o.Marker && (row.Entry == nil || row.Entry.Description != "Gezien in maart") {
				t.Fatalf("refused save changed the entry: %+v", row.Entry)
			}
		}
		if v.Journal.Lessons != "Les A" {
			t.Fatalf("refused save changed the lessons: %q", v.Journal.Lessons)
		}
	})
}

// TestFormQuestionEditConflict: two coordinators edit one question; the second save is
// refused with both texts; an edit of another question from the same old page is not.
func TestFormQuestionEditConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		f := surveyForm(t, env, "a", "Reflectie", false)
		a, b := env.As(t, "coordinator@a"), env.As(t, "coordinator@a")
		path := fmt.Sprintf("/survey/forms/%d", f.ID)
		page := b.Get(t, path).Body
		_, def, err := survey.GetForm(context.Background(), env.DB, env.Scope(t, "coordinator@a"), f.ID)
		if err != nil || len(def.Questions) < 2 {
			t.Fatalf("form: %v %d questions", err, len(def.Questions))
		}
		q1, q2 := def.Questions[0], def.Questions[1]
		base := func(q survey.Question) string {
			m := regexp.MustCompile(`id="qform-` + regexp.QuoteMeta(q.ID) + `"[^>]*>\s*<input[^>]*>\s*<input[^>]*>\s*<input type="hidden" name="base" value="([0-9a-f]+)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no base for question %s", q.ID)
			}
			return m[1]
		}
		b1, b2 := base(q1), base(q2)
		save := func(c *servertest.Client, q survey.Question, hash, text string) *servertest.Response {
			return c.PostForm(t, path+"/questions", url.Values{"id": {q.ID}, "base": {hash}, "type": {string(q.Type)}, "text_nl": {text}})
		}
		if r := save(a, q1, b1, "Wat is er veranderd, volgens A?"); r.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d %.300s", r.Status, r.Body)
		}
		r := save(b, q1, b1, "Wat veranderde er, volgens B?")
		if r.Status != http.StatusConflict {
			t.Fatalf("stale question save: %d, want 409", r.Status)
		}
		theirs, yours := conflictCells(r.Body)
		if !strings.Contains(strings.Join(theirs, "|"), "Wat is er veranderd, volgens A?") || !strings.Contains(strings.Join(yours, "|"), "Wat veranderde er, volgens B?") {
			t.Fatalf("conflict rows: theirs %q yours %q", theirs, yours)
		}
		if !strings.Contains(r.Body, "Wat veranderde er, volgens B?</textarea>") {
			t.Fatal("the question form should keep the typed text")
		}
		_, def, _ = survey.GetForm(context.Background(), env.DB, env.Scope(t, "coordinator@a"), f.ID)
		if got, _ := def.Question(q1.ID); got.Text["nl"] != "Wat is er veranderd, volgens A?" {
			t.Fatalf("refused save changed the question: %q", got.Text["nl"])
		}
		// Another question from the same old page: no clash.
		if r := save(b, q2, b2, "Waarom is dat belangrijk, volgens B?"); r.Status != http.StatusSeeOther {
			t.Fatalf("save of another question: %d", r.Status)
		}
	})
}

// TestMarkerEditConflict: a marker's wording saved from a page loaded before someone
// else's change is refused with both wordings and the typed text kept.
func TestMarkerEditConflict(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		o := markersSetup(t, env, "a")
		a, b := env.As(t, "coordinator@a"), env.As(t, "coordinator@a")
		path := fmt.Sprintf("/markers/markers/%d", o.Marker)
		va, vb := formVersionOf(t, a.Get(t, path).Body), formVersionOf(t, b.Get(t, path).Body)
		if r := a.PostForm(t, path, url.Values{"version": {va}, "level": {"like"}, "text_nl": {"Neemt elke maand een cursist aan"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("first save: %d", r.Status)
		}
		r := b.PostForm(t, path, url.Values{"version": {vb}, "level": {"love"}, "text_nl": {"Biedt zelf stageplaatsen aan"}})
		if r.Status != http.StatusConflict {
			t.Fatalf("stale marker save: %d, want 409", r.Status)
		}
		theirs, yours := conflictCells(r.Body)
		if !strings.Contains(strings.Join(theirs, "|"), "Neemt elke maand een cursist aan") || !strings.Contains(strings.Join(yours, "|"), "Biedt zelf stageplaatsen aan") {
			t.Fatalf("conflict rows: theirs %q yours %q", theirs, yours)
		}
		if !strings.Contains(r.Body, ">Biedt zelf stageplaatsen aan</textarea>") || formVersionOf(t, r.Body) == vb {
			t.Fatal("the marker form should keep the typed text and carry the new version")
		}
		m, _, err := markers.GetMarker(context.Background(), env.DB, env.Scope(t, "coordinator@a"), o.Marker)
		if err != nil || m.TextNL != "Neemt elke maand een cursist aan" || m.Level != markers.Like {
			t.Fatalf("refused save changed the marker: %q %s %v", m.TextNL, m.Level, err)
		}
	})
}
