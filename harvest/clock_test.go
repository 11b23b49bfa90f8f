package harvest_test

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
)

// Harvest takes the time it stores from the database handle's clock (GORM's NowFunc,
// which also stamps created_at), so a fake clock is what lands in the tables.
func TestHarvestStoresTheDatabaseClock(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		fake := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
		d.SetClock(func() time.Time { return fake })

		o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{
			ResponseID: 900, PartnershipID: w.fix.A.ID, Change: "c", Significance: "s", Sign: "positive"})
		if err != nil {
			t.Fatal(err)
		}
		sc := w.sc["partner@a"]
		got, err := harvest.Get(ctx, d, sc, o.ID)
		if err != nil || !got.SubmittedAt.Equal(fake) {
			t.Errorf("submitted_at without a time = %v (%v), want %v", got.SubmittedAt, err, fake)
		}
		summary := "Samenvatting"
		if _, err := harvest.Update(ctx, d, sc, w.fix.Users["partner@a"].ID, o.ID, harvest.Change{SummaryNL: &summary}); err != nil {
			t.Fatal(err)
		}
		other, err := harvest.RecordOther(ctx, d, sc, w.fix.Users["partner@a"].ID, harvest.OtherInput{
			PartnershipID: w.fix.A.ID, Source: "interview", SourceDetail: "x", Change: "y"})
		if err != nil {
			t.Fatal(err)
		}
		if !other.SubmittedAt.Equal(fake) {
			t.Errorf("other outcome without a date: %v, want %v", other.SubmittedAt, fake)
		}
		for _, id := range []int64{o.ID, other.ID} {
			hist, err := harvest.History(ctx, d, sc, id)
			if err != nil || len(hist) == 0 {
				t.Fatalf("history of %d: %v %v", id, hist, err)
			}
			for _, h := range hist {
				if !h.At.Equal(fake) {
					t.Errorf("history %s of %d at %v, want %v", h.Field, id, h.At, fake)
				}
			}
		}
	})
}
