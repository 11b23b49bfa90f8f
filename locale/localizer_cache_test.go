package locale_test

import (
	"sync"
	"testing"

	"oogst/frontend"
	"oogst/locale"
)

// A request must not pay for building a localizer: each language's is built once, at
// load, and shared (go-i18n's Localizer only reads its bundle and tags).
func TestLocalizerIsBuiltOncePerLanguage(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range locale.Languages {
		if b.Localizer(lang.Tag) != b.Localizer(lang.Tag) {
			t.Errorf("%s: two calls gave two localizers", lang.Tag)
		}
		if got := b.Localizer(lang.Tag).Lang; got != lang.Tag {
			t.Errorf("%s: localizer speaks %q", lang.Tag, got)
		}
	}
	if got := b.Localizer("xx").Lang; got != locale.Default {
		t.Errorf("unshipped language: got %q, want %q", got, locale.Default)
	}
	if allocs := testing.AllocsPerRun(100, func() { b.Localizer("fr") }); allocs != 0 {
		t.Errorf("taking a localizer allocates %v times, want 0", allocs)
	}
}

// Shared localizers translate correctly from many goroutines at once (run with -race).
func TestLocalizerConcurrentUse(t *testing.T) {
	b, err := locale.Load(frontend.Locales())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, lang := range locale.Languages {
		want[lang.Tag] = b.Localizer(lang.Tag).N("tablet.outbox_count", 3)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				for _, lang := range locale.Languages {
					if got := b.Localizer(lang.Tag).N("tablet.outbox_count", 3); got != want[lang.Tag] {
						t.Errorf("%s: got %q, want %q", lang.Tag, got, want[lang.Tag])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
