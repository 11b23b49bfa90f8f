package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/uuid"

	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/locale"
	"oogst/markers"
	"oogst/people"
	"oogst/server/servertest"
	"oogst/survey"
)

// Hostile text as a cursist, a coordinator or a partner could type it.
const (
	xssScript = `<script>alert(1)</script>`
	xssAttr   = `"><img src=x onerror=alert(1)>`
	xssURL    = `javascript:alert(1)`
)

// xssWorld stores the hostile texts in every place the staff pages show user text, and
// returns those pages.
func xssWorld(t *testing.T, env *servertest.Env) []string {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	d := env.DB
	a := env.Fix.A.ID
	sc := env.Scope(t, "coordinator@a")

	// Cursists: first names and groups.
	c1, err := people.CreateCursist(ctx, d, sc, a, people.CursistInput{FirstName: xssScript, Group: "Groep A", Language: "nl"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := people.CreateCursist(ctx, d, sc, a, people.CursistInput{FirstName: xssAttr, Group: xssURL, Language: "ar"}, now); err != nil {
		t.Fatal(err)
	}
	// A round with a hostile title, and a response with hostile answers from c1.
	r := surveyRound(t, env, "a", xssAttr, true)
	code := c1.Code
	raw := map[string]survey.Answer{}
	for k, v := range map[string]string{"change": xssScript, "sign": "positive", "significance": xssAttr, "contribution": xssURL} {
		raw[k] = survey.TextAnswer(v)
	}
	stored, _, err := survey.Submit(ctx, d, harvest.Sink{}, r.Code, survey.Submission{ID: uuid.NewString(), Language: "nl", Cursist: &code, Answers: raw}, now)
	if err != nil {
		t.Fatal(err)
	}
	// The outcome harvested from it, with a hostile Dutch summary, in a steering meeting
	// with a hostile note and adjustment.
	var o harvest.Outcome
	if err := d.Q(ctx).Joins("JOIN survey_responses ON survey_responses.id = outcomes.response_id").Where("survey_responses.client_id = ?", stored.ID).First(&o).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(ctx).Model(&harvest.Outcome{}).Where("id = ?", o.ID).Update("summary_nl", xssScript).Error; err != nil {
		t.Fatal(err)
	}
	uid := env.Fix.Users["coordinator@a"].ID
	meeting, err := harvest.CreateMeeting(ctx, d, sc, uid, harvest.MeetingInput{PartnershipID: a, Title: xssAttr, HeldAt: now, Participants: xssScript, OutcomeIDs: []int64{o.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if err := harvest.SaveNote(ctx, d, sc, meeting.ID, o.ID, xssAttr); err != nil {
		t.Fatal(err)
	}
	if _, err := harvest.AddAdjustment(ctx, d, sc, meeting.ID, harvest.AdjustmentInput{Description: xssScript, Owner: xssAttr, OutcomeIDs: []int64{o.ID}}); err != nil {
		t.Fatal(err)
	}
	// A form with a hostile name, question text, help and option text.
	f := surveyForm(t, env, "a", xssScript, false)
	if err := survey.SaveQuestion(ctx, d, sc, f.ID, survey.Question{ID: "xss", Type: survey.SingleChoice, Text: locale.Text{"nl": xssAttr, "fr": xssScript},
		Help: locale.Text{"nl": xssURL}, Options: []survey.Option{{ID: "a", Text: locale.Text{"nl": xssScript}}, {ID: "b", Text: locale.Text{"nl": xssURL}}}}, now); err != nil {
		t.Fatal(err)
	}
	// Boundary partner, marker, period and journal.
	bp, err := markers.CreatePartner(ctx, d, sc, markers.PartnerInput{PartnershipID: a, Name: xssScript, OutcomeChallenge: xssAttr})
	if err != nil {
		t.Fatal(err)
	}
	m, err := markers.AddMarker(ctx, d, sc, bp.ID, markers.MarkerInput{Level: markers.Level("expect"), Text: locale.Text{"nl": xssAttr, "fr": xssScript, "en": xssURL}})
	if err != nil {
		t.Fatal(err)
	}
	per, err := markers.CreatePeriod(ctx, d, sc, markers.PeriodInput{PartnershipID: a, Label: xssScript, StartsOn: "2025-01-01", EndsOn: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	if err := markers.SaveJournal(ctx, d, sc, bp.ID, per.ID, markers.JournalInput{Lessons: xssScript, Unanticipated: xssAttr, ProgrammeChanges: xssURL,
		Entries: map[int64]markers.EntryInput{m.ID: {Rating: "high", Description: xssScript, Evidence: xssAttr, Factors: xssURL}}}); err != nil {
		t.Fatal(err)
	}
	return []string{
		fmt.Sprintf("/survey/rounds/%d", r.ID),
		"/survey/rounds",
		fmt.Sprintf("/survey/rounds/%d/sheet", r.ID),
		"/survey/forms",
		fmt.Sprintf("/survey/forms/%d", f.ID),
		fmt.Sprintf("/survey/forms/%d/preview", f.ID),
		fmt.Sprintf("/survey/forms/%d/preview?lang=fr", f.ID),
		fmt.Sprintf("/people/%d/cursists", a),
		fmt.Sprintf("/people/%d/cursists/%d/edit", a, c1.ID),
		fmt.Sprintf("/markers?partnership=%d", a),
		fmt.Sprintf("/markers/partners/%d", bp.ID),
		fmt.Sprintf("/markers/partners/%d/edit", bp.ID),
		fmt.Sprintf("/markers/partners/%d/matrix", bp.ID),
		fmt.Sprintf("/markers/partners/%d/journals/%d", bp.ID, per.ID),
		fmt.Sprintf("/markers/markers/%d", m.ID),
		fmt.Sprintf("/markers/overview?partnership=%d", a),
		fmt.Sprintf("/markers/overview?partnership=%d&period=%d", a, per.ID),
		fmt.Sprintf("/markers/periods?partnership=%d", a),
		fmt.Sprintf("/outcomes?partnership=%d", a),
		fmt.Sprintf("/outcomes/%d", o.ID),
		fmt.Sprintf("/meetings/%d", meeting.ID),
		fmt.Sprintf("/meetings/%d/report", meeting.ID),
		fmt.Sprintf("/partnerships/%d/dashboard", a),
	}
}

// rawPayload reports which hostile texts appear unescaped in markup.
func rawPayload(body string) []string {
	var bad []string
	for _, s := range []string{"<script>alert", "<img src=x", `href="javascript:`, `src="javascript:`, `action="javascript:`, `href='javascript:`} {
		if strings.Contains(body, s) {
			bad = append(bad, s)
		}
	}
	return bad
}

// TestStoredXSSIsEscaped renders every staff page that shows user text over HTTP: the
// hostile texts appear escaped (as text), never as markup, and CSP forbids inline script.
func TestStoredXSSIsEscaped(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	pages := xssWorld(t, env)
	c := env.As(t, "coordinator@a")
	for _, p := range pages {
		r := c.Get(t, p)
		if r.Status != http.StatusOK {
			t.Errorf("%s: %d", p, r.Status)
			continue
		}
		if bad := rawPayload(r.Body); len(bad) > 0 {
			i := strings.Index(r.Body, bad[0])
			t.Errorf("%s: unescaped %v near %q", p, bad, r.Body[max(0, i-80):min(len(r.Body), i+80)])
		}
		if !strings.Contains(r.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") && !strings.Contains(r.Body, "&#34;&gt;&lt;img src=x") {
			t.Errorf("%s: shows none of the hostile texts (test does not reach the data)", p)
		}
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q does not forbid inline script", p, csp)
		}
	}
}

// TestStoredXSSInBrowser opens the same pages in headless Chromium with an alert trap:
// no dialog may open, the hostile texts are readable as text, and no element they
// describe exists in the DOM.
func TestStoredXSSInBrowser(t *testing.T) {
	t.Parallel()
	bctx := newBrowser(t) // skips or fails without Chromium, as OOGST_TEST_REQUIRE_BROWSER says
	env := servertest.New(t, dbtest.SQLite(t))
	pages := xssWorld(t, env)
	if err := chromedp.Do(bctx, chromedp.Navigate(env.URL+"/login")); err != nil {
		t.Fatalf("browser start: %v", err)
	}
	tctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	defer cancelT()
	var mu sync.Mutex
	var dialogs []string
	go func() {
		for ev, err := range chromedp.Events(bctx, page.JavascriptDialogOpening) {
			if err != nil {
				return
			}
			mu.Lock()
			dialogs = append(dialogs, ev.URL+": "+ev.Message)
			mu.Unlock()
			_, _ = chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	if err := chromedp.Do(tctx,
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), "coordinator@a.test"),
		chromedp.SendKeys(chromedp.ID("password"), servertest.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("nav.mainnav")),
	); err != nil {
		t.Fatalf("log in: %v", err)
	}
	for _, p := range pages {
		if err := chromedp.Do(tctx, chromedp.Navigate(env.URL+p), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		time.Sleep(100 * time.Millisecond) // let any onerror fire
		check := `(() => {
			const bad = [];
			if (document.querySelector('img[src="x"], img[onerror]')) bad.push('img element');
			for (const s of document.scripts) if (!s.src) bad.push('inline script: ' + s.textContent.slice(0, 40));
			for (const a of document.querySelectorAll('[href],[src],[action],[formaction]'))
				for (const k of ['href', 'src', 'action', 'formaction'])
					if ((a.getAttribute(k) || '').trim().toLowerCase().startsWith('javascript:')) bad.push(k + '=' + a.getAttribute(k));
			let txt = document.body.innerText;
			for (const f of document.querySelectorAll('input, textarea')) txt += '\n' + f.value;
			if (!txt.includes('<script>alert(1)</script>') && !txt.includes('"><img src=x onerror=alert(1)>')) bad.push('hostile text not shown as text');
			return bad.join('; ');
		})()`
		res, err := chromedp.Run(tctx, chromedp.Evaluate[string](check))
		if err != nil {
			t.Errorf("%s: evaluate: %v", p, err)
			continue
		}
		if res != "" {
			t.Errorf("%s: %s", p, res)
		}
	}
	mu.Lock()
	if len(dialogs) > 0 {
		t.Errorf("script ran, dialogs opened: %v", dialogs)
	}
	mu.Unlock()
	// The trap works: a deliberate alert from DevTools is caught.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`alert('probe'), true`)); err != nil {
		t.Fatalf("probe alert: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) != 1 || !strings.HasSuffix(dialogs[0], "probe") {
		t.Errorf("the alert trap did not see the probe: %v", dialogs)
	}
}
