package demo

import (
	"context"
	"testing"

	"oogst/db"
	"oogst/harvest"
)

// TestDemoTranslations: Gent's foreign stories have checked human translations and one
// Arabic story an unchecked machine draft; Brussels works in Dutch and French; a second
// load adds nothing.
func TestDemoTranslations(t *testing.T) {
	t.Parallel()
	DemoSeed.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var human, machine, fr int64
		d.Q(ctx).Model(&harvest.Translation{}).Where("origin = 'human' AND checked_at IS NOT NULL").Count(&human)
		d.Q(ctx).Model(&harvest.Translation{}).Where("origin = 'machine' AND checked_at IS NULL").Count(&machine)
		d.Q(ctx).Model(&harvest.Translation{}).Where("lang = 'fr'").Count(&fr)
		if human < 4 || machine != 1 || fr < 1 {
			t.Fatalf("human %d machine %d french %d", human, machine, fr)
		}
		var draft harvest.Translation
		d.Q(ctx).Where("origin = 'machine'").Take(&draft)
		var o harvest.Outcome
		d.Q(ctx).Where("id = ?", draft.OutcomeID).Take(&o)
		if o.Language != "ar" || draft.Lang != "nl" || draft.ChangeText == "" {
			t.Fatalf("draft %+v on outcome in %s", draft, o.Language)
		}
		var wl harvest.WorkingLanguages
		d.Q(ctx).Where("languages = ?", "nl,fr").Take(&wl)
		if wl.PartnershipID == 0 {
			t.Fatal("no partnership works in Dutch and French")
		}
		n, _, err := loadTranslations(ctx, d)
		if err != nil || n != 0 {
			t.Fatalf("second run created %d (%v)", n, err)
		}
	})
}
