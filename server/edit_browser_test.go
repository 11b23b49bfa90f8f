package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/markers"
	"oogst/server/servertest"
	"oogst/survey"
)

// browserLogin logs a fixture user in.
func browserLogin(t *testing.T, ctx context.Context, env *servertest.Env, key string) {
	t.Helper()
	step(t, ctx, "log in as "+key,
		chromedp.Navigate(env.URL+"/login"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), env.Fix.Users[key].Email),
		chromedp.SendKeys(css("#password"), servertest.Password),
		chromedp.Submit(css("#password")),
		chromedp.WaitVisible(css("nav.mainnav")))
}

// dialogs accepts every JavaScript dialog (confirm, beforeunload) and records its type.
type dialogs struct {
	mu   sync.Mutex
	seen []string
}

func watchDialogs(ctx context.Context) *dialogs {
	d := &dialogs{}
	evs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range evs {
			if err != nil {
				return
			}
			d.mu.Lock()
			d.seen = append(d.seen, string(ev.Type)+": "+ev.Message)
			d.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return d
}

func (d *dialogs) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.seen...)
}

// guardArmed asks the page whether leaving it now would be held up.
const guardArmed = `(() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; })()`

// TestOutcomeDraftInBrowser: typing on the outcome page arms the leave guard; a link
// away asks first; coming back restores the typed summary with a note; saving clears
// the draft.
func TestOutcomeDraftInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "fr", "Je parle avec les parents", "positive")
	dl := watchDialogs(ctx)
	browserLogin(t, ctx, env, "coordinator@a")
	path := fmt.Sprintf("%s/outcomes/%d", env.URL, id)
	step(t, ctx, "open the outcome", chromedp.Navigate(path), chromedp.WaitVisible(css("#summary_nl")))
	if js[bool](t, ctx, guardArmed) {
		t.Fatal("leave guard armed before anything was typed")
	}
	step(t, ctx, "type a summary", chromedp.SendKeys(css("#summary_nl"), "Spreekt Nederlands met de ouders"))
	if !js[bool](t, ctx, guardArmed) {
		t.Fatal("leave guard not armed after typing")
	}
	step(t, ctx, "follow the link to the inbox", click("#back-to-inbox"), chromedp.WaitVisible(css("#outcome-list, table, main")))
	waitJS(t, ctx, "on the inbox", `location.pathname === "/outcomes"`)
	if got := dl.list(); len(got) != 1 || !strings.HasPrefix(got[0], "confirm: ") || !strings.Contains(got[0], "niet-bewaarde wijzigingen") {
		t.Fatalf("dialogs on leaving: %q, want one confirm about unsaved changes", got)
	}
	step(t, ctx, "come back", chromedp.Navigate(path), chromedp.WaitVisible(css(".draft-note")))
	if v := js[string](t, ctx, `document.getElementById("summary_nl").value`); v != "Spreekt Nederlands met de ouders" {
		t.Fatalf("draft not restored: %q", v)
	}
	if note := js[string](t, ctx, `document.querySelector(".draft-note").textContent`); !strings.Contains(note, "teruggezet") {
		t.Fatalf("restore note: %q", note)
	}
	if !js[bool](t, ctx, guardArmed) {
		t.Fatal("a restored draft is unsaved: the guard should be armed")
	}
	step(t, ctx, "save", click("#review-form button[type=submit]"), chromedp.WaitVisible(css(".flash")))
	o, err := harvest.Get(context.Background(), d, scopeOfUser(t, env, "coordinator@a"), id)
	if err != nil || o.SummaryNL != "Spreekt Nederlands met de ouders" {
		t.Fatalf("saved summary %q %v", o.SummaryNL, err)
	}
	if n := js[int](t, ctx, `Object.keys(localStorage).filter(k => k.startsWith("oogst-draft:")).length`); n != 0 {
		t.Fatalf("%d drafts left after saving", n)
	}
	if js[bool](t, ctx, `!!document.querySelector(".draft-note")`) || js[bool](t, ctx, guardArmed) {
		t.Fatal("after saving: no note and no guard expected")
	}
}

// TestJournalAcceptKeepsTypingInBrowser: on a journal, the coordinator types in another
// marker's entry and the reflection, then accepts one proposal: everything typed is
// saved with it, nothing is wiped.
func TestJournalAcceptKeepsTypingInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	o := msSetup(t, env, "a")
	sc := scopeOfUser(t, env, "coordinator@a")
	js0, err := markers.LoadJournalSurveys(context.Background(), d, sc, o.BP, o.Period)
	if err != nil {
		t.Fatal(err)
	}
	var accepted markers.Proposal
	for _, p := range js0.Proposals {
		if p.ID == o.Proposal {
			accepted = p
		}
	}
	other := o.Other
	if accepted.MarkerID == o.Other {
		other = o.Marker
	}
	browserLogin(t, ctx, env, "coordinator@a")
	step(t, ctx, "open the journal",
		chromedp.Navigate(fmt.Sprintf("%s/markers/partners/%d/journals/%d", env.URL, o.BP, o.Period)),
		chromedp.WaitVisible(css(fmt.Sprintf("#accept-btn-%d", o.Proposal))))
	checkAxe(t, ctx, "journal with proposals")
	step(t, ctx, "type elsewhere on the page",
		chromedp.SetValue(css(fmt.Sprintf("#rating_%d", other)), "low"),
		chromedp.SendKeys(css(fmt.Sprintf("#description_%d", other)), "Belde twee keer terug"),
		chromedp.SendKeys(css("#unanticipated"), "Ze kwamen zelf met een idee"))
	step(t, ctx, "accept the proposal",
		click(fmt.Sprintf("#accept-btn-%d", o.Proposal)),
		chromedp.WaitVisible(css(".flash")))
	for sel, want := range map[string]string{fmt.Sprintf("#description_%d", other): "Belde twee keer terug", "#unanticipated": "Ze kwamen zelf met een idee",
		fmt.Sprintf("#rating_%d", other): "low", fmt.Sprintf("#rating_%d", accepted.MarkerID): string(accepted.Rating)} {
		if v := js[string](t, ctx, fmt.Sprintf("document.querySelector(%q).value", sel)); v != want {
			t.Errorf("%s after accepting: %q, want %q", sel, v, want)
		}
	}
	v, err := markers.LoadJournal(context.Background(), d, sc, o.BP, o.Period)
	if err != nil {
		t.Fatal(err)
	}
	if v.Journal.Unanticipated != "Ze kwamen zelf met een idee" {
		t.Errorf("stored reflection %q", v.Journal.Unanticipated)
	}
	for _, r := range v.Rows {
		switch {
		case r.Marker.ID == other && (r.Entry == nil || r.Entry.Description != "Belde twee keer terug" || r.Entry.Rating != "low"):
			t.Errorf("typed entry lost: %+v", r.Entry)
		case r.Marker.ID == accepted.MarkerID && (r.Entry == nil || r.Entry.Rating != accepted.Rating):
			t.Errorf("accepted entry: %+v, want rating %s", r.Entry, accepted.Rating)
		}
	}
	js1, err := markers.LoadJournalSurveys(context.Background(), d, sc, o.BP, o.Period)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range js1.Proposals {
		if p.ID == o.Proposal && p.Status != markers.Accepted {
			t.Errorf("proposal status %s, want accepted", p.Status)
		}
	}
}

// TestOutcomeConflictInBrowser: a reviewer types in one session while a colleague saves
// the same outcome in another; the reviewer's save shows the conflict page with both
// versions and the typed text still in the form; saving again (merged) goes through.
// With OOGST_SCREENSHOT_DIR set, the conflict page is captured at two window sizes.
func TestOutcomeConflictInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	id := reflectOutcome(t, env, env.Fix.A.ID, 1, "Groep A", "fr", "Je parle avec les parents à l'école", "positive")
	browserLogin(t, ctx, env, "coordinator@a")
	path := fmt.Sprintf("/outcomes/%d", id)
	step(t, ctx, "open the outcome", chromedp.Navigate(env.URL+path), chromedp.WaitVisible(css("#summary_nl")))
	step(t, ctx, "type a summary", chromedp.SendKeys(css("#summary_nl"), "Spreekt met de ouders op school"))

	colleague := env.As(t, "partner@a")
	if r := colleague.PostForm(t, path, map[string][]string{"version": {"1"}, "summary_nl": {"Praat met ouders"}, "change_type": {"behaviour"}, "status": {"new"}}); r.Status != 303 {
		t.Fatalf("colleague's save: %d", r.Status)
	}
	step(t, ctx, "save over it", click("#review-form button[type=submit]"), chromedp.WaitVisible(css("#edit-conflict")))
	checkAxe(t, ctx, "outcome conflict page")
	theirs := js[[]string](t, ctx, `[...document.querySelectorAll("#edit-conflict td.theirs")].map(e => e.textContent)`)
	yours := js[[]string](t, ctx, `[...document.querySelectorAll("#edit-conflict td.yours")].map(e => e.textContent)`)
	if len(theirs) < 3 || theirs[0] != "Praat met ouders" || yours[0] != "Spreekt met de ouders op school" || theirs[2] == yours[2] {
		t.Fatalf("conflict table: theirs %q yours %q", theirs, yours)
	}
	if by := js[string](t, ctx, `document.querySelector("#edit-conflict p").textContent`); !strings.Contains(by, env.Fix.Users["partner@a"].Name) {
		t.Fatalf("conflict does not name the colleague: %q", by)
	}
	if v := js[string](t, ctx, `document.getElementById("summary_nl").value`); v != "Spreekt met de ouders op school" {
		t.Fatalf("typed summary lost on the conflict page: %q", v)
	}
	if v := js[string](t, ctx, `document.querySelector("#review-form input[name=version]").value`); v != "2" {
		t.Fatalf("conflict form carries version %q, want 2", v)
	}
	if dir := os.Getenv("OOGST_SCREENSHOT_DIR"); dir != "" {
		for _, size := range [][2]int64{{1440, 900}, {1024, 768}} {
			step(t, ctx, "resize", chromedp.EmulateViewport(size[0], size[1]), chromedp.ScrollIntoView(css("#edit-conflict")))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("conflict-%dx%d.png", size[0], size[1])), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	step(t, ctx, "save the merge", chromedp.SetValue(css("#change_type"), "behaviour"), click("#review-form button[type=submit]"), chromedp.WaitVisible(css(".flash")))
	o, err := harvest.Get(context.Background(), d, scopeOfUser(t, env, "coordinator@a"), id)
	if err != nil || o.SummaryNL != "Spreekt met de ouders op school" || o.ChangeType != "behaviour" || o.Version != 3 {
		t.Fatalf("after the merge: %q %q v%d %v", o.SummaryNL, o.ChangeType, o.Version, err)
	}
}

// TestFormEditorKeepsOtherQuestionsInBrowser: an unsaved edit of one question survives
// saving another question (restored as a draft), and is saved when its own turn comes.
func TestFormEditorKeepsOtherQuestionsInBrowser(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	d := dbtest.SQLite(t)
	env := servertest.New(t, d)
	f := surveyForm(t, env, "a", "Reflectie", false)
	sc := scopeOfUser(t, env, "coordinator@a")
	_, def, err := survey.GetForm(context.Background(), d, sc, f.ID)
	if err != nil || len(def.Questions) < 2 {
		t.Fatalf("form: %v", err)
	}
	q1, q2 := def.Questions[0].ID, def.Questions[1].ID
	text := func(q string) string { return fmt.Sprintf("#qform-%s textarea[name=text_nl]", q) }
	browserLogin(t, ctx, env, "coordinator@a")
	step(t, ctx, "open the editor", chromedp.Navigate(fmt.Sprintf("%s/survey/forms/%d", env.URL, f.ID)), chromedp.WaitVisible(css(text(q1))))
	js[bool](t, ctx, fmt.Sprintf("document.querySelector(%q).value = ''; document.querySelector(%q).value = ''; true", text(q1), text(q2)))
	step(t, ctx, "edit two questions, save the second",
		chromedp.SendKeys(css(text(q1)), "Eerste vraag, herschreven"),
		chromedp.SendKeys(css(text(q2)), "Tweede vraag, herschreven"),
		click(fmt.Sprintf("#qform-%s button[type=submit]", q2)),
		chromedp.WaitVisible(css(".flash")))
	if v := js[string](t, ctx, fmt.Sprintf("document.querySelector(%q).value", text(q1))); v != "Eerste vraag, herschreven" {
		t.Fatalf("unsaved edit of %s lost after saving %s: %q", q1, q2, v)
	}
	if !js[bool](t, ctx, fmt.Sprintf("!!document.querySelector('#qform-%s').previousElementSibling.matches('.draft-note')", q1)) {
		t.Fatal("no restore note above the restored question")
	}
	js[bool](t, ctx, "window.beforeSave = true")
	step(t, ctx, "save the first", click(fmt.Sprintf("#qform-%s button[type=submit]", q1)))
	waitJS(t, ctx, "the saved page", `!window.beforeSave && !!document.querySelector(".flash")`)
	_, def, _ = survey.GetForm(context.Background(), d, sc, f.ID)
	a, _ := def.Question(q1)
	b, _ := def.Question(q2)
	if a.Text["nl"] != "Eerste vraag, herschreven" || b.Text["nl"] != "Tweede vraag, herschreven" {
		t.Fatalf("stored texts %q, %q", a.Text["nl"], b.Text["nl"])
	}
	if js[bool](t, ctx, `!!document.querySelector(".draft-note")`) {
		t.Fatal("a note after everything was saved")
	}
}
