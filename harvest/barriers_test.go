package harvest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
	"oogst/locale"
)

func barrierID(t *testing.T, d *db.DB, key string) int64 {
	t.Helper()
	var b harvest.Barrier
	if err := d.Q(context.Background()).Where("partnership_id IS NULL AND key = ?", key).Take(&b).Error; err != nil {
		t.Fatalf("preset barrier %s: %v", key, err)
	}
	return b.ID
}

// The ten preset barriers exist in three languages; a partnership's own barrier is
// usable there only; linking, unlinking, the filters and the dashboard follow.
func TestBarriersCodingFilterAndCounts(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		coordA, coordB := w.sc["coordinator@a"], w.sc["coordinator@b"]
		uid := w.fix.Users["coordinator@a"].ID
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

		presets, err := harvest.BarrierTerms().List(ctx, d, coordA, w.fix.A.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(presets) != 10 || presets[6].Key != "language" || presets[6].Name("fr") != "Obstacles linguistiques" || presets[0].Name("en") != "Essential preconditions (mobility, childcare, housing …)" {
			t.Fatalf("presets: %d, %+v", len(presets), presets)
		}
		own, err := harvest.BarrierTerms().Add(ctx, d, coordA, w.fix.A.ID, locale.StaffText("Digitale drempels", "Obstacles numériques", "Digital barriers"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.BarrierTerms().Add(ctx, d, coordA, w.fix.A.ID, locale.StaffText("Taaldrempels", "", "")); !apperr.Is(err, apperr.KindConflict) {
			t.Errorf("a preset's name again: %v, want conflict", err)
		}
		inB, _ := harvest.BarrierTerms().List(ctx, d, coordB, w.fix.B.ID)
		if len(inB) != 10 {
			t.Errorf("partnership B sees %d barriers, want the 10 presets only", len(inB))
		}
		if _, err := harvest.BarrierTerms().Rename(ctx, d, coordB, own.ID, locale.StaffText("x", "", "")); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B renames A's barrier: %v, want not found", err)
		}

		o1 := w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", nil, at)
		o2 := w.reflect(t, w.fix.A.ID, 2, 1, "Ronde 1", "Groep A", "negative", nil, at.Add(time.Hour))
		o3 := w.reflect(t, w.fix.A.ID, 3, 1, "Ronde 1", "Groep A", "positive", nil, at.Add(2*time.Hour))
		ob := w.reflect(t, w.fix.B.ID, 4, 2, "Ronde B", "Groep B", "positive", nil, at)
		lang, fin := barrierID(t, d, "language"), barrierID(t, d, "financial")

		if err := harvest.LinkBarriers(ctx, d, coordA, uid, []int64{o1.ID, o2.ID}, []int64{lang}); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Update(ctx, d, coordA, uid, o1.ID, harvest.Change{BarrierIDs: &[]int64{lang, own.ID, fin}}); err != nil {
			t.Fatal(err)
		}
		if err := harvest.UnlinkBarriers(ctx, d, coordA, uid, []int64{o1.ID}, []int64{fin}); err != nil {
			t.Fatal(err)
		}
		// A's own barrier on B's outcome, and B's coordinator on A's outcome: refused.
		if _, err := harvest.Update(ctx, d, coordB, w.fix.Users["coordinator@b"].ID, ob.ID, harvest.Change{BarrierIDs: &[]int64{own.ID}}); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("another partnership's barrier: %v, want invalid", err)
		}
		if err := harvest.LinkBarriers(ctx, d, coordB, w.fix.Users["coordinator@b"].ID, []int64{o3.ID}, []int64{lang}); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("B links on A's outcome: %v, want not found", err)
		}

		got, err := harvest.Get(ctx, d, coordA, o1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if keys := got.BarrierKeys(); !slices.Equal(keys, []string{"language", "digitale_drempels"}) {
			t.Errorf("o1 barriers %v", keys)
		}
		hist, _ := harvest.History(ctx, d, coordA, o1.ID)
		if len(hist) == 0 || hist[0].Field != "barriers" || (hist[0].OldValue != "financial, language, digitale_drempels" || hist[0].NewValue != "language, digitale_drempels") {
			t.Errorf("history %+v", hist)
		}

		page, err := harvest.List(ctx, d, coordA, harvest.Filter{PartnershipID: w.fix.A.ID, BarrierID: lang})
		if err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(page.Items); !slices.Equal(ids, []int64{o2.ID, o1.ID}) {
			t.Errorf("filter on language barrier: %v, want %v", ids, []int64{o2.ID, o1.ID})
		}

		agg, err := harvest.Aggregate(ctx, d, coordA, w.fix.A.ID, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := []harvest.BarrierCount{
			{BarrierID: lang, Key: "language", Positive: 1, Negative: 1, Total: 2},
			{BarrierID: own.ID, Key: "digitale_drempels", Positive: 1, Total: 1},
		}
		if len(agg.ByBarrier) != 2 {
			t.Fatalf("by barrier %+v", agg.ByBarrier)
		}
		for i, b := range agg.ByBarrier {
			b.Barrier = harvest.Barrier{}
			if b != want[i] {
				t.Errorf("by barrier [%d] = %+v, want %+v", i, b, want[i])
			}
		}
	})
}

// Actor, contribution strength and the steering group's note are kept, validated,
// filtered on and recorded in the history; a stale version is refused.
func TestActorAndContribution(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		sc, uid := w.as("partner@a")
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		o1 := w.reflect(t, w.fix.A.ID, 1, 1, "Ronde 1", "Groep A", "positive", nil, at)
		o2 := w.reflect(t, w.fix.A.ID, 2, 1, "Ronde 1", "Groep A", "positive", nil, at.Add(time.Hour))

		got, err := harvest.Update(ctx, d, sc, uid, o1.ID, harvest.Change{Actor: ptr("job_coach"), ContributionStrength: ptr("substantial"),
			SignificanceNote: ptr("  De eerste stap naar werk.  "), Version: &o1.Version})
		if err != nil {
			t.Fatal(err)
		}
		if got.Actor != "job_coach" || got.ContributionStrength != "substantial" || got.SignificanceNote != "De eerste stap naar werk." || got.Version != o1.Version+1 {
			t.Errorf("after update: %q %q %q v%d", got.Actor, got.ContributionStrength, got.SignificanceNote, got.Version)
		}
		if _, err := harvest.Update(ctx, d, sc, uid, o1.ID, harvest.Change{Actor: ptr("family"), Version: &o1.Version}); !apperr.IsStale(err) {
			t.Errorf("a save over an older version: %v, want stale", err)
		}
		_, err = harvest.Update(ctx, d, sc, uid, o2.ID, harvest.Change{Actor: ptr("neighbour"), ContributionStrength: ptr("huge")})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || e.Fields["actor"].ID == "" || e.Fields["contribution_strength"].ID == "" {
			t.Errorf("unknown actor and strength: %v", err)
		}
		page, err := harvest.List(ctx, d, sc, harvest.Filter{PartnershipID: w.fix.A.ID, Actor: "job_coach"})
		if err != nil {
			t.Fatal(err)
		}
		if ids := idsOf(page.Items); !slices.Equal(ids, []int64{o1.ID}) {
			t.Errorf("actor filter: %v", ids)
		}
		hist, _ := harvest.History(ctx, d, sc, o1.ID)
		fields := map[string]string{}
		for _, h := range hist {
			fields[h.Field] = h.NewValue
		}
		if fields["actor"] != "job_coach" || fields["contribution_strength"] != "substantial" || fields["significance_note"] != "De eerste stap naar werk." {
			t.Errorf("history %v", fields)
		}
	})
}

func idsOf(os []harvest.Outcome) []int64 {
	out := make([]int64, len(os))
	for i, o := range os {
		out[i] = o.ID
	}
	return out
}
