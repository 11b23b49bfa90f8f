package survey_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/locale"
	"oogst/people"
	"oogst/survey"
	"oogst/testkit"
)

type world struct {
	d   *db.DB
	fix *testkit.Fixture
	sc  people.Scope // coordinator of A
	now time.Time
}

func newWorld(t testing.TB, d *db.DB) *world {
	fix := testkit.NewFixture(t, d)
	return &world{d: d, fix: fix, sc: fix.Scope(t, d, "coordinator@a"), now: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
}

// eachWorld runs fn on a fresh world (newWorld) in every test database (dbtest.Each):
// the start that most survey tests share, so each test opens with what it is about.
func eachWorld(t *testing.T, fn func(t *testing.T, ctx context.Context, d *db.DB, w *world)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, context.Background(), d, newWorld(t, d))
	})
}

// form creates an empty form in partnership A as its coordinator, which must succeed.
func (w *world) form(t testing.TB, name string) survey.Form {
	t.Helper()
	f, err := survey.CreateForm(context.Background(), w.d, w.sc, w.fix.A.ID, name, w.now)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (w *world) round(t testing.TB, anonymous bool) survey.Round {
	t.Helper()
	f, _, err := survey.EnsureBuiltin(context.Background(), w.d, w.now)
	if err != nil {
		t.Fatal(err)
	}
	r, err := survey.CreateRound(context.Background(), w.d, w.sc, survey.RoundInput{
		PartnershipID: w.fix.A.ID, FormID: f.ID, Title: "Ronde maart", GroupName: "Groep A", OpensAt: w.now.Add(-time.Hour), AnonymousAllowed: anonymous,
	}, w.now)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sub(answers map[string]any) survey.Submission {
	s := survey.Submission{ID: uuid.NewString(), Language: "tr", Answers: map[string]survey.Answer{}}
	for k, v := range answers {
		s.Answers[k] = survey.AnswerOf(v)
	}
	return s
}

func good() map[string]any {
	return map[string]any{"change": "Annemle Hollandaca konuştum.", "sign": "both", "significance": "Daha az korkuyorum.", "blocks": []string{"training", "workplace"}, "contribution": "Öğretmenim."}
}

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("not an apperr: %v", err)
	}
	out := map[string]string{}
	for k, m := range e.Fields {
		out[k] = m.ID
	}
	return out
}

func TestBuiltinFormIsComplete(t *testing.T) {
	t.Parallel()
	def := survey.BuiltinDefinition()
	if err := def.ValidateForPublish(); err != nil {
		t.Fatalf("built-in form does not validate: %v", err)
	}
	if len(def.Languages) != 11 {
		t.Errorf("languages = %v", def.Languages)
	}
	for _, l := range locale.Languages {
		if !def.Offers(l.Tag) {
			t.Errorf("built-in form lacks %s", l.Tag)
		}
	}
	for _, role := range survey.Roles {
		if _, ok := def.QuestionWithRole(role); !ok {
			t.Errorf("no question with role %s", role)
		}
	}
	q, _ := def.QuestionWithRole(survey.RoleBlocks)
	want := []string{"partnership", "outreach", "guidance", "training", "workplace", "aftercare"}
	for i, o := range q.Options {
		if o.ID != want[i] || o.Icon == "" {
			t.Errorf("block option %d = %+v", i, o)
		}
	}
}

func TestSurveyPublishFreezesVersion(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f := w.form(t, "Tevredenheid")
		one, two := 1, 5
		q := survey.Question{ID: "score", Type: survey.Scale, Required: true, Min: &one, Max: &two, Text: locale.Text{"nl": "Hoe tevreden ben je?"}}
		if err := survey.SaveQuestion(ctx, d, w.sc, f.ID, q, w.now); err != nil {
			t.Fatal(err)
		}
		v1, err := survey.Publish(ctx, d, w.sc, f.ID, w.now)
		if err != nil || v1.Version != 1 {
			t.Fatalf("publish: %v %+v", err, v1)
		}
		r, err := survey.CreateRound(ctx, d, w.sc, survey.RoundInput{PartnershipID: w.fix.A.ID, FormID: f.ID, Title: "R", AnonymousAllowed: true, OpensAt: w.now.Add(-time.Minute)}, w.now)
		if err != nil {
			t.Fatal(err)
		}
		// Editing the draft after publishing does not change the round's version.
		q.Text = locale.Text{"nl": "Hoe blij ben je?"}
		if err := survey.SaveQuestion(ctx, d, w.sc, f.ID, q, w.now); err != nil {
			t.Fatal(err)
		}
		_, _, def, err := survey.RoundByCode(ctx, d, r.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := def.Question("score"); got.Text["nl"] != "Hoe tevreden ben je?" {
			t.Errorf("round sees draft text %q", got.Text["nl"])
		}
		v2, err := survey.Publish(ctx, d, w.sc, f.ID, w.now)
		if err != nil || v2.Version != 2 {
			t.Fatalf("second publish: %v %+v", err, v2)
		}
		// Publishing again without changes makes no new version.
		if v, _ := survey.Publish(ctx, d, w.sc, f.ID, w.now); v.Version != 2 {
			t.Errorf("unchanged publish made version %d", v.Version)
		}
		s := sub(map[string]any{"score": 4})
		s.Language = "nl"
		out, created, err := survey.Submit(ctx, d, nil, r.Code, s, w.now)
		if err != nil || !created || out.FormVersion != 1 || string(out.Answers) != `{"score":4}` {
			t.Errorf("submit: %v %v %+v", err, created, out)
		}
		// Out of range.
		s = sub(map[string]any{"score": 9})
		s.Language = "nl"
		_, _, err = survey.Submit(ctx, d, nil, r.Code, s, w.now)
		if f := fields(t, err); f["score"] != "submit.out_of_range" {
			t.Errorf("fields = %v", f)
		}
	})
}

func TestSurveyPublishNeedsEveryLanguage(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f, _ := survey.CreateForm(ctx, d, w.sc, w.fix.A.ID, "Twee talen", w.now)
		_, err := survey.EditForm(ctx, d, w.sc, f.ID, w.now, func(def *survey.Definition) error {
			def.Languages = []string{"nl", "ar"}
			def.Title["ar"] = "لغتان"
			def.Questions = append(def.Questions,
				survey.Question{ID: "q1", Type: survey.ShortText, Text: locale.Text{"nl": "Naam van je stageplaats?", "ar": "اسم مكان التدريب؟"}},
				survey.Question{ID: "q2", Type: survey.SingleChoice, Text: locale.Text{"nl": "Hoe kwam je?", "ar": "كيف أتيت؟"},
					Options: []survey.Option{{ID: "bus", Text: locale.Text{"nl": "Bus"}}, {ID: "fiets", Text: locale.Text{"nl": "Fiets", "ar": "دراجة"}}}},
				survey.Question{ID: "q3", Type: survey.LongText, Text: locale.Text{"nl": "Nog iets?"}})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = survey.Publish(ctx, d, w.sc, f.ID, w.now)
		got := fields(t, err)
		if len(got) != 2 || got["q2"] != "survey.err.missing_translations" || got["q3"] != "survey.err.missing_translations" {
			t.Errorf("fields = %v", got)
		}
		e, _ := apperr.As(err)
		if e.Fields["q3"].Data["Languages"] != "العربية" {
			t.Errorf("missing languages = %v", e.Fields["q3"].Data)
		}
		// Structural errors are reported per question.
		_, err = survey.EditForm(ctx, d, w.sc, f.ID, w.now, func(def *survey.Definition) error {
			def.Questions = append(def.Questions, survey.Question{ID: "q1", Type: survey.ShortText}, survey.Question{ID: "Bad Id!", Type: survey.ShortText},
				survey.Question{ID: "s", Type: survey.Scale}, survey.Question{ID: "c", Type: survey.MultipleChoice})
			return nil
		})
		got = fields(t, err)
		want := map[string]string{"q1": "survey.err.duplicate_id", "Bad Id!": "survey.err.bad_id", "s": "survey.err.bad_scale", "c.options": "survey.err.no_options"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("field %s = %q, want %q (all %v)", k, got[k], v, got)
			}
		}
		// Translation checks: Arabic starts unchecked; confirming sets it; editing
		// Arabic text unsets it again.
		form, def, _ := survey.GetForm(ctx, d, w.sc, f.ID)
		checks, _ := survey.TranslationChecks(ctx, d, form, def)
		if !checks["nl"] || checks["ar"] {
			t.Errorf("checks = %v", checks)
		}
		if err := survey.ConfirmTranslation(ctx, d, w.sc, f.ID, "ar", w.now); err != nil {
			t.Fatal(err)
		}
		checks, _ = survey.TranslationChecks(ctx, d, form, def)
		if !checks["ar"] {
			t.Errorf("ar not confirmed: %v", checks)
		}
		q, _ := def.Question("q1")
		q.Text["ar"] = "ما اسم مكان تدريبك؟"
		if err := survey.SaveQuestion(ctx, d, w.sc, f.ID, *q, w.now); err != nil {
			t.Fatal(err)
		}
		checks, _ = survey.TranslationChecks(ctx, d, form, def)
		if checks["ar"] {
			t.Errorf("ar still confirmed after an edit")
		}
		// Partnership B's coordinator cannot see or edit A's form.
		scB, _ := people.LoadScope(ctx, d, w.fix.Users["coordinator@b"].ID)
		if _, _, err := survey.GetForm(ctx, d, scB, f.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B reads A's form: %v", err)
		}
		scM, _ := people.LoadScope(ctx, d, w.fix.Users["mentor@a"].ID)
		if _, err := survey.Publish(ctx, d, scM, f.ID, w.now); err == nil {
			t.Errorf("mentor published")
		}
	})
}

type recordingSink struct {
	mu   sync.Mutex
	got  []survey.Reflection
	fail bool
}

func (s *recordingSink) CreateFromReflections(ctx context.Context, tx *db.DB, rs []survey.Reflection) error {
	if s.fail {
		return errors.New("harvest is broken")
	}
	for _, r := range rs {
		// Prove we are inside the transaction: the response is visible through tx.
		var n int64
		if err := tx.Q(ctx).Model(&survey.Response{}).Where("id = ?", r.ResponseID).Count(&n).Error; err != nil || n != 1 {
			return errors.New("response not visible in the sink's transaction")
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, rs...)
	return nil
}

func TestSurveySubmitIdempotentAndReflection(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, false)
		sink := &recordingSink{}
		s := sub(good())
		code := "KAAA"
		s.Cursist = &code
		// Two goroutines with the same uuid at once: exactly one row, one reflection.
		var wg sync.WaitGroup
		results := make([]bool, 4)
		errs := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, results[i], errs[i] = survey.Submit(ctx, d, sink, r.Code, s, w.now)
			}(i)
		}
		wg.Wait()
		created := 0
		for i := range results {
			if errs[i] != nil {
				t.Fatalf("submit %d: %v", i, errs[i])
			}
			if results[i] {
				created++
			}
		}
		var n int64
		d.Q(context.Background()).Model(&survey.Response{}).Count(&n)
		if n != 1 || created != 1 {
			t.Errorf("rows %d, created %d; want 1 and 1", n, created)
		}
		if len(sink.got) != 1 {
			t.Fatalf("sink called %d times", len(sink.got))
		}
		got := sink.got[0]
		if got.Change != "Annemle Hollandaca konuştum." || got.Sign != "both" || got.Significance != "Daha az korkuyorum." || got.Contribution != "Öğretmenim." ||
			len(got.Blocks) != 2 || got.Blocks[1] != "workplace" || got.Language != "tr" || got.CursistID == nil || *got.CursistID != w.fix.Cursists["KAAA"].ID ||
			got.RoundID != r.ID || got.PartnershipID != w.fix.A.ID || got.GroupName != "Groep A" || got.FormVersion != 1 || got.RoundTitle != "Ronde maart" {
			t.Errorf("reflection = %+v", got)
		}
		// A failing sink rolls the submission back.
		broken := &recordingSink{fail: true}
		s2 := sub(good())
		s2.Cursist = &code
		if _, _, err := survey.Submit(ctx, d, broken, r.Code, s2, w.now); err == nil {
			t.Fatal("submit with a failing sink succeeded")
		}
		d.Q(context.Background()).Model(&survey.Response{}).Count(&n)
		if n != 1 {
			t.Errorf("rows after failing sink: %d", n)
		}
		// The retry after the sink recovers stores it.
		if _, created, err := survey.Submit(ctx, d, sink, r.Code, s2, w.now); err != nil || !created {
			t.Errorf("retry: %v %v", err, created)
		}
		if len(sink.got) != 2 {
			t.Errorf("sink calls %d", len(sink.got))
		}
	})
}

func TestSurveyClosedAndFutureRounds(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		if err := survey.CloseRound(ctx, d, w.sc, r.ID, w.now); err != nil {
			t.Fatal(err)
		}
		_, _, err := survey.Submit(ctx, d, nil, r.Code, sub(good()), w.now)
		if !apperr.Is(err, apperr.KindConflict) || fields(t, err)["round"] != "submit.round_closed" {
			t.Errorf("closed round: %v", err)
		}
		f, _, _ := survey.EnsureBuiltin(ctx, d, w.now)
		later, err := survey.CreateRound(ctx, d, w.sc, survey.RoundInput{PartnershipID: w.fix.A.ID, FormID: f.ID, Title: "Later", OpensAt: w.now.Add(24 * time.Hour), AnonymousAllowed: true}, w.now)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = survey.Submit(ctx, d, nil, later.Code, sub(good()), w.now)
		if fields(t, err)["round"] != "submit.round_not_open" {
			t.Errorf("future round: %v", err)
		}
		for _, c := range later.Code {
			if !containsRune(people.CodeAlphabet, c) || len(later.Code) != survey.CodeLength {
				t.Errorf("code %q uses %q", later.Code, c)
			}
		}
	})
}

func containsRune(s string, r rune) bool {
	for _, x := range s {
		if x == r {
			return true
		}
	}
	return false
}
