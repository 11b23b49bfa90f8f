package survey_test

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/locale"
	"oogst/survey"
)

// Changing a question's Dutch text makes its confirmed translations "to be checked";
// changing only Arabic leaves French confirmed.
func TestDutchEditMakesTranslationsStale(t *testing.T) {
	t.Parallel()
	eachWorld(t, func(t *testing.T, ctx context.Context, d *db.DB, w *world) {
		f := w.form(t, "Drie talen")
		_, err := survey.EditForm(ctx, d, w.sc, f.ID, w.now, func(def *survey.Definition) error {
			def.Languages = []string{"nl", "fr", "ar"}
			def.Questions = append(def.Questions, survey.Question{ID: "q1", Type: survey.ShortText,
				Text: locale.Text{"nl": "Waar loop je stage?", "fr": "Où fais-tu ton stage ?", "ar": "أين تتدرب؟"}})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []string{"fr", "ar"} {
			if err := survey.ConfirmTranslation(ctx, d, w.sc, f.ID, l, w.now); err != nil {
				t.Fatal(err)
			}
		}
		checks := func() map[string]bool {
			form, def, err := survey.GetForm(ctx, d, w.sc, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			c, err := survey.TranslationChecks(ctx, d, form, def)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		edit := func(lang, text string) {
			_, def, err := survey.GetForm(ctx, d, w.sc, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := def.Question("q1")
			q.Text[lang] = text
			if err := survey.SaveQuestion(ctx, d, w.sc, f.ID, *q, w.now); err != nil {
				t.Fatal(err)
			}
		}
		edit("ar", "أين تقوم بالتدريب؟")
		if c := checks(); !c["fr"] || c["ar"] {
			t.Errorf("after an Arabic edit: %v, want fr still checked, ar to be checked", c)
		}
		if err := survey.ConfirmTranslation(ctx, d, w.sc, f.ID, "ar", w.now); err != nil {
			t.Fatal(err)
		}
		edit("nl", "Bij welke werkgever loop je stage?")
		if c := checks(); c["fr"] || c["ar"] || !c["nl"] {
			t.Errorf("after a Dutch edit: %v, want fr and ar to be checked", c)
		}
	})
}
