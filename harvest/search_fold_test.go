package harvest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"oogst/db"
	"oogst/harvest"
)

// Search folds case by the same rule on both databases, beyond ASCII.
func TestSearchFoldsCaseForEveryScript(t *testing.T) {
	t.Parallel()
	texts := []string{
		"Mijn ЇЖАК leest mee",               // 0 Ukrainian upper
		"Ayşe spreekt nu met de juf",        // 1 Turkish
		"ЄВРОПА: нова школа",                // 2 Ukrainian Є
		"ISTANBUL is ver weg",               // 3 Turkish dotless capital I
		"أنا أتكلم الهولندية الآن",          // 4 Arabic
		"İzmir en ıspanak",                  // 5 Turkish dotted capital İ and dotless ı
		"Plain ascii text about the SCHOOL", // 6 ASCII
	}
	queries := map[string][]int{
		"їжак":      {0},
		"AYŞE":      {1},
		"ayşe":      {1},
		"європа":    {2},
		"istanbul":  {3},
		"İSTANBUL":  {3},
		"izmir":     {5},
		"ISPANAK":   {5},
		"الهولندية": {4},
		"school":    {6},
		"ayse":      {}, // ş is a letter of its own, not s
	}
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		ids := make([]int64, len(texts))
		for i, txt := range texts {
			o, err := harvest.CreateFromReflection(ctx, d, harvest.ReflectionInput{
				ResponseID: int64(500 + i), PartnershipID: w.fix.A.ID, GroupName: "G", Language: "tr",
				Change: txt, Significance: "-", Sign: "positive", SubmittedAt: at,
			})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = o.ID
		}
		// The meeting agenda picker searches the same way.
		sc := w.sc["coordinator@a"]
		m, err := harvest.CreateMeeting(ctx, d, sc, w.fix.Users["coordinator@a"].ID, harvest.MeetingInput{
			PartnershipID: w.fix.A.ID, Title: "Mei", HeldAt: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range queries {
			p, err := harvest.List(ctx, d, sc, harvest.Filter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			var got, picked, exp []int64
			for _, o := range p.Items {
				got = append(got, o.ID)
			}
			found, err := harvest.SearchAgendaCandidates(ctx, d, sc, m.ID, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range found {
				picked = append(picked, c.ID)
			}
			for _, i := range want {
				exp = append(exp, ids[i])
			}
			slices.Sort(got)
			slices.Sort(picked)
			if !slices.Equal(got, exp) {
				t.Errorf("%s: search %q = %v, want %v", d.Dialect, q, got, exp)
			}
			if !slices.Equal(picked, exp) {
				t.Errorf("%s: agenda search %q = %v, want %v", d.Dialect, q, picked, exp)
			}
		}
	})
}
