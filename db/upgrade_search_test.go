package db_test

import (
	"context"
	"strings"
	"testing"
)

// TestSearchMigrationIndexesExistingOutcomes fills the outcomes as the release before
// migration 00181 wrote them (indexed on outcomes itself), migrates, and checks that
// every outcome has its folded search document, none waits in the queue, the old index
// is gone and the new one is there; and that an outcome written afterwards is queued.
func TestSearchMigrationIndexesExistingOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := upgradedFrom(t, "postgres", 180, []string{
		`INSERT INTO partnerships (id, name, region, languages) VALUES (1, 'Gent', 'Gent', 'nl,fr,ar')`,
		`INSERT INTO outcomes (id, partnership_id, change_text, significance_text, summary_nl, language, sign, status, submitted_at)
		 VALUES (1, 1, 'Ik praat met de JUF', 'İZMİR', 'Praat met ouders', 'tr', 'positive', 'coded', '2026-03-10 09:00:00+00:00')`,
		`INSERT INTO outcomes (id, partnership_id, change_text, language, sign, status, submitted_at)
		 VALUES (2, 1, 'Мій ЇЖАК', 'uk', '', 'new', '2026-03-11 09:00:00+00:00')`,
	})
	var docs []struct {
		OutcomeID, PartnershipID    int64
		Status, Sign, Language, Doc string
	}
	if err := d.Q(ctx).Raw(`SELECT outcome_id, partnership_id, status, sign, language, doc FROM outcome_search_docs ORDER BY outcome_id`).Scan(&docs).Error; err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d search documents after the upgrade, want 2: %+v", len(docs), docs)
	}
	for i, want := range []string{"ik praat met de juf\x01izmir\x01\x01praat met ouders", "мій їжак\x01\x01\x01"} {
		if docs[i].Doc != want {
			t.Errorf("outcome %d: document %q, want %q", docs[i].OutcomeID, docs[i].Doc, want)
		}
	}
	if d0 := docs[0]; d0.PartnershipID != 1 || d0.Status != "coded" || d0.Sign != "positive" || d0.Language != "tr" {
		t.Errorf("outcome 1's document copies %+v, want partnership 1, coded, positive, tr", d0)
	}
	var queued int64
	d.Q(ctx).Raw(`SELECT count(*) FROM outcome_search_queue`).Scan(&queued)
	if queued != 0 {
		t.Errorf("%d outcomes queued after the upgrade, want 0", queued)
	}
	var indexes []string
	d.Q(ctx).Raw(`SELECT indexname FROM pg_indexes WHERE indexname LIKE 'outcome%search%' ORDER BY indexname`).Scan(&indexes)
	if strings.Join(indexes, ",") != "outcome_search_docs_pkey,outcome_search_docs_trgm,outcome_search_queue_pkey" {
		t.Errorf("search indexes after the upgrade: %v", indexes)
	}
	if err := d.Q(ctx).Exec(`INSERT INTO outcomes (id, partnership_id, change_text, submitted_at) VALUES (3, 1, 'Nieuw', '2026-04-01 09:00:00+00:00')`).Error; err != nil {
		t.Fatal(err)
	}
	d.Q(ctx).Raw(`SELECT count(*) FROM outcome_search_queue WHERE outcome_id = 3`).Scan(&queued)
	if queued != 1 {
		t.Errorf("a new outcome is queued %d times, want once", queued)
	}
}
