package harvest

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"oogst/db"
	"oogst/db/dbtest"
)

// A search in one partnership, alone or with a status, sign and language, finds what
// the folded scan finds on both databases; on PostgreSQL it reads only that
// partnership's matching rows from the index (migration 00171), not every
// partnership's matches for the partnership to be applied afterwards.
func TestSearchReadsOnlyThePartnershipsMatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pids := pagesWorld(t, d, 2)
		sc := coordinatorOf(pids[0])
		signs := []string{"positive", "negative"}
		langs := []string{"nl", "ar", "tr"}
		statuses := []Status{StatusNew, "coded"}
		var batch []Outcome
		for i := 0; i < 4000; i++ {
			// The other partnership holds the word in 10% of its outcomes, this one in 1%.
			pid, text := pids[i%2], "Ik fiets naar de markt"
			if (i%2 == 1 && i%20 == 1) || (i%2 == 0 && i%200 == 0) {
				text = "Ik ging naar de Fietsenmaker vandaag"
			}
			batch = append(batch, Outcome{PartnershipID: pid, ChangeText: text, Language: langs[i/2%3], Sign: signs[i/6%2],
				Status: statuses[i/12%2], Source: "reflection", SubmittedAt: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)})
		}
		if err := d.Q(ctx).CreateInBatches(batch, 500).Error; err != nil {
			t.Fatal(err)
		}
		if d.Dialect == db.Postgres {
			d.Q(ctx).Exec("ANALYZE outcomes")
		}
		for _, f := range []Filter{
			{PartnershipID: pids[0], Q: "fietsenmaker"},
			{PartnershipID: pids[0], Q: "FIETSENMAKER", Status: string(StatusNew), Sign: "positive", Language: "nl"},
		} {
			var got, want []int64
			if err := filtered(ctx, d, sc, f).Order("outcomes.id").Pluck("outcomes.id", &got).Error; err != nil {
				t.Fatal(err)
			}
			scan := f
			scan.Q = ""
			cond, args := textContains(d, f.Q, searchTexts...)
			filtered(ctx, d, sc, scan).Where(cond, args...).Order("outcomes.id").Pluck("outcomes.id", &want)
			if len(want) == 0 || len(want) > 20 || !slices.Equal(got, want) {
				t.Fatalf("%s %+v: search found %v, the folded scan %v", d.Dialect, f, got, want)
			}
			if d.Dialect != db.Postgres {
				continue
			}
			// With its parameters as the app sends them (typed by the server), not inlined:
			// an inlined 1 is an integer, which btree_gin's bigint entries do not compare with.
			var ids []int64
			stmt := applyFilter(d, visible(d.Q(ctx).Session(&gorm.Session{DryRun: true}).Model(&Outcome{}), sc), f).Find(&ids).Statement
			sql, vars := stmt.SQL.String(), stmt.Vars
			var plan string
			d.Tx(ctx, func(tx *db.DB) error {
				// As on a partnership too big to read row by row: no scans, and (in this
				// transaction only) no partnership index but the search index.
				tx.Q(ctx).Exec("SET LOCAL enable_seqscan = off")
				var order []string
				tx.Q(ctx).Raw("SELECT indexname FROM pg_indexes WHERE tablename = 'outcomes' AND indexdef LIKE '%btree (partnership_id%' AND indexdef NOT LIKE '%UNIQUE%'").Scan(&order)
				for _, ix := range order {
					if err := tx.Q(ctx).Exec("DROP INDEX " + ix).Error; err != nil {
						return err
					}
				}
				var lines []string
				err := tx.Q(ctx).Raw("EXPLAIN (ANALYZE) "+sql, vars...).Scan(&lines).Error
				plan = strings.Join(lines, "\n")
				if err == nil {
					err = errRollback
				}
				return err
			})
			m := searchIndexRows.FindStringSubmatch(plan)
			if m == nil {
				t.Fatalf("%+v: the search does not use the search index:\n%s", f, plan)
			}
			if read, _ := strconv.Atoi(m[1]); read > 4*len(want)+10 {
				t.Errorf("%+v: the search index gave %d rows for %d matches (the other partnership holds 200):\n%s", f, read, len(want), plan)
			}
		}
	})
}

var searchIndexRows = regexp.MustCompile(`Bitmap Index Scan on outcomes_search\S*.*actual time=[0-9.]+\.\.[0-9.]+ rows=(\d+)`)

var errRollback = errors.New("rolled back")
