package locale_test

import (
	"testing"

	"oogst/frontend"
	"oogst/locale"
)

// BenchmarkLocalizerPerRequest is what the locale middleware does on every request:
// take the request language's localizer and translate one message with it.
// Run: go test ./locale -run '^$' -bench LocalizerPerRequest -benchmem
func BenchmarkLocalizerPerRequest(b *testing.B) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		l := bundle.Localizer("fr")
		if l.T("submit.consent_default") == "" {
			b.Fatal("empty translation")
		}
	}
}

// BenchmarkLocalizerOnly isolates taking the localizer, which a request does once or
// twice (the submission route switches to the cursist's language).
func BenchmarkLocalizerOnly(b *testing.B) {
	bundle, err := locale.Load(frontend.Locales())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if bundle.Localizer("ar").Lang != "ar" {
			b.Fatal("wrong language")
		}
	}
}
