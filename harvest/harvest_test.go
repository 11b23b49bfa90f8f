package harvest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/locale"
	"oogst/people"
	"oogst/testkit"
)

type world struct {
	d   *db.DB
	fix *testkit.Fixture
	sc  map[string]people.Scope
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	w := &world{d: d, fix: testkit.NewFixture(t, d), sc: map[string]people.Scope{}}
	for k := range w.fix.Users {
		w.sc[k] = w.fix.Scope(t, d, k)
	}
	return w
}

// eachWorld runs fn on a fresh world in every test database (dbtest.Each): the start
// that nearly every harvest test shares, so each test opens with what it is about.
func eachWorld(t *testing.T, fn func(t *testing.T, ctx context.Context, d *db.DB, w *world)) {
	t.Helper()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		fn(t, context.Background(), d, newWorld(t, d))
	})
}

// as returns a fixture user's scope and id ("coordinator@a", …), the pair that harvest's
// writing calls take.
func (w *world) as(key string) (people.Scope, int64) {
	return w.sc[key], w.fix.Users[key].ID
}

func (w *world) reflect(t *testing.T, pid, responseID, roundID int64, round, group, sign string, blocks []string, at time.Time) harvest.Outcome {
	t.Helper()
	o, err := harvest.CreateFromReflection(context.Background(), w.d, harvest.ReflectionInput{
		ResponseID: responseID, PartnershipID: pid, RoundID: roundID, RoundTitle: round, GroupName: group,
		Language: "fr", Change: "Ik spreek nu Nederlands met de ouders", Significance: "belangrijk", Sign: sign,
		Blocks: blocks, Contribution: "de taalcoach", VoiceAttachmentIDs: []int64{7, 9}, SubmittedAt: at,
	})
	if err != nil {
		t.Fatalf("reflect: %v", err)
	}
	return o
}

func presetID(t *testing.T, d *db.DB, key string) int64 {
	t.Helper()
	var c harvest.Code
	if err := d.Q(context.Background()).Where("partnership_id IS NULL AND key = ?", key).Take(&c).Error; err != nil {
		t.Fatalf("preset %s: %v", key, err)
	}
	return c.ID
}

func ptr[T any](v T) *T { return &v }

func TestWorkflowAndHistory(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		o := w.reflect(t, w.fix.A.ID, 101, 1, "Ronde 1", "Groep A", "positive", []string{"training", "guidance", "bogus"}, at)
		again := w.reflect(t, w.fix.A.ID, 101, 1, "Ronde 1", "Groep A", "positive", nil, at)
		if again.ID != o.ID {
			t.Fatalf("not idempotent: %d then %d", o.ID, again.ID)
		}
		var n int64
		d.Q(context.Background()).Model(&harvest.Outcome{}).Count(&n)
		if n != 1 {
			t.Fatalf("outcomes = %d, want 1", n)
		}
		got, err := harvest.Get(ctx, d, w.sc["partner@a"], o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != harvest.StatusNew || len(got.Blocks) != 2 || got.Blocks[0] != "guidance" || got.Blocks[1] != "training" || len(got.Voices()) != 2 || got.Language != "fr" {
			t.Errorf("created outcome: %+v", got)
		}
		coord := w.fix.Users["coordinator@a"].ID
		selfConf, lang := presetID(t, d, "self_confidence"), presetID(t, d, "language_level")

		// Moving to coded without a code is refused; coding moves a new outcome to coded.
		_, err = harvest.Update(ctx, d, w.sc["coordinator@a"], coord, o.ID, harvest.Change{Status: ptr("coded")})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || e.Fields["codes"].ID != "harvest.error.needs_code" {
			t.Errorf("coded without code: %v", err)
		}
		up, err := harvest.Update(ctx, d, w.sc["coordinator@a"], coord, o.ID, harvest.Change{
			CodeIDs: &[]int64{lang, selfConf}, SummaryNL: ptr("Spreekt Nederlands met ouders"), ChangeType: ptr("behaviour"), ReviewerSignificance: ptr("high"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if up.Status != harvest.StatusCoded || len(up.Codes) != 2 || up.SummaryNL != "Spreekt Nederlands met ouders" || up.ChangeType != "behaviour" {
			t.Errorf("after coding: %+v", up)
		}
		// Invalid transition and exclusion without reason.
		_, err = harvest.Update(ctx, d, w.sc["coordinator@a"], coord, o.ID, harvest.Change{Status: ptr("excluded")})
		if e, ok := apperr.As(err); !ok || e.Fields["exclude_reason"].ID != "harvest.error.reason" {
			t.Errorf("exclude without reason: %v", err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["coordinator@a"], coord, o.ID, harvest.Change{Status: ptr("used")}); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["coordinator@a"], coord, o.ID, harvest.Change{Status: ptr("new")}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("used → new allowed: %v", err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["partner@a"], w.fix.Users["partner@a"].ID, o.ID, harvest.Change{Status: ptr("excluded"), Reason: ptr("dubbel")}); err != nil {
			t.Fatal(err)
		}
		hist, err := harvest.History(ctx, d, w.sc["coordinator@a"], o.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]string{ // field → old, new (latest change of it)
			"codes": {"", "self_confidence, language_level"}, "summary_nl": {"", "Spreekt Nederlands met ouders"},
			"change_type": {"", "behaviour"}, "reviewer_significance": {"", "high"}, "exclude_reason": {"", "dubbel"},
			"status": {"used", "excluded"},
		}
		seen := map[string]bool{}
		for _, h := range hist {
			if seen[h.Field] {
				continue
			}
			seen[h.Field] = true
			if wv, ok := want[h.Field]; ok && (h.OldValue != wv[0] || h.NewValue != wv[1]) {
				t.Errorf("history %s: %q → %q, want %q → %q", h.Field, h.OldValue, h.NewValue, wv[0], wv[1])
			}
		}
		for f := range want {
			if !seen[f] {
				t.Errorf("history lacks %s: %+v", f, hist)
			}
		}
		if hist[0].UserName != "partner a" || hist[0].Field != "exclude_reason" && hist[0].Field != "status" {
			t.Errorf("latest history entry: %+v", hist[0])
		}
		var statusChanges int64
		d.Q(context.Background()).Model(&harvest.HistoryEntry{}).Where("outcome_id = ? AND field = 'status'", o.ID).Count(&statusChanges)
		if statusChanges != 3 { // new→coded, coded→used, used→excluded
			t.Errorf("status changes = %d, want 3", statusChanges)
		}
	})
}

func TestAccessRules(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		own := w.reflect(t, w.fix.A.ID, 1, 1, "R1", "Groep A", "positive", nil, at)
		other := w.reflect(t, w.fix.A.ID, 2, 1, "R1", "Groep B", "negative", nil, at)
		bs := w.reflect(t, w.fix.B.ID, 3, 2, "R1", "Groep A", "positive", nil, at)
		// Mentor of Groep A: reads own group, not Groep B, cannot edit.
		if _, err := harvest.Get(ctx, d, w.sc["mentor@a"], own.ID); err != nil {
			t.Errorf("mentor reads own group: %v", err)
		}
		if _, err := harvest.Get(ctx, d, w.sc["mentor@a"], other.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor reads other group: %v", err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["mentor@a"], 1, own.ID, harvest.Change{SummaryNL: ptr("x")}); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor edits: %v", err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["mentor@a"], 1, other.ID, harvest.Change{SummaryNL: ptr("x")}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("mentor edits other group: %v", err)
		}
		for _, who := range []string{"coordinator@a", "partner@a", "mentor@a", "admin"} {
			if _, err := harvest.Get(ctx, d, w.sc[who], bs.ID); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s reads B's outcome: %v", who, err)
			}
			if _, err := harvest.Update(ctx, d, w.sc[who], 1, bs.ID, harvest.Change{SummaryNL: ptr("x")}); !apperr.Is(err, apperr.KindNotFound) {
				t.Errorf("%s edits B's outcome: %v", who, err)
			}
		}
		p, err := harvest.List(ctx, d, w.sc["mentor@a"], harvest.Filter{})
		if err != nil || p.Total != 1 || p.Items[0].ID != own.ID {
			t.Errorf("mentor list: %+v %v", p, err)
		}
		p, _ = harvest.List(ctx, d, w.sc["admin"], harvest.Filter{})
		if p.Total != 0 {
			t.Errorf("admin lists stories: %d", p.Total)
		}
		// A code of B cannot be put on A's outcome.
		bc, err := harvest.CodeTerms().Add(ctx, d, w.sc["coordinator@b"], w.fix.B.ID, locale.StaffText("Fietsen", "", ""))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Update(ctx, d, w.sc["coordinator@a"], 1, own.ID, harvest.Change{CodeIDs: &[]int64{bc.ID}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("foreign code accepted: %v", err)
		}
		if _, err := harvest.CodeTerms().Rename(ctx, d, w.sc["coordinator@a"], bc.ID, locale.StaffText("x", "", "")); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("rename B's code: %v", err)
		}
	})
}

func TestCodesAddRenameRetire(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc := w.sc["partner@a"]
		codes, err := harvest.CodeTerms().List(ctx, d, sc, w.fix.A.ID)
		if err != nil || len(codes) != 10 {
			t.Fatalf("presets: %d %v", len(codes), err)
		}
		if codes[0].Name("fr") != "Confiance en soi et assertivité" || codes[6].Name("en") != "Language level" {
			t.Errorf("preset names: %q %q", codes[0].Name("fr"), codes[6].Name("en"))
		}
		c, err := harvest.CodeTerms().Add(ctx, d, sc, w.fix.A.ID, locale.StaffText("Mobiliteit", "Mobilité", ""))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.CodeTerms().Add(ctx, d, sc, w.fix.A.ID, locale.StaffText("Mobiliteit", "", "")); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("duplicate code: %v", err)
		}
		if _, err := harvest.CodeTerms().Add(ctx, d, w.sc["mentor@a"], w.fix.A.ID, locale.StaffText("X", "", "")); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor adds code: %v", err)
		}
		c, err = harvest.CodeTerms().Rename(ctx, d, sc, c.ID, locale.StaffText("Vervoer", "Transport", "Transport"))
		if err != nil || c.Name("nl") != "Vervoer" || c.Name("en") != "Transport" {
			t.Fatalf("rename: %+v %v", c, err)
		}
		if _, err := harvest.CodeTerms().Rename(ctx, d, sc, codes[0].ID, locale.StaffText("x", "", "")); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("rename preset: %v", err)
		}
		o := w.reflect(t, w.fix.A.ID, 1, 1, "R1", "Groep A", "positive", nil, time.Now())
		if _, err := harvest.Update(ctx, d, sc, 1, o.ID, harvest.Change{CodeIDs: &[]int64{c.ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.CodeTerms().Retire(ctx, d, sc, c.ID, true, time.Now()); err != nil {
			t.Fatal(err)
		}
		got, _ := harvest.Get(ctx, d, sc, o.ID)
		if len(got.Codes) != 1 || got.Codes[0].RetiredAt == nil {
			t.Errorf("retired code left the outcome: %+v", got.Codes)
		}
		// It stays when other fields change, but cannot be added to another outcome.
		if _, err := harvest.Update(ctx, d, sc, 1, o.ID, harvest.Change{SummaryNL: ptr("ok"), AddCodeIDs: []int64{codes[1].ID}}); err != nil {
			t.Errorf("edit with retired code kept: %v", err)
		}
		o2 := w.reflect(t, w.fix.A.ID, 2, 1, "R1", "Groep A", "positive", nil, time.Now())
		if _, err := harvest.Update(ctx, d, sc, 1, o2.ID, harvest.Change{CodeIDs: &[]int64{c.ID}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("retired code added: %v", err)
		}
	})
}

func TestRecordOtherSource(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		_, err := harvest.RecordOther(ctx, d, w.sc["partner@a"], 1, harvest.OtherInput{PartnershipID: w.fix.A.ID, Source: "interview"})
		e, ok := apperr.As(err)
		if !ok || e.Fields["source_detail"].ID == "" || e.Fields["change"].ID == "" {
			t.Errorf("validation: %v", err)
		}
		o, err := harvest.RecordOther(ctx, d, w.sc["partner@a"], w.fix.Users["partner@a"].ID, harvest.OtherInput{
			PartnershipID: w.fix.A.ID, Source: "observation", SourceDetail: "mentor Kinderopvang Gent", Change: "Zij leidt nu zelf het kringgesprek",
			Sign: "positive", Blocks: []string{"workplace"}, OccurredAt: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := harvest.Get(ctx, d, w.sc["coordinator@a"], o.ID)
		if err != nil || got.Source != "observation" || got.SourceDetail != "mentor Kinderopvang Gent" || got.ResponseID != nil || got.Blocks[0] != "workplace" {
			t.Errorf("other-source outcome: %+v %v", got, err)
		}
		if _, err := harvest.RecordOther(ctx, d, w.sc["coordinator@a"], 1, harvest.OtherInput{PartnershipID: w.fix.B.ID, Source: "interview", SourceDetail: "x", Change: "y"}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("record in B: %v", err)
		}
	})
}

// The survey calls CreateFromReflection inside its submission transaction: when that
// transaction rolls back, no outcome may remain.
func TestCreateFromReflectionFollowsTheCallersTransaction(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		errBoom := errors.New("boom")
		err := d.Tx(context.Background(), func(tx *db.DB) error {
			if _, err := harvest.CreateFromReflection(context.Background(), tx, harvest.ReflectionInput{
				ResponseID: 77, PartnershipID: w.fix.A.ID, RoundID: 1, Change: "x", Blocks: []string{"training"}, SubmittedAt: time.Now(),
			}); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatal(err)
		}
		var n int64
		d.Q(context.Background()).Model(&harvest.Outcome{}).Count(&n)
		var b int64
		d.Q(context.Background()).Model(&harvest.Block{}).Count(&b)
		if n != 0 || b != 0 {
			t.Errorf("after rollback: %d outcomes, %d blocks", n, b)
		}
	})
}
