package survey_test

import (
	"context"
	"fmt"
	"testing"

	"oogst/apperr"
	"oogst/db"
	"oogst/db/dbtest"
	"oogst/locale"
	"oogst/survey"
)

// TestEditFormVersionCheck: a question saved from an older copy of it is refused and
// changes nothing, another question from the same old page is not; of concurrent
// settings saves from one version exactly one wins.
func TestEditFormVersionCheck(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f := w.form(t, "Versies")
		def, err := survey.EditForm(ctx, d, w.sc, f.ID, w.now, func(def *survey.Definition) error {
			def.Questions = append(def.Questions,
				survey.Question{ID: "q1", Type: survey.ShortText, Text: locale.Text{"nl": "Eerste"}},
				survey.Question{ID: "q2", Type: survey.ShortText, Text: locale.Text{"nl": "Tweede"}})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		q1, _ := def.Question("q1")
		q2, _ := def.Question("q2")
		h1, h2 := survey.QuestionHash(*q1), survey.QuestionHash(*q2)
		setText := func(id, text string) func(*survey.Definition) error {
			return func(def *survey.Definition) error {
				q, _ := def.Question(id)
				q.Text["nl"] = text
				return nil
			}
		}
		if _, err := survey.EditFormFrom(ctx, d, w.sc, f.ID, survey.EditBase{Question: "q1", Hash: h1}, w.now, setText("q1", "Eerste, door A")); err != nil {
			t.Fatal(err)
		}
		if _, err := survey.EditFormFrom(ctx, d, w.sc, f.ID, survey.EditBase{Question: "q1", Hash: h1}, w.now, setText("q1", "Eerste, door B")); !apperr.IsStale(err) {
			t.Fatalf("stale question save: %v, want stale", err)
		}
		if _, err := survey.EditFormFrom(ctx, d, w.sc, f.ID, survey.EditBase{Question: "q2", Hash: h2}, w.now, setText("q2", "Tweede, door B")); err != nil {
			t.Fatalf("another question from the same old page: %v", err)
		}
		cur, def, err := survey.GetForm(ctx, d, w.sc, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if q, _ := def.Question("q1"); q.Text["nl"] != "Eerste, door A" {
			t.Fatalf("q1 = %q after a refused save", q.Text["nl"])
		}
		if cur.UpdatedBy == nil || *cur.UpdatedBy != w.sc.UserID {
			t.Fatalf("updated_by = %v", cur.UpdatedBy)
		}
		const n = 4
		won := dbtest.OneWins(t, n, func(i int) error {
			_, err := survey.EditFormFrom(ctx, d, w.sc, f.ID, survey.EditBase{Version: cur.EditVersion}, w.now, func(def *survey.Definition) error {
				def.Title["nl"] = fmt.Sprintf("Titel %d", i)
				return nil
			})
			return err
		})
		after, def, err := survey.GetForm(ctx, d, w.sc, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.EditVersion != cur.EditVersion+1 || def.Title["nl"] != fmt.Sprintf("Titel %d", won) {
			t.Fatalf("after the race: version %d (want %d), title %q (want Titel %d)", after.EditVersion, cur.EditVersion+1, def.Title["nl"], won)
		}
	})
}
