package harvest

import (
	"context"
	"slices"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// New outcomes wait in the search index's pending list on PostgreSQL until the server's
// job merges them (migration 00180); a search finds them before and after the merge,
// and on SQLite, which has no such list, the job does nothing.
func TestSearchPendingListMergedByTheJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pids := pagesWorld(t, d, 1)
		sc := coordinatorOf(pids[0])
		var batch []Outcome
		for i := 0; i < 300; i++ {
			text := "Ik fiets naar de markt"
			if i%30 == 0 {
				text = "Ik ging naar de Fietsenmaker vandaag"
			}
			batch = append(batch, Outcome{PartnershipID: pids[0], ChangeText: text, Language: "nl", Sign: "positive",
				Status: StatusNew, Source: "reflection", SubmittedAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)})
		}
		if err := d.Q(ctx).CreateInBatches(batch, 100).Error; err != nil {
			t.Fatal(err)
		}
		search := func() []int64 {
			t.Helper()
			var ids []int64
			if err := filtered(ctx, d, sc, Filter{PartnershipID: pids[0], Q: "FIETSENMAKER"}).Order("outcomes.id").Pluck("outcomes.id", &ids).Error; err != nil {
				t.Fatal(err)
			}
			return ids
		}
		before := search()
		if len(before) != 10 {
			t.Fatalf("%s: found %d outcomes before the merge, want 10", d.Dialect, len(before))
		}
		merged, err := CleanSearchPending(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		again, err := CleanSearchPending(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if after := search(); !slices.Equal(after, before) {
			t.Fatalf("%s: found %v after the merge, %v before", d.Dialect, after, before)
		}
		if d.Dialect != db.Postgres {
			if merged != 0 || again != 0 {
				t.Fatalf("sqlite: merged %d and %d pages, want 0", merged, again)
			}
			return
		}
		if merged == 0 || again != 0 {
			t.Fatalf("postgres: merged %d pages, then %d; want some, then none", merged, again)
		}
		var opts string
		d.Q(ctx).Raw("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'outcomes_search_scoped'").Scan(&opts)
		if opts != "gin_pending_list_limit=32768" {
			t.Fatalf("postgres: search index options %q, want the 32 MB pending list of migration 00180", opts)
		}
	})
}
