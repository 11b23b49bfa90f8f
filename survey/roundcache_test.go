package survey_test

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/survey"
)

// The round cache measures its TTL on the clock it is given: a changed round is
// served from the cache until that clock passes the TTL, then read again.
func TestRoundCacheTTLOnItsClock(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		r := w.round(t, true)
		clock := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		c := survey.NewRoundCache(d, time.Minute)
		c.SetClock(func() time.Time { return clock })
		if got, _, _, err := c.Get(ctx, r.Code); err != nil || got.Title != "Ronde maart" {
			t.Fatalf("first read: %q %v", got.Title, err)
		}
		if err := d.Q(ctx).Model(&survey.Round{}).Where("id = ?", r.ID).Update("title", "Ronde april").Error; err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(59 * time.Second)
		if got, _, _, _ := c.Get(ctx, r.Code); got.Title != "Ronde maart" {
			t.Errorf("within the TTL: %q, want the cached %q", got.Title, "Ronde maart")
		}
		clock = clock.Add(2 * time.Second)
		if got, _, _, _ := c.Get(ctx, r.Code); got.Title != "Ronde april" {
			t.Errorf("past the TTL: %q, want %q", got.Title, "Ronde april")
		}
	})
}
