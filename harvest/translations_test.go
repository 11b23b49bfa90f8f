package harvest_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

// TestWorkingLanguages: no setting reads as Dutch; coordinators and admins set nl, fr or
// both; partners may not; another partnership's setting is not found; junk is refused.
func TestWorkingLanguages(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a := w.fix.A.ID
		got, err := harvest.PartnershipLanguages(ctx, d, w.sc["partner@a"], a)
		if err != nil || len(got) != 1 || got[0] != "nl" {
			t.Fatalf("default = %v, %v; want [nl]", got, err)
		}
		setWorkingLanguages(t, w, "fr", "nl")
		got, _ = harvest.PartnershipLanguages(ctx, d, w.sc["partner@a"], a)
		if len(got) != 2 || got[0] != "nl" || got[1] != "fr" {
			t.Fatalf("after set = %v, want [nl fr]", got)
		}
		if err := harvest.AdminSetWorkingLanguages(ctx, d, w.sc["admin"], a, []string{"fr"}); err != nil {
			t.Fatalf("admin: %v", err)
		}
		got, _ = harvest.PartnershipLanguages(ctx, d, w.sc["coordinator@a"], a)
		if len(got) != 1 || got[0] != "fr" {
			t.Fatalf("after admin set = %v, want [fr]", got)
		}
		if err := harvest.SetWorkingLanguages(ctx, d, w.sc["admin"], a, []string{"nl"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("admin on the members' way: %v, want not found", err)
		}
		if err := harvest.AdminSetWorkingLanguages(ctx, d, w.sc["coordinator@a"], a, []string{"nl"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("coordinator on the admin's way: %v, want not found", err)
		}
		if err := harvest.AdminSetWorkingLanguages(ctx, d, w.sc["admin"], 999999, []string{"nl"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("missing partnership: %v, want not found", err)
		}
		if err := harvest.SetWorkingLanguages(ctx, d, w.sc["partner@a"], a, []string{"nl"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("partner: %v, want forbidden", err)
		}
		if err := harvest.SetWorkingLanguages(ctx, d, w.sc["coordinator@b"], a, []string{"nl"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership: %v, want not found", err)
		}
		if _, err := harvest.PartnershipLanguages(ctx, d, w.sc["coordinator@b"], a); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership read: %v, want not found", err)
		}
		for _, bad := range [][]string{nil, {"de"}, {"nl", "ar"}} {
			if err := harvest.SetWorkingLanguages(ctx, d, w.sc["coordinator@a"], a, bad); !apperr.Is(err, apperr.KindInvalid) {
				t.Fatalf("%v: %v, want invalid", bad, err)
			}
		}
	})
}

// setWorkingLanguages sets partnership A's working languages as its coordinator, which
// must succeed: the start of every test of translating A's stories.
func setWorkingLanguages(t *testing.T, w *world, langs ...string) {
	t.Helper()
	if err := harvest.SetWorkingLanguages(context.Background(), w.d, w.sc["coordinator@a"], w.fix.A.ID, langs); err != nil {
		t.Fatal(err)
	}
}

// TestTranslationSaveAndCheck: a person's translation is human and checked by them; a
// machine draft is a draft until checked; saves and checks over another version are
// refused; only a working language can be written; a mentor cannot write.
func TestTranslationSaveAndCheck(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		setWorkingLanguages(t, w, "nl", "fr")
		o := w.reflect(t, w.fix.A.ID, 501, 1, "Ronde 1", "Groep A", "positive", nil, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
		tr, err := harvest.SaveTranslation(ctx, d, sc, uid, o.ID, "nl", harvest.TranslationInput{Change: " Ik spreek Nederlands ", Significance: "belangrijk", Contribution: "de coach", Version: ptr(int64(0))})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Origin != harvest.OriginHuman || tr.CheckedAt == nil || *tr.CheckedBy != uid || tr.Version != 1 || tr.ChangeText != "Ik spreek Nederlands" {
			t.Fatalf("saved = %+v", tr)
		}
		// A second tab that also started from "none yet" is refused.
		if _, err := harvest.SaveTranslation(ctx, d, sc, uid, o.ID, "nl", harvest.TranslationInput{Change: "ander", Version: ptr(int64(0))}); !apperr.IsStale(err) {
			t.Fatalf("stale create: %v", err)
		}
		if _, err := harvest.SaveTranslation(ctx, d, sc, uid, o.ID, "en", harvest.TranslationInput{Change: "x"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("not a working language: %v", err)
		}
		if _, err := harvest.SaveTranslation(ctx, d, w.sc["mentor@a"], w.fix.Users["mentor@a"].ID, o.ID, "nl", harvest.TranslationInput{Change: "x"}); !apperr.Is(err, apperr.KindForbidden) {
			t.Fatalf("mentor: %v", err)
		}
		if _, err := harvest.SaveTranslation(ctx, d, w.sc["coordinator@b"], w.fix.Users["coordinator@b"].ID, o.ID, "nl", harvest.TranslationInput{Change: "x"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Fatalf("other partnership: %v", err)
		}
		got, err := harvest.Get(ctx, d, sc, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Translations) != 1 || got.Translations[0].Lang != "nl" || got.Translations[0].ChangeText != "Ik spreek Nederlands" {
			t.Fatalf("loaded translations = %+v", got.Translations)
		}

		// A machine draft (from the worker) into French, then checked.
		fake := &fakeTranslator{out: map[string]string{"Ik spreek nu Nederlands met de ouders": "Je parle néerlandais avec les parents"}}
		o2 := w.reflect(t, w.fix.A.ID, 502, 1, "Ronde 1", "Groep A", "positive", nil, time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC))
		_ = o2
		if err := d.Q(ctx).Model(&harvest.Outcome{}).Where("id = ?", o2.ID).Update("language", "ar").Error; err != nil {
			t.Fatal(err)
		}
		wk := harvest.NewTranslationWorker(d, fake, harvest.WorkerOptions{})
		if err := wk.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ = harvest.Get(ctx, d, sc, o2.ID)
		fr, ok := got.In("fr")
		if !ok || !fr.Draft() || fr.Origin != harvest.OriginMachine || fr.ChangeText != "Je parle néerlandais avec les parents" || fr.Service != "Fake" {
			t.Fatalf("draft = %+v (ok %v)", fr, ok)
		}
		if err := harvest.CheckTranslation(ctx, d, sc, uid, o2.ID, "fr", ptr(fr.Version+1)); !apperr.IsStale(err) {
			t.Fatalf("check over another version: %v", err)
		}
		if err := harvest.CheckTranslation(ctx, d, sc, uid, o2.ID, "fr", ptr(fr.Version)); err != nil {
			t.Fatal(err)
		}
		got, _ = harvest.Get(ctx, d, sc, o2.ID)
		fr, _ = got.In("fr")
		if fr.Draft() || fr.Origin != harvest.OriginMachine || fr.CheckedAt == nil || *fr.CheckedBy != uid {
			t.Fatalf("checked = %+v", fr)
		}
		// Editing the checked machine text makes it a person's.
		up, err := harvest.SaveTranslation(ctx, d, sc, uid, o2.ID, "fr", harvest.TranslationInput{Change: "Je parle néerlandais", Summary: "Parle aux parents", Version: ptr(fr.Version)})
		if err != nil {
			t.Fatal(err)
		}
		if up.Origin != harvest.OriginHuman || up.Summary != "Parle aux parents" {
			t.Fatalf("edited = %+v", up)
		}
	})
}

type fakeTranslator struct {
	mu    sync.Mutex
	out   map[string]string
	fail  []error // returned (and dropped) one per call before succeeding
	calls int
}

func (f *fakeTranslator) Name() string { return "Fake" }

func (f *fakeTranslator) Translate(_ context.Context, source, target string, texts []string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(f.fail) > 0 {
		err := f.fail[0]
		f.fail = f.fail[1:]
		return nil, err
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		if v, ok := f.out[t]; ok {
			out[i] = v
		} else if t != "" {
			out[i] = "[" + source + ">" + target + "] " + t
		}
	}
	return out, nil
}

type rateLimited struct{ after time.Duration }

func (e rateLimited) Error() string             { return "Fake: HTTP 429: slow down" }
func (e rateLimited) RetryAfter() time.Duration { return e.after }

type badRequest struct{}

func (badRequest) Error() string   { return "Fake: HTTP 400: unsupported language" }
func (badRequest) Permanent() bool { return true }

// TestTranslationWorkerRetries: a failing service is retried with exponential backoff
// (or after the Retry-After it asked for), up to MaxAttempts, with its last error and
// the queue on the status; the state is in the database, so a new worker (a restart)
// carries on where the old one stopped; only stories not in a working language and
// made after the feature arrived are drafted.
func TestTranslationWorkerRetries(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		french := w.reflect(t, w.fix.A.ID, 601, 1, "R", "Groep A", "positive", nil, now) // fr: needs nl
		dutch := w.reflect(t, w.fix.A.ID, 602, 1, "R", "Groep A", "positive", nil, now)
		if err := d.Q(ctx).Model(&harvest.Outcome{}).Where("id = ?", dutch.ID).Update("language", "nl").Error; err != nil {
			t.Fatal(err)
		}
		fake := &fakeTranslator{fail: []error{errors.New("Fake: not reachable"), rateLimited{after: 10 * time.Minute}}}
		opt := harvest.WorkerOptions{Backoff: time.Minute, MaxAttempts: 3, Now: clock}
		if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		h, err := harvest.TranslationState(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if h.Pending != 1 || h.LastError != "Fake: not reachable" || h.LastErrorAt == nil || h.LastSuccess != nil {
			t.Fatalf("after first failure: %+v", h)
		}
		var job harvest.TranslationJob
		if err := d.Q(ctx).Where("outcome_id = ?", french.ID).Take(&job).Error; err != nil {
			t.Fatal(err)
		}
		if job.Lang != "nl" || job.Attempts != 1 || !job.NextAt.Equal(now.Add(time.Minute)) {
			t.Fatalf("job after 1 failure: %+v", job)
		}
		// Not due yet: nothing is asked.
		now = now.Add(30 * time.Second)
		if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if fake.calls != 1 {
			t.Fatalf("calls before due = %d", fake.calls)
		}
		// A restarted worker takes it when due; the service says 429 Retry-After 10 min,
		// longer than the doubled backoff (2 min).
		now = now.Add(time.Minute)
		if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		job = harvest.TranslationJob{}
		d.Q(ctx).Where("outcome_id = ?", french.ID).Take(&job)
		if job.Attempts != 2 || !job.NextAt.Equal(now.Add(10*time.Minute)) || job.LastError != "Fake: HTTP 429: slow down" {
			t.Fatalf("job after 429: %+v (now %v)", job, now)
		}
		now = now.Add(10 * time.Minute)
		if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		h, _ = harvest.TranslationState(ctx, d)
		if h.Pending != 0 || h.Failed != 0 || h.LastSuccess == nil || !h.LastSuccess.Equal(now) {
			t.Fatalf("after success: %+v", h)
		}
		got, _ := harvest.Get(ctx, d, w.sc["coordinator@a"], french.ID)
		if nl, ok := got.In("nl"); !ok || nl.ChangeText != "[fr>nl] Ik spreek nu Nederlands met de ouders" || !nl.Draft() {
			t.Fatalf("draft = %+v", got.Translations)
		}
		got, _ = harvest.Get(ctx, d, w.sc["coordinator@a"], dutch.ID)
		if len(got.Translations) != 0 {
			t.Fatalf("a Dutch story got %+v", got.Translations)
		}

		// A request the service rejects for good is given up at once; others after
		// MaxAttempts.
		bad := w.reflect(t, w.fix.A.ID, 603, 1, "R", "Groep A", "positive", nil, now)
		fake.fail = []error{badRequest{}}
		if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		job = harvest.TranslationJob{}
		d.Q(ctx).Where("outcome_id = ?", bad.ID).Take(&job)
		if job.State != harvest.JobFailed || job.Attempts != 1 {
			t.Fatalf("permanent failure: %+v", job)
		}
		down := w.reflect(t, w.fix.A.ID, 604, 1, "R", "Groep A", "positive", nil, now)
		for i := 0; i < 3; i++ {
			fake.fail = []error{errors.New("Fake: HTTP 503")}
			if err := harvest.NewTranslationWorker(d, fake, opt).RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			now = now.Add(24 * time.Hour)
		}
		job = harvest.TranslationJob{}
		d.Q(ctx).Where("outcome_id = ?", down.ID).Take(&job)
		if job.State != harvest.JobFailed || job.Attempts != 3 {
			t.Fatalf("after MaxAttempts: %+v", job)
		}
		h, _ = harvest.TranslationState(ctx, d)
		if h.Failed != 2 || h.Pending != 0 {
			t.Fatalf("queue: %+v", h)
		}
	})
}

// TestTranslationsScrubbed: retention and a cursist's erasure remove her words from the
// translations too; the summary stays.
func TestTranslationsScrubbed(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("coordinator@a")
		setWorkingLanguages(t, w, "nl", "fr")
		old := w.reflect(t, w.fix.A.ID, 701, 1, "R", "Groep A", "positive", nil, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		if _, err := harvest.SaveTranslation(ctx, d, sc, uid, old.ID, "nl", harvest.TranslationInput{Change: "woorden", Summary: "samenvatting"}); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.PurgeTextBefore(ctx, d, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got, _ := harvest.Get(ctx, d, sc, old.ID)
		if nl, _ := got.In("nl"); nl.ChangeText != "" || nl.Summary != "samenvatting" {
			t.Fatalf("after retention: %+v", nl)
		}
	})
}
