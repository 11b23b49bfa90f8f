package harvest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// indexSearch runs the server's search job until nothing is queued.
func indexSearch(t *testing.T, d *db.DB) int {
	t.Helper()
	n, err := IndexSearchQueue(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// searchQueueState counts the outcomes waiting for the search job and those indexed.
func searchQueueState(t *testing.T, d *db.DB) (queued, indexed int64) {
	t.Helper()
	ctx := context.Background()
	if err := d.Q(ctx).Raw("SELECT count(*) FROM outcome_search_queue").Scan(&queued).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(ctx).Raw("SELECT count(*) FROM outcome_search_docs").Scan(&indexed).Error; err != nil {
		t.Fatal(err)
	}
	return queued, indexed
}

// New outcomes wait in the search queue on PostgreSQL until the server's job indexes
// them (migration 00181); a search finds the same outcomes while they wait, once they
// are indexed, right after an edit, a status change or a deletion, and on SQLite
// (which indexes in its triggers and has no queue, so the job does nothing).
func TestSearchFindsQueuedAndIndexedOutcomes(t *testing.T) {
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
		search := func(f Filter) []int64 {
			t.Helper()
			f.PartnershipID, f.Q = pids[0], "FIETSENMAKER"
			var ids []int64
			if err := filtered(ctx, d, sc, f).Order("outcomes.id").Pluck("outcomes.id", &ids).Error; err != nil {
				t.Fatal(err)
			}
			return ids
		}
		var want []int64
		for i := 0; i < 300; i += 30 {
			want = append(want, batch[i].ID)
		}
		if got := search(Filter{}); !slices.Equal(got, want) {
			t.Fatalf("%s: found %v while queued, want %v", d.Dialect, got, want)
		}
		if d.Dialect == db.Postgres {
			if q, ix := searchQueueState(t, d); q != 300 || ix != 0 {
				t.Fatalf("postgres: %d queued and %d indexed after 300 new outcomes, want 300 and 0", q, ix)
			}
		}
		first := indexSearch(t, d)
		again := indexSearch(t, d)
		if got := search(Filter{}); !slices.Equal(got, want) {
			t.Fatalf("%s: found %v once indexed, want %v", d.Dialect, got, want)
		}
		if d.Dialect != db.Postgres {
			if first != 0 || again != 0 {
				t.Fatalf("sqlite: the job indexed %d and %d, want 0", first, again)
			}
		} else {
			if first != 300 || again != 0 {
				t.Fatalf("postgres: the job indexed %d, then %d; want 300, then 0", first, again)
			}
			if q, ix := searchQueueState(t, d); q != 0 || ix != 300 {
				t.Fatalf("postgres: %d queued and %d indexed after the job, want 0 and 300", q, ix)
			}
		}

		// An edit takes the old text out of the search at once and puts the new one in;
		// a status change moves the outcome between filtered searches at once; a
		// deleted outcome is gone from the search and from the documents.
		if err := d.Q(ctx).Model(&Outcome{}).Where("id = ?", want[0]).Update("change_text", "Ik fiets naar huis").Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Model(&Outcome{}).Where("id = ?", batch[1].ID).Update("summary_nl", "Bij de fietsenmaker").Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Model(&Outcome{}).Where("id = ?", want[1]).Update("status", "coded").Error; err != nil {
			t.Fatal(err)
		}
		if err := d.Q(ctx).Delete(&Outcome{}, want[2]).Error; err != nil {
			t.Fatal(err)
		}
		edited := append([]int64{batch[1].ID, want[1]}, want[3:]...)
		for _, phase := range []string{"edited", "edited and indexed"} {
			if got := search(Filter{}); !slices.Equal(got, edited) {
				t.Fatalf("%s %s: found %v, want %v", d.Dialect, phase, got, edited)
			}
			if got := search(Filter{Status: "coded"}); !slices.Equal(got, []int64{want[1]}) {
				t.Fatalf("%s %s: found %v among coded outcomes, want [%d]", d.Dialect, phase, got, want[1])
			}
			if got := search(Filter{Status: string(StatusNew)}); slices.Contains(got, want[1]) || len(got) != len(edited)-1 {
				t.Fatalf("%s %s: found %v among new outcomes, want all of %v but %d", d.Dialect, phase, got, edited, want[1])
			}
			if d.Dialect == db.Postgres && phase == "edited" {
				if q, ix := searchQueueState(t, d); q != 3 || ix != 296 {
					t.Fatalf("postgres: %d queued and %d indexed after three edits and a deletion, want 3 and 296", q, ix)
				}
				if n := indexSearch(t, d); n != 3 {
					t.Fatalf("postgres: the job indexed %d edited outcomes, want 3", n)
				}
			}
		}
	})
}

// Outcomes deleted while they wait are dropped from the queue, and two processes
// running the job at once index every queued outcome exactly once between them.
func TestSearchQueueJobsRunTogether(t *testing.T) {
	d := dbtest.Postgres(t)
	ctx := context.Background()
	pids := pagesWorld(t, d, 1)
	var batch []Outcome
	for i := 0; i < 12000; i++ {
		batch = append(batch, Outcome{PartnershipID: pids[0], ChangeText: "Ik lees voor aan de kinderen", Language: "nl",
			Status: StatusNew, Source: "reflection", SubmittedAt: time.Date(2026, 1, 1, 0, 0, i, 0, time.UTC)})
	}
	if err := d.Q(ctx).CreateInBatches(batch, 1000).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Q(ctx).Where("id <= ?", batch[99].ID).Delete(&Outcome{}).Error; err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	counts := make([]int, 2)
	errs := make([]error, 2)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = IndexSearchQueue(ctx, d)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if q, ix := searchQueueState(t, d); q != 0 || ix != 11900 || counts[0]+counts[1] != 11900 {
		t.Fatalf("after two jobs at once: %d queued, %d indexed, the jobs indexed %v; want 0, 11900 and 11900 between them", q, ix, counts)
	}
}
