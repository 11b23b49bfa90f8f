package harvest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"oogst/apperr"
	"oogst/db"
	"oogst/harvest"
)

// answers gives outcome id requests for substantiation, one per agreement ("" is a
// request nobody answered yet).
func answers(t *testing.T, d *db.DB, pid, outcomeID int64, agreements ...string) {
	t.Helper()
	for i, a := range agreements {
		s := harvest.Substantiation{OutcomeID: outcomeID, PartnershipID: pid, Name: "Mentor", TokenHash: fmt.Sprintf("h-%d-%d", outcomeID, i),
			CreatedAt: time.Now().UTC(), ExpiresAt: time.Now().UTC().Add(time.Hour), Agreement: a, Language: "nl"}
		if a != "" {
			now := time.Now().UTC()
			s.AnsweredAt = &now
		}
		if err := d.Q(context.Background()).Create(&s).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// TestInboxViewFilters (#17): the building block, substantiation state and month
// filters each pick exactly their outcomes, combine with each other and the older
// filters, stay within the caller's partnerships, and page by keyset without losing or
// repeating an outcome.
func TestInboxViewFilters(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a, b := w.fix.A.ID, w.fix.B.ID
		at := func(m time.Month, day, hour int) time.Time { return time.Date(2026, m, day, hour, 30, 0, 0, time.UTC) }
		mk := func(pid, resp int64, blocks []string, when time.Time, lang string) int64 {
			o := w.reflect(t, pid, resp, 1, "Ronde 1", "Groep A", "positive", blocks, when)
			if err := d.Q(ctx).Model(&harvest.Outcome{}).Where("id = ?", o.ID).Update("language", lang).Error; err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		// January's last half hour and March's first count in their own months (UTC).
		o1 := mk(a, 1, []string{"training"}, at(time.January, 31, 23), "fr")
		o2 := mk(a, 2, []string{"training", "guidance"}, at(time.February, 1, 0), "ar")
		o3 := mk(a, 3, []string{"workplace"}, at(time.February, 10, 9), "ar")
		o4 := mk(a, 4, []string{"training"}, at(time.February, 11, 9), "fr")
		o5 := mk(a, 5, []string{"training"}, at(time.March, 1, 0), "ar")
		o6 := mk(a, 6, []string{"training"}, at(time.February, 28, 23), "ar")
		o7 := mk(a, 7, nil, at(time.February, 12, 9), "ar")
		other := mk(b, 8, []string{"training"}, at(time.February, 11, 10), "ar")
		answers(t, d, a, o2, "")                   // asked, no answer: requested
		answers(t, d, a, o3, "agree", "")          // one agrees: agreed
		answers(t, d, a, o4, "agree", "partly")    // partly outweighs agree
		answers(t, d, a, o5, "partly", "disagree") // disagree outweighs all
		answers(t, d, a, o6, "dont_know")          // "don't know" settles nothing: requested
		answers(t, d, b, other, "agree")

		sc := w.sc["coordinator@a"]
		ids := func(f harvest.Filter) []int64 {
			t.Helper()
			p, err := harvest.List(ctx, d, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, o := range p.Items {
				out = append(out, o.ID)
			}
			if int(p.Total) != len(out) {
				t.Errorf("%+v: total %d for %d items", f, p.Total, len(out))
			}
			return out
		}
		cases := []struct {
			name string
			f    harvest.Filter
			want []int64 // newest first
		}{
			{"block training", harvest.Filter{Block: "training"}, []int64{o5, o6, o4, o2, o1}},
			{"block guidance", harvest.Filter{Block: "guidance"}, []int64{o2}},
			{"block aftercare", harvest.Filter{Block: "aftercare"}, []int64{}},
			{"subst none", harvest.Filter{Subst: "none"}, []int64{o7, o1}},
			{"subst requested", harvest.Filter{Subst: "requested"}, []int64{o6, o2}},
			{"subst agreed", harvest.Filter{Subst: "agreed"}, []int64{o3}},
			{"subst partly", harvest.Filter{Subst: "partly"}, []int64{o4}},
			{"subst disagreed", harvest.Filter{Subst: "disagreed"}, []int64{o5}},
			{"subst unknown", harvest.Filter{Subst: "maybe"}, []int64{}},
			{"month January", harvest.Filter{Month: "2026-01"}, []int64{o1}},
			{"month February", harvest.Filter{Month: "2026-02"}, []int64{o6, o7, o4, o3, o2}},
			{"month March", harvest.Filter{Month: "2026-03"}, []int64{o5}},
			{"month garbage", harvest.Filter{Month: "2026-2"}, []int64{}},
			{"language", harvest.Filter{Language: "fr"}, []int64{o4, o1}},
			{"block and month", harvest.Filter{Block: "training", Month: "2026-02"}, []int64{o6, o4, o2}},
			{"block, month, language", harvest.Filter{Block: "training", Month: "2026-02", Language: "ar"}, []int64{o6, o2}},
			{"subst and block", harvest.Filter{Subst: "requested", Block: "guidance"}, []int64{o2}},
			{"subst and partnership", harvest.Filter{Subst: "agreed", PartnershipID: a}, []int64{o3}},
		}
		for _, c := range cases {
			if got := ids(c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		// B's coordinator sees B's agreed outcome only.
		if p, err := harvest.List(ctx, d, w.sc["coordinator@b"], harvest.Filter{Subst: "agreed", Month: "2026-02"}); err != nil || len(p.Items) != 1 || p.Items[0].ID != other {
			t.Errorf("B agreed: %+v %v", p.Items, err)
		}

		// Paging by keyset, two at a time, older then back newer, keeps the filter.
		f := harvest.Filter{Block: "training", Month: "2026-02", PerPage: 1}
		want := []int64{o6, o4, o2}
		var seen []int64
		p, err := harvest.List(ctx, d, sc, f)
		for err == nil {
			for _, o := range p.Items {
				seen = append(seen, o.ID)
			}
			if p.Older == nil {
				break
			}
			f.Before = p.Older
			p, err = harvest.List(ctx, d, sc, f)
		}
		if err != nil || !slices.Equal(seen, want) {
			t.Fatalf("older pages: %v %v, want %v", seen, err, want)
		}
		f.Before, f.After = nil, p.Newer
		if p, err = harvest.List(ctx, d, sc, f); err != nil || len(p.Items) != 1 || p.Items[0].ID != o4 {
			t.Fatalf("newer page: %+v %v", p.Items, err)
		}
		// Exports and "next in the list" use the same filter.
		var exported []int64
		if err := harvest.Each(ctx, d, sc, harvest.Filter{Subst: "requested"}, func(o harvest.Outcome) error { exported = append(exported, o.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(exported, []int64{o2, o6}) {
			t.Errorf("export of requested: %v", exported)
		}
		if next, err := harvest.Follows(ctx, d, sc, harvest.Filter{Block: "training", Month: "2026-02"}, o6); err != nil || next != o4 {
			t.Errorf("follows o6: %d %v, want %d", next, err, o4)
		}
	})
}

// TestSavedViews (#17): a private view is its owner's alone, a shared one every member
// of its partnership may open; another partnership's view is not found; only the owner
// renames, and a coordinator may also delete a shared view (not a private one).
func TestSavedViews(t *testing.T) {
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		a := w.fix.A.ID
		mine, err := harvest.SaveView(ctx, d, w.sc["partner@a"], a, " Negatief in maart ", "sign=negative&month=2026-03", false)
		if err != nil || mine.Name != "Negatief in maart" || mine.Shared || mine.OwnerID != w.fix.Users["partner@a"].ID {
			t.Fatalf("save private: %+v %v", mine, err)
		}
		shared, err := harvest.SaveView(ctx, d, w.sc["partner@a"], a, "Opleiding", "block=training", true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.SaveView(ctx, d, w.sc["partner@a"], a, "  ", "x", true); !apperr.Is(err, apperr.KindInvalid) {
			t.Errorf("empty name: %v", err)
		}
		if _, err := harvest.SaveView(ctx, d, w.sc["partner@a"], w.fix.B.ID, "B", "x", true); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("save in another partnership: %v", err)
		}
		bView, err := harvest.SaveView(ctx, d, w.sc["coordinator@b"], w.fix.B.ID, "Van B", "x", true)
		if err != nil {
			t.Fatal(err)
		}
		names := func(who string) []string {
			list, err := harvest.SavedViews(ctx, d, w.sc[who], 0)
			if err != nil {
				t.Fatal(err)
			}
			out := []string{}
			for _, v := range list {
				out = append(out, v.Name+"/"+v.OwnerName)
			}
			return out
		}
		owner := w.fix.Users["partner@a"].Name
		if got := names("partner@a"); !slices.Equal(got, []string{"Negatief in maart/" + owner, "Opleiding/" + owner}) {
			t.Errorf("partner's list: %v", got)
		}
		for _, who := range []string{"coordinator@a", "mentor@a"} {
			if got := names(who); !slices.Equal(got, []string{"Opleiding/" + owner}) {
				t.Errorf("%s's list: %v", who, got)
			}
		}
		if got := names("coordinator@b"); !slices.Equal(got, []string{"Van B/" + w.fix.Users["coordinator@b"].Name}) {
			t.Errorf("B's list: %v", got)
		}
		if got := names("admin"); len(got) != 0 {
			t.Errorf("admin's list: %v", got)
		}
		open := func(who string, id int64) error { _, err := harvest.GetView(ctx, d, w.sc[who], id); return err }
		for _, c := range []struct {
			who   string
			id    int64
			opens bool // else not found
		}{
			{"partner@a", mine.ID, true}, {"coordinator@a", mine.ID, false}, {"mentor@a", shared.ID, true},
			{"coordinator@b", shared.ID, false}, {"coordinator@b", mine.ID, false},
			{"partner@a", bView.ID, false}, {"admin", shared.ID, false},
		} {
			err := open(c.who, c.id)
			if (c.opens && err != nil) || (!c.opens && !apperr.Is(err, apperr.KindNotFound)) {
				t.Errorf("%s opens %d: %v, want opens=%v", c.who, c.id, err, c.opens)
			}
		}
		if _, err := harvest.RenameView(ctx, d, w.sc["coordinator@a"], shared.ID, "Mijn naam", true); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("coordinator renames another's view: %v", err)
		}
		if v, err := harvest.RenameView(ctx, d, w.sc["partner@a"], mine.ID, "Maart, negatief", true); err != nil || v.Name != "Maart, negatief" || !v.Shared || v.Query != "sign=negative&month=2026-03" {
			t.Errorf("owner renames and shares: %+v %v", v, err)
		}
		if err := open("coordinator@a", mine.ID); err != nil {
			t.Errorf("shared after rename, coordinator opens: %v", err)
		}
		if err := harvest.DeleteView(ctx, d, w.sc["mentor@a"], shared.ID); !apperr.Is(err, apperr.KindForbidden) {
			t.Errorf("mentor deletes a shared view: %v", err)
		}
		if err := harvest.DeleteView(ctx, d, w.sc["coordinator@a"], shared.ID); err != nil {
			t.Errorf("coordinator deletes a shared view: %v", err)
		}
		if err := open("partner@a", shared.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("deleted view: %v", err)
		}
		private, _ := harvest.SaveView(ctx, d, w.sc["partner@a"], a, "Privé", "x", false)
		if err := harvest.DeleteView(ctx, d, w.sc["coordinator@a"], private.ID); !apperr.Is(err, apperr.KindNotFound) {
			t.Errorf("coordinator deletes a private view: %v", err)
		}
		if err := harvest.DeleteView(ctx, d, w.sc["partner@a"], private.ID); err != nil {
			t.Errorf("owner deletes: %v", err)
		}
	})
}
