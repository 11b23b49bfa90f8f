package harvest

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"oogst/db"
	"oogst/db/dbtest"
)

// The dashboard's outcome pass reads per-partnership sets (outcome_rollup_sets) that the
// fold rebuilds: a partnership's sets have one row per sign, status, group, month and
// (round, title, sign), however many rollup rows their combinations fill, and the
// pass over sets plus pending deltas equals the pass over the rollup, first submissions
// included, before folding, after it and with new deltas on top of folded counts.
func TestDashboardSetsAgreeWithTheRollup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		pids := pagesWorld(t, d, 2)
		signs := []string{"positive", "negative", "both", ""}
		statuses := []Status{StatusNew, "coded", "substantiated", "used", "excluded"}
		add := func(from, n int) {
			t.Helper()
			rnd := rand.New(rand.NewPCG(uint64(from), 19))
			var batch []Outcome
			for i := from; i < from+n; i++ {
				round := int64(1 + rnd.IntN(4))
				batch = append(batch, Outcome{PartnershipID: pids[i%7/6], RoundID: &round, RoundTitle: "Ronde " + strconv.Itoa(int(round)+rnd.IntN(2)),
					GroupName: "Groep " + strconv.Itoa(rnd.IntN(6)), Language: "nl", Sign: signs[rnd.IntN(4)], Status: statuses[rnd.IntN(5)], Source: "reflection",
					SubmittedAt: time.Date(2025, time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), rnd.IntN(24), 0, 0, 0, time.UTC)})
			}
			if err := d.Q(ctx).CreateInBatches(batch, 200).Error; err != nil {
				t.Fatal(err)
			}
		}
		same := func(step string) {
			t.Helper()
			for _, pid := range pids {
				want, err := outcomePass(d.Q(ctx), d.Dialect, rollupOf(kindOutcome, []int64{pid}, AggregateFilter{}))
				if err != nil {
					t.Fatal(err)
				}
				got, err := setsPass(d.Q(ctx), d.Dialect, []int64{pid})
				if err != nil {
					t.Fatal(err)
				}
				if len(want) < 40 || !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %s, partnership %d: sets pass\n%+v\nrollup pass (%d rows)\n%+v", d.Dialect, step, pid, got, len(want), want)
				}
			}
		}
		add(0, 1400)
		same("deltas only")
		if _, err := CompactRollup(ctx, d); err != nil {
			t.Fatal(err)
		}
		same("folded")
		var sets, fine, total, counted int64
		d.Q(ctx).Raw("SELECT COUNT(*) FROM outcome_rollup_sets WHERE partnership_id = ?", pids[0]).Scan(&sets)
		d.Q(ctx).Raw("SELECT COUNT(*) FROM outcome_rollup WHERE partnership_id = ? AND kind = 'outcome'", pids[0]).Scan(&fine)
		d.Q(ctx).Raw("SELECT n FROM outcome_rollup_sets WHERE partnership_id = ? AND set_id = ?", pids[0], int(setTotal)).Scan(&total)
		d.Q(ctx).Raw("SELECT COUNT(*) FROM outcomes WHERE partnership_id = ? AND status <> 'excluded'", pids[0]).Scan(&counted)
		// 1 total + 4 signs + 4 statuses + 6 groups + 12 months + rounds × titles × signs.
		if total != counted || counted < 900 || sets < 27 || sets > 27+4*5*4 || fine < 5*sets {
			t.Errorf("%s: partnership's sets: %d rows (rollup %d) with a total of %d, want %d outcomes in 27 to 107 rows", d.Dialect, sets, fine, total, counted)
		}
		add(1400, 300)
		d.Q(ctx).Exec("UPDATE outcomes SET status = 'excluded', round_id = 9, round_title = 'Nieuw' WHERE id IN (SELECT id FROM outcomes ORDER BY id LIMIT 40)")
		d.Q(ctx).Exec("DELETE FROM outcomes WHERE id IN (SELECT id FROM outcomes ORDER BY id DESC LIMIT 30)")
		same("folded and new deltas")
		if _, err := CompactRollup(ctx, d); err != nil {
			t.Fatal(err)
		}
		same("folded again")
		// A partnership whose outcomes are all gone keeps no sets that count.
		d.Q(ctx).Exec("DELETE FROM outcomes WHERE partnership_id = ?", pids[1])
		if _, err := CompactRollup(ctx, d); err != nil {
			t.Fatal(err)
		}
		var left int64
		d.Q(ctx).Raw("SELECT COUNT(*) FROM outcome_rollup_sets WHERE partnership_id = ? AND n <> 0", pids[1]).Scan(&left)
		if rows, _ := setsPass(d.Q(ctx), d.Dialect, pids[1:]); left != 0 || len(rows) != 0 {
			t.Errorf("%s: %d sets and %d pass rows left for a partnership without outcomes", d.Dialect, left, len(rows))
		}
	})
}
