package harvest_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
	"oogst/harvest"
	"oogst/people"
	"oogst/testkit"
)

// BenchmarkAggregate times the dashboard aggregates of one partnership, read from the
// rollup; BenchmarkAggregateFromTables computes the same numbers straight from the
// outcome tables, its baseline. The number of outcomes comes from OOGST_BENCH_OUTCOMES
// (default 20000; the performance issue uses 1000000 in the bench command).
// Run: go test ./harvest/ -run '^$' -bench Aggregate -benchmem
func BenchmarkAggregate(b *testing.B) {
	benchAggregates(b, func(b *testing.B, d *db.DB, sc people.Scope, pid int64) int64 {
		a, err := harvest.Aggregate(context.Background(), d, sc, pid, harvest.AggregateFilter{})
		if err != nil {
			b.Fatal(err)
		}
		return a.Total
	})
}

func BenchmarkAggregateFromTables(b *testing.B) {
	benchAggregates(b, func(b *testing.B, d *db.DB, _ people.Scope, pid int64) int64 {
		return direct(b, d, pid, harvest.AggregateFilter{}).Total
	})
}

func benchAggregates(b *testing.B, run func(b *testing.B, d *db.DB, sc people.Scope, pid int64) int64) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("OOGST_BENCH_OUTCOMES")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			fix := testkit.NewFixture(b, d)
			seedMany(b, d, fix.A.ID, n)
			if _, err := harvest.CompactRollup(context.Background(), d); err != nil {
				b.Fatal(err)
			}
			u := fix.Users["coordinator@a"]
			sc, err := people.LoadScope(context.Background(), d, u.ID)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if total := run(b, d, sc, fix.A.ID); total != int64(n) {
					b.Fatalf("total %d, want %d", total, n)
				}
			}
		})
	}
}

// seedMany inserts n outcomes with one or two codes and blocks each, in batches.
func seedMany(b *testing.B, d *db.DB, pid int64, n int) {
	b.Helper()
	var codes []int64
	d.Q(context.Background()).Model(&harvest.Code{}).Where("partnership_id IS NULL").Order("id").Pluck("id", &codes)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 1000
	signs := []string{"positive", "positive", "negative", "both", ""}
	for off := 0; off < n; off += batch {
		var rows []harvest.Outcome
		for i := off; i < off+batch && i < n; i++ {
			rid := int64(i%6 + 1)
			rows = append(rows, harvest.Outcome{PartnershipID: pid, RoundID: &rid, RoundTitle: "Ronde " + strconv.FormatInt(rid, 10),
				GroupName: []string{"Groep A", "Groep B", "Groep C"}[i%3], Language: "nl", ChangeText: "verandering", Sign: signs[i%5],
				Status: harvest.StatusCoded, Source: "demo", SubmittedAt: start.Add(time.Duration(i) * time.Minute)})
		}
		if err := d.Q(context.Background()).CreateInBatches(&rows, 500).Error; err != nil {
			b.Fatal(err)
		}
		var links []harvest.CodeLink
		var blocks []harvest.Block
		for j, o := range rows {
			links = append(links, harvest.CodeLink{OutcomeID: o.ID, CodeID: codes[j%len(codes)]})
			if j%2 == 0 {
				links = append(links, harvest.CodeLink{OutcomeID: o.ID, CodeID: codes[(j+3)%len(codes)]})
			}
			blocks = append(blocks, harvest.Block{OutcomeID: o.ID, Block: harvest.Blocks[j%len(harvest.Blocks)]})
		}
		if err := d.Q(context.Background()).CreateInBatches(&links, 500).Error; err != nil {
			b.Fatal(err)
		}
		if err := d.Q(context.Background()).CreateInBatches(&blocks, 500).Error; err != nil {
			b.Fatal(err)
		}
	}
}
