package demo_test

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/demo"
	"oogst/survey"
)

func TestSurveyDemoRoundIsIdempotent(t *testing.T) {
	t.Parallel()
	demo.DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// The seed loaded the demo once; loading again finds the round and adds nothing.
		again := loadAgain(t, d)
		if again.JoinCode != "DEMO42" {
			t.Errorf("join code %q", again.JoinCode)
		}
		if again.Created != 0 {
			t.Errorf("second load created %d rows", again.Created)
		}
		r, _, def, err := survey.RoundByCode(ctx, d, "demo42")
		if err != nil {
			t.Fatal(err)
		}
		if !r.IsOpen(time.Now()) || !r.AnonymousAllowed || r.ClosesAt != nil || r.GroupName != "Groep A" || !survey.IsReflection(def) {
			t.Errorf("demo round = %+v", r)
		}
		var n int64
		d.Q(ctx).Model(&survey.Response{}).Where("round_id = ?", r.ID).Count(&n)
		if n != 4 {
			t.Errorf("demo responses: %d", n)
		}
	})
}
