package harvest_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
	"oogst/survey"
)

// direct computes the dashboard straight from the outcome tables, the way the
// dashboard did before the rollup: the oracle the rollup must always agree with.
func direct(t testing.TB, d *db.DB, pid int64, f harvest.AggregateFilter) harvest.Aggregates {
	t.Helper()
	where := "o.partnership_id = ? AND o.status <> 'excluded'"
	args := []any{pid}
	if f.RoundID != 0 {
		where += " AND o.round_id = ?"
		args = append(args, f.RoundID)
	}
	if f.Group != "" {
		where += " AND o.group_name = ?"
		args = append(args, f.Group)
	}
	month := "strftime('%Y-%m', o.submitted_at)"
	if d.Dialect == db.Postgres {
		month = "to_char(o.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	a := harvest.Aggregates{PartnershipID: pid}
	run := func(dst any, q string) {
		t.Helper()
		if err := d.Q(context.Background()).Raw(q, args...).Scan(dst).Error; err != nil {
			t.Fatalf("oracle %q: %v", q, err)
		}
	}
	run(&a.Total, "SELECT COUNT(*) FROM outcomes o WHERE "+where)
	run(&a.BySign, "SELECT o.sign AS sign, COUNT(*) AS count FROM outcomes o WHERE "+where+" GROUP BY o.sign ORDER BY o.sign")
	run(&a.ByStatus, "SELECT o.status AS key, COUNT(*) AS count FROM outcomes o WHERE "+where+" GROUP BY o.status ORDER BY o.status")
	run(&a.ByBlock, "SELECT b.block AS key, COUNT(*) AS count FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE "+where+" GROUP BY b.block ORDER BY count DESC, key")
	run(&a.ByGroup, "SELECT o.group_name AS key, COUNT(*) AS count FROM outcomes o WHERE "+where+" AND o.group_name <> '' GROUP BY o.group_name ORDER BY key")
	run(&a.ByRound, "SELECT o.round_id AS round_id, MAX(o.round_title) AS title, COUNT(*) AS outcomes, COUNT(DISTINCT o.response_id) AS responses FROM outcomes o WHERE "+where+" AND o.round_id IS NOT NULL GROUP BY o.round_id ORDER BY o.round_id")
	run(&a.ByPeriod, "SELECT "+month+" AS key, COUNT(*) AS count FROM outcomes o WHERE "+where+" GROUP BY "+month+" ORDER BY key")
	run(&a.Trend, "SELECT o.round_id AS round_id, MAX(o.round_title) AS title, o.sign AS sign, COUNT(*) AS count FROM outcomes o WHERE "+where+" AND o.round_id IS NOT NULL GROUP BY o.round_id, o.sign ORDER BY o.round_id, o.sign")
	run(&a.ByCode, `SELECT l.code_id AS code_id,
		SUM(CASE WHEN o.sign = 'positive' THEN 1 ELSE 0 END) AS positive, SUM(CASE WHEN o.sign = 'negative' THEN 1 ELSE 0 END) AS negative,
		SUM(CASE WHEN o.sign = 'both' THEN 1 ELSE 0 END) AS both_signs, SUM(CASE WHEN o.sign = '' THEN 1 ELSE 0 END) AS unsigned, COUNT(*) AS total
		FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id WHERE `+where+" GROUP BY l.code_id ORDER BY l.code_id")
	directCursistStatus(t, d, pid, f, where, args, &a)
	run(&a.Cross.BlockSign, "SELECT b.block AS block, o.sign AS sign, COUNT(*) AS count FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id WHERE "+where+" GROUP BY b.block, o.sign ORDER BY b.block, o.sign")
	run(&a.Cross.CodeBarrier, "SELECT l.code_id AS code_id, bl.barrier_id AS barrier_id, COUNT(*) AS count FROM outcomes o JOIN outcome_code_links l ON l.outcome_id = o.id JOIN outcome_barrier_links bl ON bl.outcome_id = o.id WHERE "+where+" GROUP BY l.code_id, bl.barrier_id ORDER BY l.code_id, bl.barrier_id")
	run(&a.Cross.ActorSign, "SELECT o.actor AS actor, o.sign AS sign, COUNT(*) AS count FROM outcomes o WHERE "+where+" GROUP BY o.actor, o.sign ORDER BY o.actor, o.sign")
	run(&a.Cross.CodeBlock, "SELECT l.code_id AS code_id, b.block AS block, COUNT(*) AS count FROM outcomes o JOIN outcome_blocks b ON b.outcome_id = o.id JOIN outcome_code_links l ON l.outcome_id = o.id WHERE "+where+" GROUP BY l.code_id, b.block ORDER BY l.code_id, b.block")
	run(&a.ByBarrier, `SELECT l.barrier_id AS barrier_id,
		SUM(CASE WHEN o.sign = 'positive' THEN 1 ELSE 0 END) AS positive, SUM(CASE WHEN o.sign = 'negative' THEN 1 ELSE 0 END) AS negative,
		SUM(CASE WHEN o.sign = 'both' THEN 1 ELSE 0 END) AS both_signs, SUM(CASE WHEN o.sign = '' THEN 1 ELSE 0 END) AS unsigned, COUNT(*) AS total
		FROM outcomes o JOIN outcome_barrier_links l ON l.outcome_id = o.id WHERE `+where+" GROUP BY l.barrier_id ORDER BY l.barrier_id")
	return a
}

// directCursistStatus is the oracle of the split by cursist status: the outcomes
// joined with their cursist's current status, without the tally.
func directCursistStatus(t testing.TB, d *db.DB, pid int64, f harvest.AggregateFilter, where string, args []any, a *harvest.Aggregates) {
	t.Helper()
	var told []harvest.CursistStatusCount
	if err := d.Q(context.Background()).Raw(`SELECT COALESCE(c.status, '') AS status, COALESCE(c.status_detail, '') AS detail, COUNT(*) AS outcomes
		FROM outcomes o LEFT JOIN cursists c ON c.id = o.cursist_id WHERE `+where+" GROUP BY c.status, c.status_detail", args...).Scan(&told).Error; err != nil {
		t.Fatal(err)
	}
	cq := "SELECT status, status_detail AS detail, COUNT(*) AS cursists FROM cursists WHERE partnership_id = ?"
	cargs := []any{pid}
	if f.Group != "" {
		cq += " AND group_name = ?"
		cargs = append(cargs, f.Group)
	}
	var counted []harvest.CursistStatusCount
	if err := d.Q(context.Background()).Raw(cq+" GROUP BY status, status_detail", cargs...).Scan(&counted).Error; err != nil {
		t.Fatal(err)
	}
	rows := map[[2]string]*harvest.CursistStatusCount{}
	var order [][2]string
	row := func(st, de string) *harvest.CursistStatusCount {
		k := [2]string{st, de}
		if rows[k] == nil {
			rows[k] = &harvest.CursistStatusCount{Status: st, Detail: de}
			order = append(order, k)
		}
		return rows[k]
	}
	for _, c := range counted {
		row(c.Status, c.Detail).Cursists = c.Cursists
		a.Cursists += c.Cursists
	}
	for _, o := range told {
		row(o.Status, o.Detail).Outcomes = o.Outcomes
	}
	for _, k := range order {
		a.ByCursistStatus = append(a.ByCursistStatus, *rows[k])
	}
	people.SortStatuses(a.ByCursistStatus, func(c harvest.CursistStatusCount) (string, string) { return c.Status, c.Detail })
}

// comparable drops what the oracle does not compute (code details, invitations) and
// puts rounds and codes in id order: the dashboard orders rounds by first submission.
func comparable(a harvest.Aggregates) harvest.Aggregates {
	a.ByRound = append([]harvest.RoundCount(nil), a.ByRound...)
	for i := range a.ByRound {
		a.ByRound[i].Invited = 0
	}
	sort.Slice(a.ByRound, func(i, j int) bool { return a.ByRound[i].RoundID < a.ByRound[j].RoundID })
	a.ByCode = countsOnly(a.ByCode, func(c harvest.CodeCount) harvest.CodeCount {
		return harvest.CodeCount{CodeID: c.CodeID, Positive: c.Positive, Negative: c.Negative, Both: c.Both, Unsigned: c.Unsigned, Total: c.Total}
	}, func(c harvest.CodeCount) int64 { return c.CodeID })
	a.ByBarrier = countsOnly(a.ByBarrier, func(b harvest.BarrierCount) harvest.BarrierCount {
		return harvest.BarrierCount{BarrierID: b.BarrierID, Positive: b.Positive, Negative: b.Negative, Both: b.Both, Unsigned: b.Unsigned, Total: b.Total}
	}, func(b harvest.BarrierCount) int64 { return b.BarrierID })
	for _, p := range []any{&a.BySign, &a.ByStatus, &a.ByBlock, &a.ByGroup, &a.ByPeriod, &a.Trend, &a.ByCursistStatus, &a.Cross.BlockSign, &a.Cross.CodeBlock, &a.Cross.CodeBarrier, &a.Cross.ActorSign} {
		v := reflect.ValueOf(p).Elem()
		if v.Len() == 0 {
			v.Set(reflect.Zero(v.Type()))
		}
	}
	return a
}

// countsOnly is comparable's step for the code and barrier counts: each row reduced by
// keep to its id and counts, in a new slice in id order; nil when empty.
func countsOnly[T any](rows []T, keep func(T) T, id func(T) int64) []T {
	if len(rows) == 0 {
		return nil
	}
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = keep(r)
	}
	sort.Slice(out, func(i, j int) bool { return id(out[i]) < id(out[j]) })
	return out
}

// TestRollupFollowsEveryChange runs random inserts, reviews, exclusions, code and block
// edits, bulk updates and deletes on both databases, and after every step checks that
// the dashboard (read from the rollup) equals the same numbers computed directly from
// the outcomes, with and without folding the deltas, for every filter.
func TestRollupFollowsEveryChange(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		rnd := rand.New(rand.NewPCG(5, 8))
		pids := []int64{w.fix.A.ID, w.fix.B.ID}
		scopes := map[int64]string{w.fix.A.ID: "coordinator@a", w.fix.B.ID: "coordinator@b"}
		var codes []int64
		d.Q(context.Background()).Model(&harvest.Code{}).Where("partnership_id IS NULL").Order("id").Pluck("id", &codes)
		var barriers []int64
		d.Q(context.Background()).Model(&harvest.Barrier{}).Where("partnership_id IS NULL").Order("id").Pluck("id", &barriers)
		signs := []string{"positive", "negative", "both", ""}
		groups := []string{"Groep A", "Groep B", ""}
		statuses := []string{"new", "coded", "substantiated", "used", "excluded"}
		base := time.Date(2026, 1, 30, 22, 0, 0, 0, time.UTC) // months change at odd hours
		var responseID int64 = 1000
		// Reflections come from a fixture cursist of their partnership or from nobody;
		// cursists change status along the way (the split by cursist status follows).
		cursistsOf := map[int64][]int64{}
		for _, c := range w.fix.Cursists {
			cursistsOf[c.PartnershipID] = append(cursistsOf[c.PartnershipID], c.ID)
		}
		for _, ids := range cursistsOf {
			sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		}
		someCursist := func(pid int64) *int64 {
			ids := cursistsOf[pid]
			if k := rnd.IntN(len(ids) + 1); k < len(ids) {
				return &ids[k]
			}
			return nil
		}
		ids := func() []int64 {
			var out []int64
			d.Q(context.Background()).Model(&harvest.Outcome{}).Order("id").Pluck("id", &out)
			return out
		}
		pick := func(n int) []int64 {
			all := ids()
			rnd.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			return all[:min(n, len(all))]
		}
		check := func(step string) {
			t.Helper()
			for _, pid := range pids {
				sc := w.sc[scopes[pid]]
				for _, f := range []harvest.AggregateFilter{{}, {RoundID: 2}, {Group: "Groep B"}, {RoundID: 1, Group: "Groep A"}} {
					got, err := harvest.Aggregate(ctx, d, sc, pid, f)
					if err != nil {
						t.Fatalf("%s: aggregate: %v", step, err)
					}
					want := direct(t, d, pid, f)
					if g, w := comparable(got), comparable(want); !reflect.DeepEqual(g, w) {
						t.Fatalf("%s, partnership %d, filter %+v:\n rollup %+v\n direct %+v", step, pid, f, g, w)
					}
				}
			}
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if err := d.Q(context.Background()).Exec(q, args...).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		for step := 0; step < 60; step++ {
			op := rnd.IntN(12) // writes come in three of twelve, so enough outcomes stay to count
			switch op {
			case 0, 1, 11: // a batch of reflections, as the submitter writes them
				var rs []survey.Reflection
				for i := 0; i < 1+rnd.IntN(6); i++ {
					responseID++
					rid := int64(1 + rnd.IntN(3))
					var blocks []string
					for _, k := range rnd.Perm(len(harvest.Blocks))[:rnd.IntN(3)] {
						blocks = append(blocks, harvest.Blocks[k])
					}
					pid := pids[rnd.IntN(2)]
					rs = append(rs, survey.Reflection{ResponseID: responseID, PartnershipID: pid, CursistID: someCursist(pid), RoundID: rid,
						RoundTitle: fmt.Sprintf("Ronde %d", rid), GroupName: groups[rnd.IntN(3)], Language: "nl", Change: "x",
						Sign: signs[rnd.IntN(4)], Blocks: blocks, SubmittedAt: base.Add(time.Duration(rnd.IntN(24*90)) * time.Hour)})
				}
				if err := d.Tx(ctx, func(tx *db.DB) error { return harvest.Sink{}.CreateFromReflections(ctx, tx, rs) }); err != nil {
					t.Fatal(err)
				}
			case 2: // an outcome from another source (no round, no response)
				pid := pids[rnd.IntN(2)]
				if _, err := harvest.RecordOther(ctx, d, w.sc[scopes[pid]], w.fix.Users[scopes[pid]].ID, harvest.OtherInput{PartnershipID: pid,
					Source: "interview", SourceDetail: "gesprek", Change: "y", Sign: signs[rnd.IntN(3)], GroupName: groups[rnd.IntN(3)],
					Blocks: []string{harvest.Blocks[rnd.IntN(len(harvest.Blocks))]}, OccurredAt: base.Add(time.Duration(rnd.IntN(2000)) * time.Hour)}); err != nil {
					t.Fatal(err)
				}
			case 3: // a reviewer codes or excludes one outcome
				for _, id := range pick(1) {
					var o harvest.Outcome
					d.Q(context.Background()).First(&o, id)
					sc, uid := w.sc[scopes[o.PartnershipID]], w.fix.Users[scopes[o.PartnershipID]].ID
					cs := []int64{codes[rnd.IntN(len(codes))], codes[rnd.IntN(len(codes))]}
					bs := []int64{barriers[rnd.IntN(len(barriers))], barriers[rnd.IntN(len(barriers))]}
					ch := harvest.Change{CodeIDs: &cs, BarrierIDs: &bs}
					if rnd.IntN(3) == 0 {
						ch = harvest.Change{Status: ptr("excluded"), Reason: ptr("dubbel")}
					}
					if _, err := harvest.Update(ctx, d, sc, uid, id, ch); err != nil {
						t.Fatalf("update %d: %v", id, err)
					}
				}
			case 4: // bulk status changes, excluded and back included
				exec("UPDATE outcomes SET status = ? WHERE id IN ?", statuses[rnd.IntN(len(statuses))], pick(4))
			case 5: // bulk moves of sign, group, round, month and title
				exec("UPDATE outcomes SET sign = ?, group_name = ? WHERE id IN ?", signs[rnd.IntN(4)], groups[rnd.IntN(3)], pick(3))
				exec("UPDATE outcomes SET round_id = ?, round_title = ? WHERE id IN ? AND round_id IS NOT NULL", 1+rnd.IntN(3), fmt.Sprintf("Hernoemd %d", rnd.IntN(2)), pick(2))
				exec("UPDATE outcomes SET submitted_at = ? WHERE id IN ?", base.Add(time.Duration(rnd.IntN(3000))*time.Hour), pick(2))
				exec("UPDATE outcomes SET actor = ? WHERE id IN ?", []string{"", "cursist", "workplace", "family"}[rnd.IntN(4)], pick(3))
			case 6: // building blocks and codes edited on their own
				for _, id := range pick(2) {
					exec("DELETE FROM outcome_blocks WHERE outcome_id = ?", id)
					exec("INSERT INTO outcome_blocks (outcome_id, block) VALUES (?, ?)", id, harvest.Blocks[rnd.IntN(len(harvest.Blocks))])
					exec("DELETE FROM outcome_code_links WHERE outcome_id = ? AND code_id = ?", id, codes[0])
					exec("DELETE FROM outcome_barrier_links WHERE outcome_id = ? AND barrier_id = ?", id, barriers[0])
					exec("INSERT INTO outcome_barrier_links (outcome_id, barrier_id) VALUES (?, ?) ON CONFLICT DO NOTHING", id, barriers[rnd.IntN(len(barriers))])
				}
				exec(`UPDATE outcome_barrier_links SET barrier_id = ? WHERE barrier_id = ? AND outcome_id IN ?
					AND outcome_id NOT IN (SELECT outcome_id FROM outcome_barrier_links WHERE barrier_id = ?)`, barriers[9], barriers[8], pick(5), barriers[9])
				exec("UPDATE outcome_blocks SET block = 'aftercare' WHERE block = 'outreach' AND outcome_id IN ?", pick(5))
				// Codes taken from outcomes that keep their building blocks (the code × block pairs).
				exec("DELETE FROM outcome_code_links WHERE outcome_id IN (SELECT outcome_id FROM outcome_blocks) AND outcome_id IN ?", pick(6))
			case 7: // outcomes deleted with their blocks and codes
				exec("DELETE FROM outcomes WHERE id IN ?", pick(2))
			case 8:
				if _, err := harvest.CompactRollup(ctx, d); err != nil {
					t.Fatal(err)
				}
			case 9: // a cursist's status changes
				pid := pids[rnd.IntN(2)]
				st := people.CursistStatuses[rnd.IntN(len(people.CursistStatuses))]
				in := people.StatusInput{Status: st, EffectiveOn: "2026-04-01"}
				if st == people.StatusStopped {
					in.Reason = people.StopReasons[rnd.IntN(len(people.StopReasons))]
				}
				if st == people.StatusFinished {
					in.Outflow = people.OutflowResults[rnd.IntN(len(people.OutflowResults))]
				}
				ids := cursistsOf[pid]
				if _, err := people.SetCursistStatus(ctx, d, w.sc[scopes[pid]], pid, ids[rnd.IntN(len(ids))], in, base.AddDate(0, 6, 0)); err != nil {
					t.Fatal(err)
				}
			case 10: // outcomes moved to another cursist of A, or to none
				if c := someCursist(w.fix.A.ID); c != nil {
					exec("UPDATE outcomes SET cursist_id = ? WHERE id IN ? AND partnership_id = ?", *c, pick(3), w.fix.A.ID)
				} else {
					exec("UPDATE outcomes SET cursist_id = NULL WHERE id IN ?", pick(3))
				}
			}
			check(fmt.Sprintf("step %d (op %d)", step, op))
		}
		n, err := harvest.CompactRollup(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		check("after folding")
		var deltas, zero int64
		d.Q(context.Background()).Raw("SELECT COUNT(*) FROM outcome_rollup_delta").Scan(&deltas)
		d.Q(context.Background()).Raw("SELECT COUNT(*) FROM outcome_rollup WHERE n = 0 AND responses = 0").Scan(&zero)
		if deltas != 0 || zero != 0 {
			t.Errorf("after folding %d deltas: %d deltas and %d empty rows left", n, deltas, zero)
		}
		// Deleting a partnership takes its outcomes, and with them all its counts.
		exec("DELETE FROM outcomes WHERE partnership_id = ?", w.fix.B.ID)
		if _, err := harvest.CompactRollup(ctx, d); err != nil {
			t.Fatal(err)
		}
		var left int64
		d.Q(context.Background()).Raw("SELECT COUNT(*) FROM outcome_rollup WHERE partnership_id = ?", w.fix.B.ID).Scan(&left)
		if left != 0 {
			t.Errorf("%d rollup rows left for a partnership without outcomes", left)
		}
		check("after deleting B's outcomes")
		a := direct(t, d, w.fix.A.ID, harvest.AggregateFilter{})
		if a.Total < 10 {
			t.Errorf("the random run left only %d outcomes in A: too few to prove much", a.Total)
		}
	})
}

// TestRollupFoldingWhileWriting folds the deltas in a loop, from two goroutines as two
// processes would, while others write and review outcomes; no delta may be lost or
// counted twice.
func TestRollupFoldingWhileWriting(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		pid := w.fix.A.ID
		stop := make(chan struct{})
		errs := make(chan error, 8)
		var folds sync.WaitGroup
		for f := 0; f < 2; f++ {
			folds.Add(1)
			go func() {
				defer folds.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := harvest.CompactRollup(ctx, d); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		var writers sync.WaitGroup
		for g := 0; g < 3; g++ {
			writers.Add(1)
			go func() {
				defer writers.Done()
				for i := 0; i < 15; i++ {
					var rs []survey.Reflection
					for j := 0; j < 4; j++ {
						rid := int64(1 + (i+j)%3)
						rs = append(rs, survey.Reflection{ResponseID: int64(100000*(g+1) + 10*i + j), PartnershipID: pid, RoundID: rid,
							RoundTitle: fmt.Sprintf("Ronde %d", rid), GroupName: "Groep A", Language: "nl", Change: "x",
							Sign: "positive", Blocks: []string{"training"}, SubmittedAt: time.Date(2026, 3, 1+i, 9, 0, 0, 0, time.UTC)})
					}
					if err := d.Tx(ctx, func(tx *db.DB) error { return harvest.Sink{}.CreateFromReflections(ctx, tx, rs) }); err != nil {
						errs <- err
						return
					}
					if err := d.Q(context.Background()).Exec("UPDATE outcomes SET status = 'coded' WHERE response_id = ?", int64(100000*(g+1)+10*i)).Error; err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		writers.Wait()
		close(stop)
		folds.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got, err := harvest.Aggregate(ctx, d, w.sc["coordinator@a"], pid, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != 180 {
			t.Errorf("total %d, want 180 (3 writers × 15 batches × 4)", got.Total)
		}
		if g, w := comparable(got), comparable(direct(t, d, pid, harvest.AggregateFilter{})); !reflect.DeepEqual(g, w) {
			t.Errorf("after folding while writing:\n rollup %+v\n direct %+v", g, w)
		}
	})
}
