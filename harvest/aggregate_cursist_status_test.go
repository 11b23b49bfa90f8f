package harvest_test

import (
	"context"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
	"oogst/people"
)

// The dashboard's split by cursist status: hand-counted rows that add up to the total
// (outcomes) and to the cursists, and that follow status changes, exclusions, filters
// and an erased cursist.
func TestCursistStatusSplitAddsUpToTotals(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a := w.fix.A.ID
		sc, uid := w.as("coordinator@a")
		kaaa, kaba, kaca := w.fix.Cursists["KAAA"], w.fix.Cursists["KABA"], w.fix.Cursists["KACA"]
		mar := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		told := func(resp, round int64, c people.Cursist) harvest.Outcome {
			t.Helper()
			cid := c.ID
			o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{ResponseID: resp, PartnershipID: a, RoundID: round, RoundTitle: "Ronde",
				CursistID: &cid, GroupName: c.GroupName, Language: "nl", Change: "x", Sign: "positive", SubmittedAt: mar})
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
		told(1, 1, kaaa)
		told(2, 2, kaaa)
		told(3, 1, kaba)
		excluded := told(4, 1, kaca)
		if _, err := harvest.Update(ctx, d, sc, uid, excluded.ID, harvest.Change{Status: ptr("excluded"), Reason: ptr("dubbel")}); err != nil {
			t.Fatal(err)
		}
		w.reflect(t, a, 5, 1, "Ronde", "Groep A", "positive", nil, mar) // anonymous
		if _, err := harvest.RecordOther(ctx, d, sc, uid, harvest.OtherInput{PartnershipID: a, Source: "meeting", SourceDetail: "stuurgroep", GroupName: "Groep A",
			Change: "komt op tijd", Sign: "positive", OccurredAt: mar}); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		set := func(c people.Cursist, in people.StatusInput) {
			t.Helper()
			if _, err := people.SetCursistStatus(ctx, d, sc, a, c.ID, in, now); err != nil {
				t.Fatal(err)
			}
		}
		set(kaba, people.StatusInput{Status: "stopped", Reason: "health", EffectiveOn: "2026-04-01"})
		set(kaca, people.StatusInput{Status: "finished", Outflow: "childcare_work", EffectiveOn: "2026-05-20"})

		split := func(f harvest.AggregateFilter) ([]harvest.CursistStatusCount, harvest.Aggregates) {
			t.Helper()
			ag, err := harvest.Aggregate(ctx, d, w.sc["mentor@a"], a, f)
			if err != nil {
				t.Fatal(err)
			}
			var outcomes, cursists int64
			for _, r := range ag.ByCursistStatus {
				outcomes += r.Outcomes
				cursists += r.Cursists
			}
			if outcomes != ag.Total || cursists != ag.Cursists {
				t.Errorf("%+v: split adds up to %d outcomes and %d cursists, want the totals %d and %d: %+v", f, outcomes, cursists, ag.Total, ag.Cursists, ag.ByCursistStatus)
			}
			return ag.ByCursistStatus, ag
		}
		want := func(f harvest.AggregateFilter, total, cursists int64, rows ...harvest.CursistStatusCount) {
			t.Helper()
			got, ag := split(f)
			if ag.Total != total || ag.Cursists != cursists {
				t.Errorf("%+v: totals %d outcomes, %d cursists; want %d, %d", f, ag.Total, ag.Cursists, total, cursists)
			}
			if len(got) != len(rows) {
				t.Fatalf("%+v: split = %+v, want %+v", f, got, rows)
			}
			for i := range rows {
				if got[i] != rows[i] {
					t.Errorf("%+v: row %d = %+v, want %+v", f, i, got[i], rows[i])
				}
			}
		}
		type row = harvest.CursistStatusCount
		want(harvest.AggregateFilter{}, 5, 3,
			row{Status: "in_training", Cursists: 1, Outcomes: 2},
			row{Status: "stopped", Detail: "health", Cursists: 1, Outcomes: 1},
			row{Status: "finished", Detail: "childcare_work", Cursists: 1},
			row{Outcomes: 2})
		want(harvest.AggregateFilter{Group: "Groep A"}, 5, 2,
			row{Status: "in_training", Cursists: 1, Outcomes: 2},
			row{Status: "stopped", Detail: "health", Cursists: 1, Outcomes: 1},
			row{Outcomes: 2})
		want(harvest.AggregateFilter{RoundID: 2}, 1, 3,
			row{Status: "in_training", Cursists: 1, Outcomes: 1},
			row{Status: "stopped", Detail: "health", Cursists: 1},
			row{Status: "finished", Detail: "childcare_work", Cursists: 1})

		// A change entered late with an earlier date joins the history but does not
		// overrule the newer one; a newer one moves the cursist's outcomes along.
		set(kaba, people.StatusInput{Status: "paused", EffectiveOn: "2026-03-15"})
		set(kaaa, people.StatusInput{Status: "paused", EffectiveOn: "2026-05-01"})
		// The excluded outcome counts again once it is back in review.
		if _, err := harvest.Update(ctx, d, sc, uid, excluded.ID, harvest.Change{Status: ptr("new")}); err != nil {
			t.Fatal(err)
		}
		want(harvest.AggregateFilter{}, 6, 3,
			row{Status: "paused", Cursists: 1, Outcomes: 2},
			row{Status: "stopped", Detail: "health", Cursists: 1, Outcomes: 1},
			row{Status: "finished", Detail: "childcare_work", Cursists: 1, Outcomes: 1},
			row{Outcomes: 2})

		// An erased cursist's outcomes stay in the total, under "no cursist known".
		if err := d.Tx(ctx, func(tx *db.DB) error { return people.DeleteCursist(ctx, tx, a, kaba.ID) }); err != nil {
			t.Fatal(err)
		}
		want(harvest.AggregateFilter{}, 6, 2,
			row{Status: "paused", Cursists: 1, Outcomes: 2},
			row{Status: "finished", Detail: "childcare_work", Cursists: 1, Outcomes: 1},
			row{Outcomes: 3})
	})
}
