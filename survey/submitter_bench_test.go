package survey_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/survey"
)

// BenchmarkSubmitter stores reflections through the Submitter with the harvest sink, from
// many goroutines at once as tablets would: ns/op is the wall time per submission at that
// concurrency, allocs/op everything one submission costs in Go (validation, SQL, sink).
func BenchmarkSubmitter(b *testing.B) {
	for _, c := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(c.name, func(b *testing.B) {
			d := c.open(b)
			w := newWorld(b, d)
			r := w.round(b, true)
			s := survey.NewSubmitter(d, survey.Sinks{Reflections: harvest.Sink{}}, survey.SubmitterOptions{RoundTTL: time.Hour})
			defer s.Close()
			body := sub(good())
			ctx := context.Background()
			b.ReportAllocs()
			b.SetParallelism(32)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					x := body
					x.ID = uuid.NewString()
					if _, created, err := s.Submit(ctx, r.Code, x, w.now); err != nil || !created {
						b.Errorf("submit: %v %v", err, created)
						return
					}
				}
			})
		})
	}
}
