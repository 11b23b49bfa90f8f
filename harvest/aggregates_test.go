package harvest_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
)

// seedFixed makes the fixed data set whose aggregates are worked out by hand below.
//
//	A, round 1 (March):  o1 Groep A positive [training guidance] {self_confidence language_level}
//	                     o2 Groep A negative [training]          {language_level}
//	                     o3 Groep B both     [workplace]         {well_being}
//	                     o4 Groep B positive []                  {language_level} then excluded
//	A, round 2 (April):  o5 Groep A positive [training]          {self_confidence}
//	                     o6 Groep A positive [guidance aftercare] {} (stays new)
//	A, no round (May):   o7 observation, Groep A negative [workplace] {work_attitude}
//	B, round 3:          o8 positive {self_confidence}
func seedFixed(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	d := w.d
	sc, uid := w.as("coordinator@a")
	mar, apr := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), time.Date(2026, 4, 10, 9, 0, 0, 0, time.UTC)
	code := func(id int64, keys ...string) {
		var ids []int64
		for _, k := range keys {
			ids = append(ids, presetID(t, d, k))
		}
		if _, err := harvest.Update(ctx, d, sc, uid, id, harvest.Change{CodeIDs: &ids}); err != nil {
			t.Fatal(err)
		}
	}
	a := w.fix.A.ID
	o1 := w.reflect(t, a, 1, 1, "Ronde 1", "Groep A", "positive", []string{"training", "guidance"}, mar)
	code(o1.ID, "self_confidence", "language_level")
	o2 := w.reflect(t, a, 2, 1, "Ronde 1", "Groep A", "negative", []string{"training"}, mar.Add(time.Hour))
	code(o2.ID, "language_level")
	o3 := w.reflect(t, a, 3, 1, "Ronde 1", "Groep B", "both", []string{"workplace"}, mar.Add(2*time.Hour))
	code(o3.ID, "well_being")
	o4 := w.reflect(t, a, 4, 1, "Ronde 1", "Groep B", "positive", nil, mar.Add(3*time.Hour))
	code(o4.ID, "language_level")
	if _, err := harvest.Update(ctx, d, sc, uid, o4.ID, harvest.Change{Status: ptr("excluded"), Reason: ptr("dubbel")}); err != nil {
		t.Fatal(err)
	}
	o5 := w.reflect(t, a, 5, 2, "Ronde 2", "Groep A", "positive", []string{"training"}, apr)
	code(o5.ID, "self_confidence")
	w.reflect(t, a, 6, 2, "Ronde 2", "Groep A", "positive", []string{"guidance", "aftercare"}, apr.Add(time.Hour))
	o7, err := harvest.RecordOther(ctx, d, sc, uid, harvest.OtherInput{PartnershipID: a, Source: "observation", SourceDetail: "mentor",
		GroupName: "Groep A", Change: "komt op tijd", Sign: "negative", Blocks: []string{"workplace"}, OccurredAt: time.Date(2026, 5, 3, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	code(o7.ID, "work_attitude")
	o8 := w.reflect(t, w.fix.B.ID, 8, 3, "Ronde B", "Groep A", "positive", nil, apr)
	if _, err := harvest.Update(ctx, d, w.sc["coordinator@b"], w.fix.Users["coordinator@b"].ID, o8.ID, harvest.Change{CodeIDs: &[]int64{presetID(t, d, "self_confidence")}}); err != nil {
		t.Fatal(err)
	}
}

func TestAggregatesMatchHandComputed(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		seedFixed(t, w)
		ag, err := harvest.Aggregate(ctx, d, w.sc["mentor@a"], w.fix.A.ID, harvest.AggregateFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if ag.Total != 6 {
			t.Errorf("total = %d, want 6", ag.Total)
		}
		eq := func(name string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s:\n got  %+v\n want %+v", name, got, want)
			}
		}
		eq("by sign", ag.BySign, []harvest.SignCount{{"both", 1}, {"negative", 2}, {"positive", 3}})
		eq("by status", ag.ByStatus, []harvest.KeyCount{{"coded", 5}, {"new", 1}})
		eq("by block", ag.ByBlock, []harvest.KeyCount{{"training", 3}, {"guidance", 2}, {"workplace", 2}, {"aftercare", 1}})
		eq("by group", ag.ByGroup, []harvest.KeyCount{{"Groep A", 5}, {"Groep B", 1}})
		eq("by round", ag.ByRound, []harvest.RoundCount{{1, "Ronde 1", 3, 3, 0}, {2, "Ronde 2", 2, 2, 0}})
		eq("by period", ag.ByPeriod, []harvest.KeyCount{{"2026-03", 3}, {"2026-04", 2}, {"2026-05", 1}})
		eq("trend", ag.Trend, []harvest.RoundSignCount{{1, "Ronde 1", "both", 1}, {1, "Ronde 1", "negative", 1}, {1, "Ronde 1", "positive", 1}, {2, "Ronde 2", "positive", 2}})
		type cc struct {
			Key                           string
			Pos, Neg, Both, Unsigned, Tot int64
		}
		var codes []cc
		for _, c := range ag.ByCode {
			codes = append(codes, cc{c.Key, c.Positive, c.Negative, c.Both, c.Unsigned, c.Total})
		}
		eq("by code × sign", codes, []cc{
			{"self_confidence", 2, 0, 0, 0, 2}, {"language_level", 1, 1, 0, 0, 2},
			{"work_attitude", 0, 1, 0, 0, 1}, {"well_being", 0, 0, 1, 0, 1},
		})
		r1, err := harvest.Aggregate(ctx, d, w.sc["partner@a"], w.fix.A.ID, harvest.AggregateFilter{RoundID: 1})
		if err != nil || r1.Total != 3 || len(r1.ByRound) != 1 {
			t.Errorf("round 1 only: %+v %v", r1, err)
		}
		gb, _ := harvest.Aggregate(ctx, d, w.sc["partner@a"], w.fix.A.ID, harvest.AggregateFilter{Group: "Groep B"})
		eq("group B signs", gb.BySign, []harvest.SignCount{{"both", 1}})
		if _, err := harvest.Aggregate(ctx, d, w.sc["coordinator@a"], w.fix.B.ID, harvest.AggregateFilter{}); err == nil {
			t.Error("A's coordinator aggregates B")
		}
		// Cross-partnership view.
		cmp, err := harvest.Compare(ctx, d, w.sc["coordinator@a"])
		if err != nil || len(cmp.Partnerships) != 1 {
			t.Fatalf("compare as coordinator@a: %+v %v", cmp, err)
		}
		pa := cmp.Partnerships[0]
		if pa.Total != 6 || pa.Positive != 3 || pa.Negative != 2 || pa.Both != 1 || pa.Responses != 5 {
			t.Errorf("A totals: %+v", pa)
		}
		wantCodes := map[int64]int64{presetID(t, d, "self_confidence"): 2, presetID(t, d, "language_level"): 2, presetID(t, d, "well_being"): 1, presetID(t, d, "work_attitude"): 1}
		eq("A codes", pa.Codes, wantCodes)
		eq("A blocks", pa.Blocks, map[string]int64{"training": 3, "guidance": 2, "workplace": 2, "aftercare": 1})
		eq("A statuses", pa.Statuses, map[string]int64{"coded": 5, "new": 1})
		if len(cmp.Blocks) != len(harvest.Blocks) || slices.Contains(cmp.Statuses, harvest.StatusExcluded) || len(cmp.Statuses) != 4 {
			t.Errorf("compared blocks %v, statuses %v", cmp.Blocks, cmp.Statuses)
		}
		adm, err := harvest.Compare(ctx, d, w.sc["admin"])
		if err != nil || len(adm.Partnerships) != 2 {
			t.Fatalf("compare as admin: %+v %v", adm, err)
		}
		pb := adm.Partnerships[1]
		if pb.Name != "Partnership B" || pb.Total != 1 || pb.Positive != 1 || pb.Responses != 1 || pb.Codes[presetID(t, d, "self_confidence")] != 1 ||
			len(pb.Blocks) != 0 || pb.Statuses["coded"] != 1 || len(pb.Statuses) != 1 {
			t.Errorf("B totals: %+v", pb)
		}
		if len(adm.Codes) != 10 {
			t.Errorf("compared codes = %d, want the 10 presets", len(adm.Codes))
		}
	})
}
