package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/server/servertest"
	"oogst/survey"
)

// fakeClock is a settable server clock (Options.Now) for the tests that move time:
// late submissions, retention, reminders, quotas.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mailingServer starts a server on d whose clock (returned, to move) starts at start and
// whose mail a recordingMailer (returned) keeps; o sets the other options.
func mailingServer(t *testing.T, d *db.DB, start time.Time, o servertest.Options) (*servertest.Env, *fakeClock, *recordingMailer) {
	t.Helper()
	clock, mail := &fakeClock{t: start.UTC()}, &recordingMailer{}
	o.Now, o.Mailer = clock.Now, mail
	return servertest.New(t, d, o), clock, mail
}

// Set moves the clock to tm, in UTC.
func (c *fakeClock) Set(tm time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = tm.UTC()
}

// TestTabletLateSubmissionOverHTTP: the round JSON hands out a start token while the
// round is open (none once it is closed); a submission carrying it is stored, marked
// late, after the round closed, until the grace period ends; a tampered or missing
// token is refused with 409; what is refused can be reported and shows on the round
// page for the coordinator only, who accepts it (listed late, accepted) or discards it.
func TestTabletLateSubmissionOverHTTP(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clock := &fakeClock{t: time.Now().UTC()}
		env := servertest.New(t, d, servertest.Options{Now: clock.Now})
		r := surveyRound(t, env, "a", "Late ronde", true)
		anon := env.Client(t)
		var pub struct {
			Started     string `json:"started"`
			IdleSeconds int    `json:"idle_seconds"`
			Closed      bool   `json:"closed"`
		}
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=nl").JSON(t, &pub)
		if pub.Started == "" || pub.IdleSeconds != 180 || pub.Closed {
			t.Fatalf("open round JSON: %+v", pub)
		}
		clock.Add(time.Minute)
		coord := env.As(t, "coordinator@a")
		if resp := coord.PostForm(t, fmt.Sprintf("/survey/rounds/%d/close", r.ID), url.Values{}); resp.Status != http.StatusSeeOther {
			t.Fatalf("close: %d", resp.Status)
		}
		var closed struct {
			Started string `json:"started"`
			Closed  bool   `json:"closed"`
		}
		anon.Get(t, "/api/v1/rounds/"+r.Code+"?lang=nl").JSON(t, &closed)
		if closed.Started != "" || !closed.Closed {
			t.Errorf("closed round JSON: %+v", closed)
		}
		path := "/api/v1/rounds/" + r.Code + "/responses"
		post := func(token string) (*servertest.Response, map[string]any) {
			b := submitBody(uuid.NewString(), goodAnswers())
			if token != "" {
				b["started"] = token
			}
			return anon.SendJSON(t, http.MethodPost, path, b), b
		}
		clock.Add(3 * 24 * time.Hour) // three days offline
		resp, _ := post(pub.Started)
		var stored survey.StoredResponse
		resp.JSON(t, &stored)
		if resp.Status != http.StatusCreated || !stored.Late {
			t.Fatalf("late submission: %d %s", resp.Status, resp.Body)
		}
		tampered := pub.Started[:len(pub.Started)-2] + "xx"
		if resp, _ := post(tampered); resp.Status != http.StatusConflict || !strings.Contains(resp.Body, `"round"`) {
			t.Errorf("tampered token: %d %s", resp.Status, resp.Body)
		}
		if resp, _ := post(""); resp.Status != http.StatusConflict {
			t.Errorf("no token: %d %s", resp.Status, resp.Body)
		}
		clock.Add(survey.LateGrace)
		resp, refused := post(pub.Started)
		if resp.Status != http.StatusConflict {
			t.Fatalf("beyond the grace period: %d %s", resp.Status, resp.Body)
		}
		// The tablet reports the refused one; the coordinator sees it, the mentor does not.
		rep := map[string]any{"id": refused["id"], "reason": "HTTP 409 round: closed", "payload": refused}
		if resp := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/undeliverable", rep); resp.Status != http.StatusAccepted {
			t.Fatalf("report: %d %s", resp.Status, resp.Body)
		}
		page := coord.Get(t, fmt.Sprintf("/survey/rounds/%d", r.ID))
		if !strings.Contains(page.Body, `id="undeliverable-title"`) || !strings.Contains(page.Body, "Ik durf nu te bellen") || !strings.Contains(page.Body, "HTTP 409 round: closed") {
			t.Fatalf("round page lacks the undeliverable reflection:\n%s", page.Body)
		}
		if !strings.Contains(page.Body, `class="badge late"`) {
			t.Error("the late response is not marked on the round page")
		}
		mentor := env.As(t, "mentor@a")
		if p := mentor.Get(t, fmt.Sprintf("/survey/rounds/%d", r.ID)); strings.Contains(p.Body, "undeliverable-title") {
			t.Error("a mentor sees the undeliverable list")
		}
		var u survey.Undeliverable
		if err := d.Q(context.Background()).Where("client_id = ?", refused["id"]).First(&u).Error; err != nil {
			t.Fatal(err)
		}
		acc := coord.PostForm(t, fmt.Sprintf("/survey/rounds/%d/undeliverable/%d/accept", r.ID, u.ID), url.Values{})
		if acc.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", acc.Status, acc.Body)
		}
		var row survey.Response
		if err := d.Q(context.Background()).Where("client_id = ?", refused["id"]).First(&row).Error; err != nil {
			t.Fatalf("accepted reflection not stored: %v", err)
		}
		if !row.Late || row.AcceptedBy == nil || *row.AcceptedBy != env.Fix.Users["coordinator@a"].ID {
			t.Errorf("accepted row = %+v", row)
		}
		page = coord.Get(t, fmt.Sprintf("/survey/rounds/%d", r.ID))
		if strings.Contains(page.Body, `id="undeliverable-title"`) || strings.Count(page.Body, `class="badge late"`) != 2 {
			t.Errorf("after accepting: list still shown or late badges wrong")
		}
		if !strings.Contains(page.Body, "te laat, aanvaard") {
			t.Error("the accepted response is not marked accepted")
		}
		// A report too big is refused with 413, nothing kept.
		huge := map[string]any{"id": uuid.NewString(), "reason": "x", "payload": map[string]any{"answers": map[string]string{"change": strings.Repeat("a", 80<<10)}}}
		if resp := anon.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/undeliverable", huge); resp.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("huge report: %d", resp.Status)
		}
	})
}

// TestTabletUndeliverableRateLimit: one address may report only so many refused
// reflections in ten minutes.
func TestTabletUndeliverableRateLimit(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, dbtest.SQLite(t))
	r := surveyRound(t, env, "a", "Ronde", true)
	c := env.Client(t)
	last := 0
	for i := 0; i < 31; i++ {
		id := uuid.NewString()
		resp := c.SendJSON(t, http.MethodPost, "/api/v1/rounds/"+r.Code+"/undeliverable", map[string]any{"id": id, "reason": "x", "payload": submitBody(id, goodAnswers())})
		last = resp.Status
		if i < 30 && resp.Status != http.StatusAccepted {
			t.Fatalf("report %d: %d %s", i, resp.Status, resp.Body)
		}
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("31st report: %d, want 429", last)
	}
}

// TestRoundIdleSetting: the coordinator sets the tablet's idle time in minutes on the
// new-round form and on the round page; the round JSON hands it to the tablet.
func TestRoundIdleSetting(t *testing.T) {
	t.Parallel()
	servertest.Each(t, func(t *testing.T, env *servertest.Env) {
		f := surveyForm(t, env, "a", "Idle form", true)
		coord := env.As(t, "coordinator@a")
		resp := coord.PostForm(t, "/survey/rounds", url.Values{"partnership_id": {fmt.Sprint(env.Fix.A.ID)}, "form_id": {fmt.Sprint(f.ID)}, "title": {"Idle"}, "idle_minutes": {"7"}})
		if resp.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", resp.Status, resp.Body)
		}
		var r survey.Round
		if err := env.DB.Q(context.Background()).Where("title = ?", "Idle").First(&r).Error; err != nil {
			t.Fatal(err)
		}
		idle := func() int {
			var pub struct {
				IdleSeconds int `json:"idle_seconds"`
			}
			env.Client(t).Get(t, "/api/v1/rounds/"+r.Code).JSON(t, &pub)
			return pub.IdleSeconds
		}
		if n := idle(); n != 7*60 {
			t.Errorf("idle seconds after create = %d, want 420", n)
		}
		bad := coord.PostForm(t, fmt.Sprintf("/survey/rounds/%d/settings", r.ID), url.Values{"idle_minutes": {"99"}})
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Kies 1 tot 30 minuten.") || !strings.Contains(bad.Body, `value="7"`) {
			t.Errorf("out of range: %d", bad.Status)
		}
		// Empty is refused by survey.SetRoundIdle itself, not turned into a default.
		if empty := coord.PostForm(t, fmt.Sprintf("/survey/rounds/%d/settings", r.ID), url.Values{"idle_minutes": {" "}}); empty.Status != http.StatusUnprocessableEntity || !strings.Contains(empty.Body, "Kies 1 tot 30 minuten.") {
			t.Errorf("empty idle time: %d", empty.Status)
		}
		if resp := coord.PostForm(t, fmt.Sprintf("/survey/rounds/%d/settings", r.ID), url.Values{"idle_minutes": {"2"}}); resp.Status != http.StatusSeeOther {
			t.Fatalf("settings: %d %s", resp.Status, resp.Body)
		}
		if n := idle(); n != 120 {
			t.Errorf("idle seconds after the change = %d, want 120", n)
		}
		partner := env.As(t, "partner@a")
		if resp := partner.PostForm(t, fmt.Sprintf("/survey/rounds/%d/settings", r.ID), url.Values{"idle_minutes": {"9"}}); resp.Status != http.StatusForbidden {
			t.Errorf("partner changes the idle time: %d", resp.Status)
		}
	})
}
